package org.mailv2.server.service;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.protocol.resolver.RecordRules;
import org.mailv2.protocol.resolver.Resolver;
import org.mailv2.server.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The address records of the accounts hosted here, as this server checks tokens and submissions against them.
 *
 * <p>A server that is its own resolver reads its records directly. A server with a remote resolver keeps a copy of
 * each account's record (taken at registration) and refreshes it: before a check when the copy was last compared
 * with the resolver more than {@code maxAge} ago, and at once when a check against it failed (at most every
 * {@code minRefreshGap} per account, so bad tokens cannot make it hammer the resolver). A fetched record replaces the
 * copy only if {@link RecordRules#checkAddress} accepts it as the copy's successor (same address, higher serial, a
 * new key signed by the current one), or, after several rotations, a {@link org.mailv2.protocol.resolver.KeyChain}
 * leads from the copy's key to the new one: a resolver can withhold an update, not swap a key. When the resolver cannot be
 * reached the copy stays in use.
 */
public final class AccountRecords {
    private static final Logger LOG = LoggerFactory.getLogger(AccountRecords.class);

    private final Database db;
    private final Resolver remote;
    private final RecordRules rules;
    private final Duration maxAge;
    private final Duration minRefreshGap;
    private final Clock clock;
    private final Map<Sha256, Instant> fetchedAt = new ConcurrentHashMap<>();
    private final Map<Sha256, Instant> refreshedAt = new ConcurrentHashMap<>();

    /**
     * @param remote the remote resolver whose records the server keeps copies of, or null when this server is its
     *               own resolver (its records are the resolver's)
     */
    public AccountRecords(Database db, Resolver remote, RecordRules rules, Duration maxAge, Duration minRefreshGap,
                          Clock clock) {
        this.db = db;
        this.remote = remote;
        this.rules = rules;
        this.maxAge = maxAge;
        this.minRefreshGap = minRefreshGap;
        this.clock = clock;
    }

    /** The account's current record: the copy here, compared with the remote resolver when it is old. */
    public Optional<AddressRecord> current(Sha256 account) {
        if (remote != null) {
            Instant last = fetchedAt.get(account);
            if (last == null || !clock.instant().isBefore(last.plus(maxAge))) {
                fetch(account);
            }
        }
        return db.records().address(account);
    }

    /**
     * A check against the current record failed: compare it with the remote resolver now, unless a failed check
     * did so less than {@code minRefreshGap} ago.
     *
     * @return true when the copy was replaced by a newer record
     */
    public boolean refresh(Sha256 account) {
        if (remote == null) {
            return false;
        }
        Instant now = clock.instant();
        Instant last = refreshedAt.get(account);
        if (last != null && now.isBefore(last.plus(minRefreshGap))) {
            return false;
        }
        refreshedAt.put(account, now);
        return fetch(account);
    }

    private boolean fetch(Sha256 account) {
        fetchedAt.put(account, clock.instant());
        AddressRecord fetched;
        try {
            fetched = remote.address(account).orElse(null);
        } catch (IOException | RuntimeException e) {
            LOG.warn("account records: the resolver did not answer ({}); using the copy here", e.toString());
            return false;
        }
        if (fetched == null) {
            return false;
        }
        AddressRecord before = db.records().address(account).orElse(null);
        java.util.List<org.mailv2.protocol.resolver.KeyChange> chain = java.util.List.of();
        if (before != null && !before.signingKey().equals(fetched.signingKey())
                && !before.signingKey().equals(fetched.previousSigningKey())) {
            // Rotated more than once since the copy was taken: the copy's key must lead to the new one.
            try {
                chain = remote.keyChanges(account);
            } catch (IOException | RuntimeException e) {
                LOG.warn("account records: the resolver's key history did not come ({}); kept the copy", e.toString());
                return false;
            }
        }
        java.util.List<org.mailv2.protocol.resolver.KeyChange> changes = chain;
        return db.inTransaction(() -> {
            AddressRecord copy = db.records().address(account).orElse(null);
            if (copy == null || fetched.serial() <= copy.serial()) {
                return false;
            }
            try {
                if (changes.isEmpty()) {
                    rules.checkAddress(copy, fetched, null);
                } else {
                    org.mailv2.protocol.resolver.KeyChain.walk(account, copy.signingKey(), copy.serial(), changes,
                            fetched);
                }
            } catch (ProtocolException e) {
                LOG.warn("account records: the resolver's record is no successor of the copy here ({}); kept the"
                        + " copy", e.code().wire());
                return false;
            }
            return db.records().putAddress(fetched, copy.serial());
        });
    }
}
