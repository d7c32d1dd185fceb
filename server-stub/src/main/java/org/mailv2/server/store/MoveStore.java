package org.mailv2.server.store;

import java.time.Instant;
import java.util.Optional;
import org.mailv2.protocol.digest.Sha256;

/**
 * Accounts that moved between servers: those that arrived here by a move, and those that left for another server.
 * Writes throw {@link UnknownAccountException} when the account is not hosted here.
 */
public interface MoveStore {
    /** An account registered here by a move: the successor record it registered with, not published by this server. */
    record Arrival(Sha256 account, Sha256 fromRoutingId, byte[] recordJson, Instant arrivedAt) {
        public Arrival {
            recordJson = recordJson.clone();
        }

        @Override
        public byte[] recordJson() {
            return recordJson.clone();
        }
    }

    /** An account that moved away: the record the resolver published for it when it said so. */
    record Departure(Sha256 account, Sha256 toRoutingId, long serial, byte[] recordJson, Instant movedAt) {
        public Departure {
            recordJson = recordJson.clone();
        }

        @Override
        public byte[] recordJson() {
            return recordJson.clone();
        }
    }

    /** @return false when the account has an arrival already (nothing changes) */
    boolean arrive(Arrival arrival);

    Optional<Arrival> arrival(Sha256 account);

    /**
     * Records the departure, or replaces an older one (a later move away, with a higher serial).
     *
     * @return false when a departure with this serial or a higher one is recorded already (nothing changes)
     */
    boolean depart(Departure departure);

    Optional<Departure> departure(Sha256 account);
}
