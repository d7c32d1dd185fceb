package org.mailv2.server.store;

import java.time.Instant;
import java.util.List;
import org.mailv2.protocol.digest.Sha256;

/** The public mailing lists this server publishes: one signed descriptor per list account. */
public interface DirectoryStore {
    /** Publishes or replaces the descriptor of the list whose account is {@code account}. */
    void publish(Sha256 account, byte[] descriptorJson, Instant at);

    /** @return false when the account published no list */
    boolean remove(Sha256 account);

    /** Whether the account publishes a list (the screener lets subscription requests to it through). */
    boolean publishes(Sha256 account);

    /** Every published descriptor, oldest update first. */
    List<byte[]> all();
}
