package org.mailv2.server.e2e;

import static org.mailv2.protocol.error.ErrorCode.BAD_KEY;
import static org.mailv2.protocol.error.ErrorCode.BAD_SIGNATURE;
import static org.mailv2.protocol.error.ErrorCode.CONFLICT;
import static org.mailv2.protocol.error.ErrorCode.KEY_CHANGE_UNSIGNED;
import static org.mailv2.protocol.error.ErrorCode.MALFORMED;
import static org.mailv2.protocol.error.ErrorCode.POW_INVALID;
import static org.mailv2.protocol.error.ErrorCode.POW_REQUIRED;
import static org.mailv2.protocol.error.ErrorCode.STALE_SERIAL;
import static org.mailv2.protocol.error.ErrorCode.STAMP_EXPIRED;
import static org.mailv2.protocol.error.ErrorCode.UNSUPPORTED_VERSION;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.List;
import org.mailv2.protocol.api.AddressRecordSubmission;
import org.mailv2.protocol.api.RegisterRequest;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.json.Json;
import org.mailv2.protocol.keys.Base64Url;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.SigningDomain;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.pow.Stamp;
import org.mailv2.protocol.pow.StampHeader;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.protocol.resolver.RoutingRecord;

/** The matrix's resolver-record and registration cases: records that must not replace, first records that pay wrong. */
final class RecordInputCases {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ACCOUNTS = "/api/v1/accounts";

    private RecordInputCases() {
    }

    static List<BadInputIT.Case> records(BadInputWorld w) {
        TestAccount alice = w.alice;
        Sha256 here = w.server.routingId();
        Sha256 aliceHash = alice.address.hash();
        String path = BadInputWorld.recordPath(aliceHash);
        AddressRecord third = w.aliceCurrentRecord.movedTo(here, alice.signing);
        SigningPrivateKey mallory = w.mallory.signing;
        AddressRecord mallorys = AddressRecord.create(aliceHash, mallory, w.mallory.encryption.recipient(), here)
                .movedTo(here, mallory);
        AddressRecord unsignedKeyChange = mallorys.movedTo(here, mallory);
        AddressRecord foreignRotation = mallorys.rotatedTo(mallory, SigningPrivateKey.generate(RANDOM),
                EncryptionIdentity.generate(RANDOM).recipient());
        AddressRecord rerouted = new AddressRecord(third.version(), third.addressHash(), third.signingKey(),
                third.encryptionKey(), third.keyBinding(), Sha256.hash("elsewhere"), third.serial(), null, null, null,
                null, null, third.signature());
        SigningPrivateKey serverKey = SigningPrivateKey.generate(RANDOM);
        RoutingRecord routing = RoutingRecord.create(serverKey, "https://mail.example.org", Sha256.hash("cert"), 1);
        RoutingRecord moved = new RoutingRecord(1, routing.routingId(), routing.serverKey(), "https://evil.example.org",
                routing.tlsCertSha256(), 1, routing.signature());
        String routingPath = "/api/v1/records/routing/" + routing.routingId().hex();
        EncryptionIdentity eveEncryption = EncryptionIdentity.generate(RANDOM);
        SigningPrivateKey eveKey = SigningPrivateKey.generate(RANDOM);
        AddressRecord eve = AddressRecord.create(Sha256.hash("eve!"), eveKey, eveEncryption.recipient(), here);
        String evePath = BadInputWorld.recordPath(eve.addressHash());
        return new BadInputIT.Cases()
                .add("a lower serial (1 after 2)", 409, STALE_SERIAL, () -> put(w, path, w.aliceFirstRecord, null))
                .add("the same serial again", 409, STALE_SERIAL, () -> put(w, path, w.aliceCurrentRecord, null))
                .add("another key, without the current key's signature", 403, KEY_CHANGE_UNSIGNED,
                        () -> put(w, path, unsignedKeyChange, null))
                .add("a rotation signed by a key that is not the current one", 403, KEY_CHANGE_UNSIGNED,
                        () -> put(w, path, foreignRotation, null))
                .add("signed under the rotation domain", 403, BAD_SIGNATURE, () -> put(w, path,
                        Forgeries.recordSignedIn(SigningDomain.ADDRESS_RECORD_ROTATION, third, alice.signing), null))
                .add("routing id changed after signing", 403, BAD_SIGNATURE, () -> put(w, path, rerouted, null))
                .add("alice's record under bob's path", 400, MALFORMED, () -> put(w,
                        BadInputWorld.recordPath(w.bob.address.hash()), third, null))
                .add("signing key of small order (the identity point)", 400, BAD_KEY, () -> w.json("PUT", path, null,
                        Forgeries.edited(submission(third, null), t -> ((com.fasterxml.jackson.databind.node.ObjectNode)
                                t.get("record")).put("signingKey", Base64Url.encode(identityPoint())))))
                .add("signing key of 31 bytes", 400, MALFORMED, () -> w.json("PUT", path, null,
                        Forgeries.edited(submission(third, null), t -> ((com.fasterxml.jackson.databind.node.ObjectNode)
                                t.get("record")).put("signingKey", Base64Url.encode(new byte[31])))))
                .add("record version 3", 400, UNSUPPORTED_VERSION, () -> w.json("PUT", path, null,
                        Forgeries.edited(submission(third, null), t -> ((com.fasterxml.jackson.databind.node.ObjectNode)
                                t.get("record")).put("version", 3))))
                .add("a first record without a stamp", 402, POW_REQUIRED, () -> put(w, evePath, eve, null))
                .add("a first record with a stamp for another record", 402, POW_INVALID, () -> put(w, evePath, eve,
                        Forgeries.stamp(TestServers.ACCOUNT_BITS, BadInputWorld.today(), eve.addressHash(),
                                eve.addressHash(), Sha256.hash("another record"))))
                .add("routing record with its url changed after signing", 403, BAD_SIGNATURE,
                        () -> w.json("PUT", routingPath, null, moved.toJson()))
                .add("routing record with user info in its url", 400, MALFORMED, () -> w.json("PUT", routingPath,
                        null, Forgeries.edited(routing.toJson(), t -> t.put("url", "https://me@mail.example.org"))))
                .list();
    }

    static List<BadInputIT.Case> registration(BadInputWorld w) {
        Sha256 here = w.server.routingId();
        SigningPrivateKey key = SigningPrivateKey.generate(RANDOM);
        EncryptionIdentity encryption = EncryptionIdentity.generate(RANDOM);
        Sha256 eve = Sha256.hash("eve!");
        AddressRecord record = AddressRecord.create(eve, key, encryption.recipient(), here);
        AddressRecord elsewhere = AddressRecord.create(eve, key, encryption.recipient(), Sha256.hash("elsewhere"));
        AddressRecord wrongDomain = Forgeries.recordSignedIn(SigningDomain.KEY_BINDING, record, key);
        AddressRecord wrongBinding = Forgeries.recordWithBindingIn(SigningDomain.ADDRESS_RECORD, record, key);
        AddressRecord bobs = AddressRecord.create(w.bob.address.hash(), w.bob.signing, w.bob.encryption.recipient(),
                here);
        LocalDate today = BadInputWorld.today();
        int bits = TestServers.ACCOUNT_BITS;
        return new BadInputIT.Cases()
                .add("no stamp", 402, POW_REQUIRED, () -> register(w, record, null))
                .add("4 bits where 8 are required", 402, POW_REQUIRED, () -> register(w, record,
                        Forgeries.stamp(4, today, eve, eve, record.digest())))
                .add("a stamp for another address (bob's)", 402, POW_INVALID, () -> register(w, record,
                        Forgeries.stamp(bits, today, w.bob.address.hash(), w.bob.address.hash(), record.digest())))
                .add("a stamp for another record", 402, POW_INVALID, () -> register(w, record,
                        Forgeries.stamp(bits, today, eve, eve, Sha256.hash("another record"))))
                .add("a stamp dated three days ago", 402, STAMP_EXPIRED, () -> register(w, record,
                        Forgeries.stamp(bits, today.minusDays(3), eve, eve, record.digest())))
                .add("a stamp dated three days ahead", 402, STAMP_EXPIRED, () -> register(w, record,
                        Forgeries.stamp(bits, today.plusDays(3), eve, eve, record.digest())))
                .add("a stamp without the work its header claims", 402, POW_INVALID, () -> register(w, record,
                        Forgeries.unsolved(new StampHeader(bits, today, eve, eve, record.digest()))))
                .add("a record routing to another server", 400, MALFORMED, () -> register(w, elsewhere,
                        Forgeries.stamp(bits, today, eve, eve, elsewhere.digest())))
                .add("a record signed under the key-binding domain", 403, BAD_SIGNATURE, () -> register(w,
                        wrongDomain, Forgeries.stamp(bits, today, eve, eve, wrongDomain.digest())))
                .add("a key binding signed under the address-record domain", 403, BAD_SIGNATURE, () -> register(w,
                        wrongBinding, Forgeries.stamp(bits, today, eve, eve, wrongBinding.digest())))
                .add("an address registered already (bob)", 409, CONFLICT, () -> register(w, bobs,
                        Forgeries.stamp(bits, today, bobs.addressHash(), bobs.addressHash(), bobs.digest())))
                .add("a good request with an unknown field", 400, MALFORMED, () -> w.json("POST", ACCOUNTS, null,
                        Forgeries.edited(Json.write(new RegisterRequest(record, Forgeries.stamp(bits, today, eve, eve,
                                record.digest()), null)), t -> t.put("admin", true))))
                .list();
    }

    private static RawClient.Answer put(BadInputWorld w, String path, AddressRecord record, Stamp stamp)
            throws IOException {
        return w.json("PUT", path, null, submission(record, stamp));
    }

    private static byte[] submission(AddressRecord record, Stamp stamp) {
        return Json.write(new AddressRecordSubmission(record, stamp));
    }

    private static RawClient.Answer register(BadInputWorld w, AddressRecord record, Stamp stamp) throws IOException {
        return w.json("POST", ACCOUNTS, null, Json.write(new RegisterRequest(record, stamp, null)));
    }

    /** The Ed25519 identity point (0, 1): order 1, so any signature "verifies" for it. */
    private static byte[] identityPoint() {
        byte[] key = new byte[32];
        key[0] = 1;
        return key;
    }
}
