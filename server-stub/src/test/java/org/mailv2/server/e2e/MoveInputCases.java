package org.mailv2.server.e2e;

import static org.mailv2.protocol.error.ErrorCode.BAD_SIGNATURE;
import static org.mailv2.protocol.error.ErrorCode.CONFLICT;
import static org.mailv2.protocol.error.ErrorCode.FORBIDDEN;
import static org.mailv2.protocol.error.ErrorCode.KEY_CHANGE_UNSIGNED;
import static org.mailv2.protocol.error.ErrorCode.MALFORMED;
import static org.mailv2.protocol.error.ErrorCode.NOT_RECIPIENT;
import static org.mailv2.protocol.error.ErrorCode.POW_INVALID;
import static org.mailv2.protocol.error.ErrorCode.POW_REQUIRED;
import static org.mailv2.protocol.error.ErrorCode.STALE_SERIAL;
import static org.mailv2.protocol.error.ErrorCode.TAMPERED;
import static org.mailv2.protocol.error.ErrorCode.UNAUTHORIZED;
import static org.mailv2.protocol.error.ErrorCode.UNKNOWN_RECIPIENT;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.List;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.api.MoveRequest;
import org.mailv2.protocol.api.MovedNotice;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.json.Json;
import org.mailv2.protocol.keys.Base64Url;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.pow.Stamp;
import org.mailv2.protocol.resolver.AddressRecord;

/**
 * The matrix's move cases (protocol §7.6): registrations before a move that are not a successor of the resolver's
 * record or do not pay, imports of copies that are someone else's or do not match their envelope, and moved notices
 * that are forged. None may leave anything behind.
 */
final class MoveInputCases {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ARRIVALS = "/api/v1/arrivals";
    private static final String MOVED = "/api/v1/account/moved";

    private MoveInputCases() {
    }

    static List<BadInputIT.Case> moves(BadInputWorld w) throws IOException {
        Sha256 here = w.server.routingId();
        Sha256 elsewhere = Sha256.hash("elsewhere");
        Sha256 frank = w.frankRecord.addressHash();
        AddressRecord successor = w.frankRecord.movedTo(here, w.frankSigning);
        SigningPrivateKey mallory = w.mallory.signing;
        AddressRecord byMallory = AddressRecord.create(frank, mallory, EncryptionIdentity.generate(RANDOM).recipient(),
                elsewhere).movedTo(here, mallory);
        AddressRecord toAThird = w.frankRecord.movedTo(Sha256.hash("third"), w.frankSigning);
        AddressRecord stale = AddressRecord.create(frank, w.frankSigning, w.frankRecord.encryptionKey(), here);
        AddressRecord aliceStays = w.aliceCurrentRecord.movedTo(here, w.alice.signing);
        Sha256 eve = Address.parse("eve!").hash();
        SigningPrivateKey eveKey = SigningPrivateKey.generate(RANDOM);
        AddressRecord unknown = AddressRecord.create(eve, eveKey, EncryptionIdentity.generate(RANDOM).recipient(),
                elsewhere).movedTo(here, eveKey);

        TestAccount.Sealed forCarol = w.alice.seal(w.carol, "not bob's", "for carol");
        TestAccount.Sealed forBob = w.alice.seal(w.bob, "bob's", "for bob");
        byte[] flipped = forBob.body().clone();
        flipped[flipped.length / 2] ^= 1;

        AddressRecord aliceByMallory = AddressRecord.create(w.alice.address.hash(), mallory,
                w.alice.encryption.recipient(), elsewhere).movedTo(elsewhere, mallory);
        AddressRecord aliceRoutingHere = w.aliceCurrentRecord.movedTo(here, w.alice.signing);
        AddressRecord aliceUnpublished = w.aliceCurrentRecord.movedTo(elsewhere, w.alice.signing);
        AddressRecord bobsRecord = AddressRecord.create(w.bob.address.hash(), w.bob.signing,
                w.bob.encryption.recipient(), here).movedTo(elsewhere, w.bob.signing);
        return new BadInputIT.Cases()
                .add("arrival: an address that lives here already (alice)", 409, CONFLICT, () -> arrive(w,
                        aliceStays, stamp(aliceStays)))
                .add("arrival: an address the resolver does not know", 404, UNKNOWN_RECIPIENT, () -> arrive(w,
                        unknown, stamp(unknown)))
                .add("arrival: frank's successor signed by another key", 403, KEY_CHANGE_UNSIGNED, () -> arrive(w,
                        byMallory, stamp(byMallory)))
                .add("arrival: a successor routing to a third server", 400, MALFORMED, () -> arrive(w, toAThird,
                        stamp(toAThird)))
                .add("arrival: a record whose serial does not grow", 409, STALE_SERIAL, () -> arrive(w, stale,
                        stamp(stale)))
                .add("arrival: no stamp", 402, POW_REQUIRED, () -> arrive(w, successor, null))
                .add("arrival: a stamp for another record", 402, POW_INVALID, () -> arrive(w, successor,
                        stamp(w.frankRecord)))
                .add("arrival: an unknown field", 400, MALFORMED, () -> w.json("POST", ARRIVALS, null,
                        Forgeries.edited(Json.write(new MoveRequest(successor, stamp(successor), null)),
                                t -> t.put("publish", true))))
                .add("import: a copy for someone else (carol's, by bob)", 422, NOT_RECIPIENT, () -> importCopy(w,
                        w.bob, forCarol.envelope(), forCarol.summary(), forCarol.body(), "inbox"))
                .add("import: a body that differs from its envelope", 422, TAMPERED, () -> importCopy(w, w.bob,
                        forBob.envelope(), forBob.summary(), flipped, "inbox"))
                .add("import: a bad box name", 400, MALFORMED, () -> importCopy(w, w.bob, forBob.envelope(),
                        forBob.summary(), forBob.body(), "In%20Box"))
                .add("import: an unknown flag", 400, MALFORMED, () -> importCopy(w, w.bob, forBob.envelope(),
                        forBob.summary(), forBob.body(), "inbox&flags=deleted"))
                .add("import: no token", 401, UNAUTHORIZED, () -> importCopy(w, null, forBob.envelope(),
                        forBob.summary(), forBob.body(), "inbox"))
                .add("moved: another account's record (bob's, by alice)", 403, FORBIDDEN, () -> moved(w, bobsRecord))
                .add("moved: her address, signed by another key", 403, BAD_SIGNATURE, () -> moved(w,
                        aliceByMallory))
                .add("moved: a record routing here", 400, MALFORMED, () -> moved(w, aliceRoutingHere))
                .add("moved: a record the resolver does not publish", 403, FORBIDDEN, () -> moved(w,
                        aliceUnpublished))
                .add("moved: no token", 401, UNAUTHORIZED, () -> w.json("POST", MOVED, null,
                        Json.write(new MovedNotice(aliceUnpublished))))
                .list();
    }

    private static Stamp stamp(AddressRecord record) {
        LocalDate today = BadInputWorld.today();
        return Forgeries.stamp(TestServers.ACCOUNT_BITS, today, record.addressHash(), record.addressHash(),
                record.digest());
    }

    private static RawClient.Answer arrive(BadInputWorld w, AddressRecord record, Stamp stamp) throws IOException {
        return w.json("POST", ARRIVALS, null, Json.write(new MoveRequest(record, stamp, null)));
    }

    private static RawClient.Answer moved(BadInputWorld w, AddressRecord record) throws IOException {
        return w.json("POST", MOVED, w.alice, Json.write(new MovedNotice(record)));
    }

    private static RawClient.Answer importCopy(BadInputWorld w, TestAccount as, org.mailv2.protocol.seal.Envelope
            envelope, byte[] summary, byte[] body, String box) throws IOException {
        return w.sealed("/api/v1/import?box=" + box, as, Base64Url.encode(envelope.toJson()),
                BadInputWorld.concat(summary, body), false);
    }
}
