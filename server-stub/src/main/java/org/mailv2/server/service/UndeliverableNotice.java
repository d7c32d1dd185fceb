package org.mailv2.server.service;

import java.io.IOException;
import org.mailv2.server.store.QueuedDelivery;

/** Tells a sender that a queued copy will not be delivered. */
@FunctionalInterface
public interface UndeliverableNotice {
    /** @throws IOException when the notice cannot be stored; the relay tries again later */
    void undeliverable(QueuedDelivery item, String reason) throws IOException;
}
