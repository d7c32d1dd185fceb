package org.mailv2.protocol.golden;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.address.Organisation;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.json.Json;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.KeyBinding;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.permit.Permit;
import org.mailv2.protocol.permit.PermitId;
import org.mailv2.protocol.pow.Stamp;
import org.mailv2.protocol.pow.StampHeader;
import org.mailv2.protocol.pow.StampSolver;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.protocol.resolver.OrganisationRecord;
import org.mailv2.protocol.resolver.RoutingRecord;
import org.mailv2.protocol.seal.Attachment;
import org.mailv2.protocol.seal.ByteSource;
import org.mailv2.protocol.seal.Envelope;
import org.mailv2.protocol.seal.InnerMessage;
import org.mailv2.protocol.seal.MessageSealer;
import org.mailv2.protocol.seal.SealedMessage;

/**
 * Builds the golden protocol vectors from fixed keys. Everything but the age ciphertexts is deterministic (Ed25519
 * signatures are; age picks fresh file keys), so the deterministic parts are rebuilt and compared on every run, and
 * the stored sealed message is opened with its stored keys.
 */
final class GoldenVectors {
    static final LocalDate DAY = LocalDate.of(2026, 11, 28);
    static final int STAMP_BITS = 12;

    static final SigningPrivateKey ALICE = SigningPrivateKey.ofSeed(fill(0x01));
    static final EncryptionIdentity ALICE_ENC = EncryptionIdentity.ofBytes(fill(0x02));
    static final SigningPrivateKey BOB = SigningPrivateKey.ofSeed(fill(0x03));
    static final EncryptionIdentity BOB_ENC = EncryptionIdentity.ofBytes(fill(0x04));
    static final SigningPrivateKey SERVER = SigningPrivateKey.ofSeed(fill(0x05));
    static final SigningPrivateKey ACME = SigningPrivateKey.ofSeed(fill(0x06));
    static final Address ALICE_ADDRESS = Address.parse("alice!");
    static final Address BOB_ADDRESS = Address.parse("bob.smith@acme!");
    static final byte[] ATTACHMENT = "%PDF-1.4 golden attachment\n".getBytes(StandardCharsets.US_ASCII);

    private GoldenVectors() {
    }

    /** The parts that must come out the same on every build. */
    static ObjectNode deterministic() {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("comment", "mailv2 protocol golden vectors; see docs/protocol.md. Secret keys are test keys.");
        ArrayNode addresses = root.putArray("addresses");
        for (String text : List.of("alice!", "Bob.Smith@ACME!", "j.o-hn@ac-me!", "news@acme!")) {
            Address a = Address.parse(text);
            addresses.addObject().put("input", text).put("display", a.display()).put("canonical", a.canonical())
                    .put("hash", a.hash().hex());
        }
        root.putObject("organisation").put("input", "ac-me").put("canonical", Organisation.parse("ac-me").canonical())
                .put("hash", Organisation.parse("ac-me").hash().hex());

        ObjectNode keys = root.putObject("keys");
        keys.put("aliceSigningSeedHex", java.util.HexFormat.of().formatHex(ALICE.seed()));
        keys.put("aliceSigningKey", ALICE.publicKey().text());
        keys.put("aliceKeyId", ALICE.keyId().hex());
        keys.put("aliceAgeIdentity", ALICE_ENC.secretText());
        keys.put("aliceAgeRecipient", ALICE_ENC.recipient().text());
        keys.put("aliceKeyBinding", KeyBinding.sign(ALICE, ALICE_ENC.recipient()).text());
        keys.put("bobSigningSeedHex", java.util.HexFormat.of().formatHex(BOB.seed()));
        keys.put("bobSigningKey", BOB.publicKey().text());
        keys.put("bobAgeIdentity", BOB_ENC.secretText());
        keys.put("bobAgeRecipient", BOB_ENC.recipient().text());

        RoutingRecord routing = RoutingRecord.create(SERVER, "https://mail.example.org:2424",
                Sha256.hash("example certificate"), 1);
        AddressRecord alice = AddressRecord.create(ALICE_ADDRESS.hash(), ALICE, ALICE_ENC.recipient(),
                routing.routingId());
        AddressRecord rotated = alice.rotatedTo(ALICE, BOB, BOB_ENC.recipient());
        OrganisationRecord acme = OrganisationRecord.create(Organisation.parse("acme").hash(), ACME, "ACME Corp.",
                routing.routingId(), 1);
        ObjectNode records = root.putObject("records");
        records.set("routing", Json.readTree(routing.toJson()));
        records.set("address", Json.readTree(alice.toJson()));
        records.put("addressCreationStamp", solve(alice.creationStampHeader(STAMP_BITS, DAY)).text());
        records.set("addressRotation", Json.readTree(rotated.toJson()));
        records.set("organisation", Json.readTree(acme.toJson()));

        StampHeader header = new StampHeader(STAMP_BITS, DAY, ALICE_ADDRESS.hash(), BOB_ADDRESS.hash(),
                Sha256.hash("example envelope"));
        Stamp stamp = solve(header);
        root.putObject("stamp").put("header", header.text()).put("challengeHex", Sha256.ofBytes(header.challenge()).hex())
                .put("stamp", stamp.text()).put("leadingZeroBits", stamp.work());

        Permit permit = new Permit(new PermitId("AAECAwQFBgcICQoLDA0ODw"), BOB_ADDRESS.hash(),
                Address.parse("news@acme!").hash(), Permit.Purpose.LIST, Instant.parse("2026-11-28T12:00:00Z"));
        root.set("permit", Json.toTree(permit));
        return root;
    }

    /** A freshly sealed message from alice to bob, with the plaintext it must open to. */
    static ObjectNode sealedMessage() throws IOException {
        InnerMessage message = message();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        SealedMessage sealed = new MessageSealer(ALICE.keyId(), new SecureRandom())
                .seal(message, BOB_ADDRESS, BOB_ENC.recipient(), body);
        Stamp stamp = solve(new StampHeader(STAMP_BITS, DAY, ALICE_ADDRESS.hash(), BOB_ADDRESS.hash(),
                sealed.envelope().digest()));
        Envelope envelope = sealed.envelope().sign(ALICE, stamp, null);
        ObjectNode node = Json.mapper().createObjectNode();
        node.set("envelope", Json.readTree(envelope.toJson()));
        node.put("envelopeDigest", sealed.envelope().digest().hex());
        node.put("summaryCiphertextBase64", Base64.getEncoder().encodeToString(sealed.summaryCiphertext()));
        node.put("bodyCiphertextBase64", Base64.getEncoder().encodeToString(body.toByteArray()));
        node.put("expectedSubject", message.subject());
        node.put("expectedText", message.text());
        node.put("expectedAttachmentSha256", Sha256.hash(ATTACHMENT).hex());
        return node;
    }

    static InnerMessage message() {
        return new InnerMessage(ALICE_ADDRESS, "Alice", List.of(BOB_ADDRESS), List.of(), List.of(),
                "Golden vector", Instant.parse("2026-11-28T12:00:00Z"), "golden-1@alice", null, List.of(), null,
                "Hello Bob,\nthis message is a protocol test vector.\n",
                List.of(new Attachment("golden.pdf", "application/pdf", ByteSource.of(ATTACHMENT))));
    }

    static Stamp solve(StampHeader header) {
        return new StampSolver(1).solve(header, 0, null);
    }

    private static byte[] fill(int value) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
