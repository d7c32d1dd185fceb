package org.mailv2.protocol.resolver;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.address.Organisation;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.pow.Stamp;
import org.mailv2.protocol.pow.StampSolver;
import org.mailv2.protocol.pow.StampVerifier;

class RecordsTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 28);
    private static final int BITS = 8;

    private final SigningPrivateKey server = SigningPrivateKey.generate(RANDOM);
    private final Sha256 routingId = RoutingRecord.routingIdOf(server.publicKey());
    private final SigningPrivateKey alice = SigningPrivateKey.generate(RANDOM);
    private final EncryptionIdentity aliceEnc = EncryptionIdentity.generate(RANDOM);
    private final Sha256 aliceHash = Address.parse("alice!").hash();
    private final InMemoryResolver resolver = new InMemoryResolver(new RecordRules(new StampVerifier(CLOCK), BITS));

    private Stamp creationStamp(AddressRecord record) {
        return new StampSolver(1).solve(record.creationStampHeader(BITS, TODAY), 0, null);
    }

    @Test
    void firstRecordNeedsProofOfWork() {
        AddressRecord record = AddressRecord.create(aliceHash, alice, aliceEnc.recipient(), routingId);
        assertCode(() -> resolver.publish(record, null), ErrorCode.POW_REQUIRED);
        Stamp weak = new StampSolver(1).solve(record.creationStampHeader(BITS - 1, TODAY), 0, null);
        assertCode(() -> resolver.publish(record, weak), ErrorCode.POW_REQUIRED);
        AddressRecord other = AddressRecord.create(Address.parse("bob!").hash(), alice, aliceEnc.recipient(), routingId);
        assertCode(() -> resolver.publish(record, creationStamp(other)), ErrorCode.POW_INVALID);
        resolver.publish(record, creationStamp(record));
        assertThat(resolver.address(aliceHash)).contains(record);
    }

    @Test
    void recordsRoundTripThroughCanonicalJson() {
        AddressRecord record = AddressRecord.create(aliceHash, alice, aliceEnc.recipient(), routingId);
        assertThat(AddressRecord.parse(record.toJson())).isEqualTo(record);
        AddressRecord.parse(record.toJson()).verifySelf();
        RoutingRecord routing = RoutingRecord.create(server, "https://mail.example.org:2424", Sha256.hash("cert"), 1);
        assertThat(RoutingRecord.parse(routing.toJson())).isEqualTo(routing);
        OrganisationRecord org = OrganisationRecord.create(Organisation.parse("acme").hash(), alice, "ACME Corp.",
                routingId, 1);
        assertThat(OrganisationRecord.parse(org.toJson())).isEqualTo(org);
    }

    @Test
    void anOwnerSetsItsPriceInAVersionTwoRecordThatMovesAndRotationsKeepAndVersionOneStaysAsItWas() {
        AddressRecord first = AddressRecord.create(aliceHash, alice, aliceEnc.recipient(), routingId);
        resolver.publish(first, creationStamp(first));
        assertThat(first.version()).isEqualTo(AddressRecord.VERSION);
        assertThat(new String(first.toJson(), UTF_8)).doesNotContain("firstContactBits");
        assertThat(first.requiredBits(24)).isEqualTo(24);

        AddressRecord priced = first.pricedAt(28, alice);
        resolver.publish(priced, null);

        assertThat(priced.version()).isEqualTo(AddressRecord.VERSION_PRICED);
        assertThat(priced.serial()).isEqualTo(2);
        assertThat(AddressRecord.parse(priced.toJson())).isEqualTo(priced);
        assertThat(resolver.address(aliceHash)).contains(priced);
        assertThat(priced.requiredBits(24)).isEqualTo(28);
        assertThat(priced.requiredBits(30)).isEqualTo(30);
        assertThat(priced.movedTo(Sha256.hash("elsewhere"), alice).firstContactBits()).isEqualTo(28);
        AddressRecord back = priced.pricedAt(null, alice);
        assertThat(back.version()).isEqualTo(AddressRecord.VERSION);
        assertThat(back.serial()).isEqualTo(3);
    }

    @Test
    void aPriceIsOnlyInVersionTwoWithinRangeAndSigned() {
        AddressRecord priced = AddressRecord.create(aliceHash, alice, aliceEnc.recipient(), routingId)
                .pricedAt(28, alice);
        String json = new String(priced.toJson(), UTF_8);
        assertCode(() -> AddressRecord.parse(json.replace("\"version\":2", "\"version\":1").getBytes(UTF_8)),
                ErrorCode.MALFORMED);
        assertCode(() -> AddressRecord.parse(json.replace("\"firstContactBits\":28,", "").getBytes(UTF_8)),
                ErrorCode.MALFORMED);
        assertCode(() -> AddressRecord.parse(json.replace("\"firstContactBits\":28", "\"firstContactBits\":41")
                .getBytes(UTF_8)), ErrorCode.MALFORMED);
        assertCode(() -> AddressRecord.parse(json.replace("\"version\":2", "\"version\":3").getBytes(UTF_8)),
                ErrorCode.UNSUPPORTED_VERSION);
        // A resolver that lowers the price breaks the owner's signature.
        AddressRecord cheaper = AddressRecord.parse(json.replace("\"firstContactBits\":28", "\"firstContactBits\":2")
                .getBytes(UTF_8));
        assertCode(cheaper::verifySelf, ErrorCode.BAD_SIGNATURE);
        assertCode(() -> priced.pricedAt(0, alice), ErrorCode.MALFORMED);
    }

    @Test
    void movingServersKeepsTheKeysAndNeedsAGrowingSerial() {
        AddressRecord first = AddressRecord.create(aliceHash, alice, aliceEnc.recipient(), routingId);
        resolver.publish(first, creationStamp(first));
        Sha256 newServer = Sha256.hash("another server");
        AddressRecord moved = first.movedTo(newServer, alice);
        resolver.publish(moved, null);
        assertThat(resolver.address(aliceHash).orElseThrow().routingId()).isEqualTo(newServer);
        assertCode(() -> resolver.publish(moved, null), ErrorCode.STALE_SERIAL);
        assertCode(() -> resolver.publish(first, null), ErrorCode.STALE_SERIAL);
    }

    @Test
    void rotationIsSignedByOldAndNewKey() {
        AddressRecord first = AddressRecord.create(aliceHash, alice, aliceEnc.recipient(), routingId);
        resolver.publish(first, creationStamp(first));
        SigningPrivateKey next = SigningPrivateKey.generate(RANDOM);
        AddressRecord rotated = first.rotatedTo(alice, next, EncryptionIdentity.generate(RANDOM).recipient());
        resolver.publish(rotated, null);
        assertThat(resolver.address(aliceHash).orElseThrow().signingKey()).isEqualTo(next.publicKey());
    }

    @Test
    void aKeyChangeNotSignedByTheCurrentKeyIsRefused() {
        AddressRecord first = AddressRecord.create(aliceHash, alice, aliceEnc.recipient(), routingId);
        resolver.publish(first, creationStamp(first));
        SigningPrivateKey attacker = SigningPrivateKey.generate(RANDOM);
        AddressRecord hijack = AddressRecord.create(aliceHash, attacker, aliceEnc.recipient(), routingId)
                .movedTo(routingId, attacker).movedTo(routingId, attacker);
        assertCode(() -> resolver.publish(hijack, null), ErrorCode.KEY_CHANGE_UNSIGNED);
        SigningPrivateKey stranger = SigningPrivateKey.generate(RANDOM);
        AddressRecord strangerRotation = AddressRecord.create(aliceHash, stranger, aliceEnc.recipient(), routingId)
                .rotatedTo(stranger, attacker, aliceEnc.recipient());
        assertCode(() -> resolver.publish(strangerRotation, null), ErrorCode.KEY_CHANGE_UNSIGNED);
        assertThat(resolver.address(aliceHash)).contains(first);
    }

    @Test
    void tamperedRecordsAreBadSignatures() {
        AddressRecord record = AddressRecord.create(aliceHash, alice, aliceEnc.recipient(), routingId);
        String json = new String(record.toJson(), UTF_8);
        String otherRouting = Sha256.hash("elsewhere").hex();
        AddressRecord forged = AddressRecord.parse(json.replace(routingId.hex(), otherRouting).getBytes(UTF_8));
        assertCode(forged::verifySelf, ErrorCode.BAD_SIGNATURE);
        AddressRecord otherEncryption = AddressRecord.parse(json.replace(aliceEnc.recipient().text(),
                EncryptionIdentity.generate(RANDOM).recipient().text()).getBytes(UTF_8));
        assertCode(otherEncryption::verifySelf, ErrorCode.BAD_SIGNATURE);

        RoutingRecord routing = RoutingRecord.create(server, "https://mail.example.org", Sha256.hash("cert"), 1);
        String rjson = new String(routing.toJson(), UTF_8);
        RoutingRecord moved = RoutingRecord.parse(rjson.replace("mail.example.org", "evil.example.org").getBytes(UTF_8));
        assertCode(moved::verifySelf, ErrorCode.BAD_SIGNATURE);
    }

    @Test
    void routingRecordsRequireHttpsAndTheKeysOwnId() {
        for (String url : new String[] {"http://mail.example.org", "https://user@mail.example.org", "https://x.org/?q=1",
            "https://x.org/#f", "ftp://x.org", "https://"}) {
            assertThatThrownBy(() -> RoutingRecord.create(server, url, Sha256.hash("c"), 1)).as(url)
                    .isInstanceOf(ProtocolException.class);
        }
        RoutingRecord record = RoutingRecord.create(server, "https://127.0.0.1:2424", Sha256.hash("c"), 1);
        String json = new String(record.toJson(), UTF_8).replace(routingId.hex(), Sha256.hash("x").hex());
        assertCode(() -> RoutingRecord.parse(json.getBytes(UTF_8)), ErrorCode.MALFORMED);
        resolver.publish(record);
        assertCode(() -> resolver.publish(record), ErrorCode.STALE_SERIAL);
        resolver.publish(RoutingRecord.create(server, "https://127.0.0.2:2424", Sha256.hash("c2"), 2));
    }

    @Test
    void organisationsPayProofOfWorkAndKeepTheirKey() {
        Sha256 acme = Organisation.parse("acme").hash();
        SigningPrivateKey orgKey = SigningPrivateKey.generate(RANDOM);
        OrganisationRecord org = OrganisationRecord.create(acme, orgKey, "ACME", routingId, 1);
        assertCode(() -> resolver.publish(org, null), ErrorCode.POW_REQUIRED);
        resolver.publish(org, new StampSolver(1).solve(org.creationStampHeader(BITS, TODAY), 0, null));
        OrganisationRecord takeover = OrganisationRecord.create(acme, alice, "ACME", routingId, 2);
        assertCode(() -> resolver.publish(takeover, null), ErrorCode.KEY_CHANGE_UNSIGNED);
        resolver.publish(OrganisationRecord.create(acme, orgKey, "ACME Corporation", routingId, 2), null);
    }

    @Test
    void membershipIsTheOrganisationsSignatureInTheMembersRecord() {
        SigningPrivateKey acmeKey = SigningPrivateKey.generate(RANDOM);
        Address member = Address.parse("bob@acme!");
        OrganisationRecord acme = OrganisationRecord.create(Organisation.parse("acme").hash(), acmeKey, "ACME",
                routingId, 1);
        var invitation = org.mailv2.protocol.resolver.Membership.parse(
                org.mailv2.protocol.resolver.Membership.invite(acmeKey, member), member);
        AddressRecord record = AddressRecord.createMember(member.hash(), alice, aliceEnc.recipient(), routingId,
                invitation.organisationHash(), invitation.signature());
        record.verifySelf();
        record.requireMemberOf(acme);
        assertThat(AddressRecord.parse(record.toJson())).isEqualTo(record);
        record.movedTo(Sha256.hash("elsewhere"), alice).requireMemberOf(acme);

        AddressRecord unendorsed = AddressRecord.create(member.hash(), alice, aliceEnc.recipient(), routingId);
        assertCode(() -> unendorsed.requireMemberOf(acme), ErrorCode.FORBIDDEN);
        SigningPrivateKey impostor = SigningPrivateKey.generate(RANDOM);
        var forged = org.mailv2.protocol.resolver.Membership.parse(
                org.mailv2.protocol.resolver.Membership.invite(impostor, member), member);
        AddressRecord self = AddressRecord.createMember(member.hash(), alice, aliceEnc.recipient(), routingId,
                forged.organisationHash(), forged.signature());
        assertCode(() -> self.requireMemberOf(acme), ErrorCode.FORBIDDEN);
        assertCode(() -> org.mailv2.protocol.resolver.Membership.parse(
                org.mailv2.protocol.resolver.Membership.invite(acmeKey, member), Address.parse("eve@acme!")),
                ErrorCode.FORBIDDEN);
    }

    private static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(code);
    }
}
