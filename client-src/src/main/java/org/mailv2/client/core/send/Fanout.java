package org.mailv2.client.core.send;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * How one send's copies go out when the caller keeps its own record of them (a list post's journal): as which
 * message, whether this send saves the Sent copy (a resumed send may have saved it already), and whom to tell of each
 * copy the moment it is settled — accepted by the own server, waiting in the local outbox, or refused at once. The
 * Sent copy is told too; its recipient is the sender.
 */
public record Fanout(MessageIdentity identity, boolean sentCopy, Consumer<Delivery> settled) {
    public Fanout {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(settled, "settled");
    }
}
