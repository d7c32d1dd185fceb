package org.mailv2.server.service;

import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.pow.Stamp;
import org.mailv2.protocol.pow.StampVerifier;
import org.mailv2.server.store.StampStore;

/** Spends verified stamps exactly once, by the store's unique constraint. */
final class Stamps {
    private Stamps() {
    }

    /** @throws ProtocolException {@code stamp_replayed} when the stamp was spent before */
    static void spend(StampStore store, Stamp stamp) {
        if (!store.spend(Sha256.hash(stamp.text()), StampVerifier.forgettableAfter(stamp))) {
            throw new ProtocolException(ErrorCode.STAMP_REPLAYED, "this stamp was spent before");
        }
    }
}
