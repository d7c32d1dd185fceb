package org.mailv2.server.service;

import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import org.mailv2.protocol.api.MoveRequest;
import org.mailv2.protocol.api.MovedNotice;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.pow.StampVerifier;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.protocol.resolver.RecordRules;
import org.mailv2.protocol.resolver.Resolver;
import org.mailv2.server.store.Account;
import org.mailv2.server.store.Database;
import org.mailv2.server.store.MoveStore;

/**
 * Both ends of an account's move (protocol §7.6). The new server registers the account before the routing change is
 * published ({@link #arrive}); the old server learns that it moved ({@link #departed}) and from then on forwards its
 * mail ({@link DeliveryService}).
 *
 * <p>The pending successor record is never published or stored as a resolver record here: a server that is its own
 * resolver keeps serving the record that routes to the old server until the account publishes the move itself. With a
 * remote resolver, the resolver's current record is kept as the account's copy (the one tokens are checked against:
 * its signing key is the account's), and {@link AccountRecords} replaces it once the move is published.
 */
public final class MoveService {
    private final Database db;
    private final Sha256 routingId;
    private final boolean inviteOnly;
    private final Invitations invitations;
    private final int accountBits;
    private final long quotaBytes;
    private final Resolver resolver;
    private final boolean selfResolver;
    private final StampVerifier stamps;
    private final RecordRules rules;
    private final AccountRecords records;
    private final Clock clock;

    /** @param records the records of the accounts hosted here, as tokens are checked against them */
    public MoveService(Database db, Sha256 routingId, boolean inviteOnly, Invitations invitations, int accountBits,
                       long quotaBytes, Resolver resolver, boolean selfResolver, AccountRecords records, Clock clock) {
        this.records = records;
        this.db = db;
        this.routingId = routingId;
        this.inviteOnly = inviteOnly;
        this.invitations = invitations;
        this.accountBits = accountBits;
        this.quotaBytes = quotaBytes;
        this.resolver = resolver;
        this.selfResolver = selfResolver;
        this.stamps = new StampVerifier(clock);
        this.rules = new RecordRules(stamps, accountBits);
        this.clock = clock;
    }

    /**
     * Registers an account that lives on another server now, without publishing anything. Checked in this order,
     * nothing stored on any refusal: the record routes here ({@code malformed}), verifies on its own
     * ({@code bad_signature}), the resolver has a current record for the address ({@code unknown_recipient}) that routes
     * elsewhere ({@code conflict}), the record is its successor — higher serial ({@code stale_serial}), the same
     * signing key ({@code key_change_unsigned}), the same encryption key, organisation and price ({@code malformed}) —,
     * the stamp binds to the record's digest at this server's account bits ({@code pow_required}, {@code pow_invalid},
     * {@code stamp_expired}), the invitation ({@code forbidden}), no account of that address here ({@code conflict}),
     * and the stamp was never spent ({@code stamp_replayed}).
     *
     * @throws IOException when a remote resolver cannot be reached
     */
    public void arrive(MoveRequest request) throws IOException {
        AddressRecord record = request.record();
        if (record == null) {
            throw new ProtocolException(ErrorCode.MALFORMED, "a move names the successor record");
        }
        if (request.stamp() == null) {
            throw new PowRequired(accountBits);
        }
        if (!record.routingId().matches(routingId)) {
            throw new ProtocolException(ErrorCode.MALFORMED, "the record routes to another server");
        }
        record.verifySelf();
        AddressRecord current = resolver.address(record.addressHash()).orElseThrow(() ->
                new ProtocolException(ErrorCode.UNKNOWN_RECIPIENT, "the resolver has no record of this address"));
        if (current.routingId().matches(routingId)) {
            throw new ProtocolException(ErrorCode.CONFLICT, "this address routes here already");
        }
        requireSuccessor(current, record);
        try {
            stamps.verify(request.stamp(), record.addressHash(), record.addressHash(), record.digest(), accountBits);
        } catch (ProtocolException e) {
            throw e.code() == ErrorCode.POW_REQUIRED ? new PowRequired(accountBits) : e;
        }
        if (inviteOnly) {
            invitations.check(request.invitation(), record.addressHash());
        }
        if (db.accounts().find(record.addressHash()).isPresent()) {
            throw new ProtocolException(ErrorCode.CONFLICT, "this address is registered here already");
        }
        db.inTransaction(() -> {
            if (inviteOnly) {
                invitations.redeem(request.invitation(), record.addressHash(), db.stamps());
            }
            Stamps.spend(db.stamps(), request.stamp());
            if (!db.accounts().create(new Account(record.addressHash(), clock.instant(), quotaBytes))) {
                throw new ProtocolException(ErrorCode.CONFLICT, "this address is registered here already");
            }
            db.moves().arrive(new MoveStore.Arrival(record.addressHash(), current.routingId(), record.toJson(),
                    clock.instant()));
            if (!selfResolver && db.records().address(record.addressHash()).isEmpty()) {
                // The copy tokens are checked against: the resolver's current record, whose key is the account's.
                db.records().putAddress(current, 0);
            }
            return null;
        });
    }

    /**
     * The account says it moved. Refused, with nothing stored, unless the record is the account's own
     * ({@code forbidden}), signed by the key it holds here ({@code bad_signature}), routes elsewhere
     * ({@code malformed}), and is the one the resolver publishes now: an older one is {@code stale_serial}, any other
     * {@code forbidden}. Saying it again with the same record changes nothing.
     *
     * @throws IOException when a remote resolver cannot be reached
     */
    public void departed(Sha256 account, MovedNotice notice) throws IOException {
        AddressRecord record = notice == null ? null : notice.record();
        if (record == null) {
            throw new ProtocolException(ErrorCode.MALFORMED, "a notice names the published record");
        }
        if (!record.addressHash().matches(account)) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "that is another address's record");
        }
        record.verifySelf();
        AddressRecord here = records.current(account).orElseThrow(() ->
                new ProtocolException(ErrorCode.UNAUTHORIZED, "account has no record"));
        if (!here.signingKey().equals(record.signingKey())) {
            throw new ProtocolException(ErrorCode.BAD_SIGNATURE, "the record is signed by another key");
        }
        if (record.routingId().matches(routingId)) {
            throw new ProtocolException(ErrorCode.MALFORMED, "the record routes here");
        }
        AddressRecord published = resolver.address(account).orElseThrow(() ->
                new ProtocolException(ErrorCode.FORBIDDEN, "the resolver does not publish this record"));
        if (!Arrays.equals(published.toJson(), record.toJson())) {
            throw published.serial() > record.serial()
                    ? new ProtocolException(ErrorCode.STALE_SERIAL, "the resolver publishes a newer record")
                    : new ProtocolException(ErrorCode.FORBIDDEN, "the resolver does not publish this record");
        }
        db.moves().depart(new MoveStore.Departure(account, record.routingId(), record.serial(), record.toJson(),
                clock.instant()));
    }

    private void requireSuccessor(AddressRecord current, AddressRecord record) {
        rules.checkAddress(current, record, null);
        if (!current.signingKey().equals(record.signingKey())) {
            throw new ProtocolException(ErrorCode.KEY_CHANGE_UNSIGNED, "a move keeps the signing key");
        }
        if (!current.encryptionKey().equals(record.encryptionKey())
                || !java.util.Objects.equals(current.organisationHash(), record.organisationHash())
                || !java.util.Objects.equals(current.firstContactBits(), record.firstContactBits())) {
            throw new ProtocolException(ErrorCode.MALFORMED, "a move keeps the keys, the organisation and the price");
        }
    }
}
