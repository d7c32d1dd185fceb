package org.mailv2.server.service;

import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import org.mailv2.protocol.api.RegisterRequest;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.pow.StampVerifier;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.protocol.resolver.Resolver;
import org.mailv2.server.store.Account;
import org.mailv2.server.store.Database;

/**
 * Registers accounts: the first address record must route here and pay proof of work at this server's account
 * bits; invite-only servers also want an invitation. The record goes to the resolver (this server's own role, or a
 * remote resolver) and the account is created.
 */
public final class AccountService {
    /** Publishes a first address record to wherever the resolver is. */
    public interface RecordPublisher {
        void publishFirst(AddressRecord record, org.mailv2.protocol.pow.Stamp stamp) throws IOException;
    }

    private final Database db;
    private final org.mailv2.server.store.BlobStore blobs;
    private final Sha256 routingId;
    private final boolean inviteOnly;
    private final Invitations invitations;
    private final int accountBits;
    private final long quotaBytes;
    private final StampVerifier stamps;
    private final RecordPublisher publisher;
    private final boolean publisherIsLocal;
    private final Resolver resolver;
    private final Clock clock;

    public AccountService(Database db, org.mailv2.server.store.BlobStore blobs, Sha256 routingId, boolean inviteOnly, Invitations invitations, int accountBits,
                          long quotaBytes, RecordPublisher publisher, boolean publisherIsLocal, Resolver resolver,
                          Clock clock) {
        this.resolver = resolver;
        this.db = db;
        this.blobs = blobs;
        this.routingId = routingId;
        this.inviteOnly = inviteOnly;
        this.invitations = invitations;
        this.accountBits = accountBits;
        this.quotaBytes = quotaBytes;
        this.stamps = new StampVerifier(clock);
        this.publisher = publisher;
        this.publisherIsLocal = publisherIsLocal;
        this.clock = clock;
    }

    /**
     * With a remote resolver, the invitation and the stamp are spent only after the record was published (a
     * resolver failure burns neither; a retry of a publish whose answer was lost finds the record there and goes on).
     *
     * @throws ProtocolException {@code malformed} when the record routes elsewhere, {@code pow_required} /
     *     {@code pow_invalid} / {@code stamp_expired} / {@code stamp_replayed} for the stamp, {@code forbidden} for a
     *     missing invitation, {@code conflict} when the account exists, or the resolver's refusal
     * @throws IOException when a remote resolver cannot be reached
     */
    public void register(RegisterRequest request) throws IOException {
        AddressRecord record = request.record();
        if (record == null) {
            throw new ProtocolException(ErrorCode.MALFORMED, "registration needs a first address record");
        }
        if (request.stamp() == null) {
            throw new PowRequired(accountBits);
        }
        if (!record.routingId().matches(routingId)) {
            throw new ProtocolException(ErrorCode.MALFORMED, "the record routes to another server");
        }
        record.verifySelf();
        try {
            stamps.verify(request.stamp(), record.addressHash(), record.addressHash(), record.digest(), accountBits);
        } catch (ProtocolException e) {
            throw e.code() == ErrorCode.POW_REQUIRED ? new PowRequired(accountBits) : e;
        }
        if (db.accounts().find(record.addressHash()).isPresent()) {
            throw new ProtocolException(ErrorCode.CONFLICT, "this address is registered here already");
        }
        Account account = new Account(record.addressHash(), clock.instant(), quotaBytes);
        if (publisherIsLocal) {
            db.inTransaction(() -> {
                redeemInvitation(request);
                try {
                    publisher.publishFirst(record, request.stamp());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                createOrConflict(account);
                return null;
            });
        } else {
            if (inviteOnly) {
                invitations.check(request.invitation(), record.addressHash());
            }
            publishRemotely(record, request.stamp());
            db.inTransaction(() -> {
                redeemInvitation(request);
                Stamps.spend(db.stamps(), request.stamp());
                // Keep the own accounts' records here too: tokens are checked against them.
                db.records().putAddress(record, 0);
                createOrConflict(account);
                return null;
            });
        }
    }

    /** @throws ProtocolException {@code unauthorized} when the account is gone */
    public org.mailv2.protocol.api.AccountView describe(Sha256 account) {
        Account a = db.accounts().find(account)
                .orElseThrow(() -> new ProtocolException(ErrorCode.UNAUTHORIZED, "no such account"));
        return new org.mailv2.protocol.api.AccountView(a.addressHash(), a.createdAt(),
                Quotas.used(db, account), a.quotaBytes());
    }

    /**
     * Deletes the account with its mail, permits and queued deliveries, then their blobs. Its resolver record stays
     * (records are superseded, not removed); mail for it is refused here from now on.
     */
    public void delete(Sha256 account) throws IOException {
        if (!new AccountAdmin(db, blobs, clock).delete(account)) {
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, "no such account");
        }
    }

    /** Publishes at the remote resolver; a refusal of a record the resolver already holds as it is counts as done. */
    private void publishRemotely(AddressRecord record, org.mailv2.protocol.pow.Stamp stamp) throws IOException {
        try {
            publisher.publishFirst(record, stamp);
        } catch (ProtocolException e) {
            AddressRecord there = resolver.address(record.addressHash()).orElse(null);
            if (there == null || !Arrays.equals(there.toJson(), record.toJson())) {
                throw e;
            }
        }
    }

    private void redeemInvitation(RegisterRequest request) {
        if (inviteOnly) {
            invitations.redeem(request.invitation(), request.record().addressHash(), db.stamps());
        }
    }

    private void createOrConflict(Account account) {
        if (!db.accounts().create(account)) {
            throw new ProtocolException(ErrorCode.CONFLICT, "this address is registered here already");
        }
    }
}
