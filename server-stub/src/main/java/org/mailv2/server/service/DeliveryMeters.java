package org.mailv2.server.service;

import org.mailv2.protocol.error.ErrorCode;

/**
 * What delivery counts for the operator's metrics, without knowing where the counts go. {@link #NONE} counts nothing
 * (tests, and callers outside the running server).
 */
public interface DeliveryMeters {
    DeliveryMeters NONE = new DeliveryMeters() {
        @Override
        public void delivered(DeliveryService.Outcome outcome) {
        }

        @Override
        public void refused(ErrorCode code) {
        }

        @Override
        public void stampChecked(ErrorCode refusal) {
        }

        @Override
        public void permitChecked(ErrorCode refusal) {
        }
    };

    /** A copy was stored or recognised as a duplicate. */
    void delivered(DeliveryService.Outcome outcome);

    /** A delivery was refused with {@code code}. */
    void refused(ErrorCode code);

    /** A stamp was checked: {@code refusal} is null when it passed. */
    void stampChecked(ErrorCode refusal);

    /** A permit was checked: {@code refusal} is null when it passed. */
    void permitChecked(ErrorCode refusal);
}
