package org.mailv2.protocol.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.json.Json;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.SigningPublicKey;
import org.mailv2.protocol.pow.Stamp;
import org.mailv2.protocol.pow.StampVerifier;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.protocol.resolver.OrganisationRecord;
import org.mailv2.protocol.resolver.RoutingRecord;
import org.mailv2.protocol.seal.ByteSource;
import org.mailv2.protocol.seal.Envelope;
import org.mailv2.protocol.seal.MessageOpener;
import org.mailv2.protocol.seal.OpenedMessage;
import org.mailv2.protocol.seal.Summary;
import org.mailv2.protocol.seal.VerifiedEnvelope;

/**
 * Checks the committed golden vectors on every build, so any change to a wire format is deliberate. Regenerate with
 * {@code mvn -pl protocol-lib test -Dtest=GoldenVectorsTest -Dmailv2.regenerate=true} and review the diff.
 */
class GoldenVectorsTest {
    private static final Path FILE = Path.of("src/test/resources/vectors/protocol-vectors.json");
    private static JsonNode golden;

    @BeforeAll
    static void load() throws IOException {
        if (Boolean.getBoolean("mailv2.regenerate")) {
            ObjectNode root = GoldenVectors.deterministic();
            root.set("sealedMessage", GoldenVectors.sealedMessage());
            Files.createDirectories(FILE.getParent());
            Files.write(FILE, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        }
        assertThat(FILE).as("golden vectors are committed; regenerate only on purpose").exists();
        golden = Json.mapper().readTree(Files.readAllBytes(FILE));
    }

    @Test
    void deterministicPartsAreUnchanged() {
        ObjectNode rebuilt = GoldenVectors.deterministic();
        ObjectNode stored = golden.deepCopy();
        stored.remove("sealedMessage");
        assertThat(rebuilt).isEqualTo(stored);
    }

    @Test
    void storedRecordsParseVerifyAndReencodeByteForByte() {
        JsonNode records = golden.get("records");
        AddressRecord address = AddressRecord.parse(bytes(records.get("address")));
        address.verifySelf();
        assertThat(Json.readTree(address.toJson())).isEqualTo(records.get("address"));
        AddressRecord.parse(bytes(records.get("addressRotation"))).verifySelf();
        RoutingRecord.parse(bytes(records.get("routing"))).verifySelf();
        OrganisationRecord.parse(bytes(records.get("organisation"))).verifySelf();
        Stamp creation = Stamp.parse(records.get("addressCreationStamp").asText());
        assertThat(creation.header().digest()).isEqualTo(address.digest());
        assertThat(creation.hasEnoughWork()).isTrue();
    }

    @Test
    void storedSealedMessageOpensWithItsKeys() throws IOException {
        JsonNode sealed = golden.get("sealedMessage");
        Envelope envelope = Envelope.parse(bytes(sealed.get("envelope")));
        assertThat(envelope.unsigned().digest().hex()).isEqualTo(sealed.get("envelopeDigest").asText());
        new StampVerifier(java.time.Clock.fixed(GoldenVectors.DAY.atStartOfDay(java.time.ZoneOffset.UTC).toInstant(),
                java.time.ZoneOffset.UTC)).verify(envelope.stamp(), envelope.fromHash(), envelope.toHash(),
                envelope.unsigned().digest(), GoldenVectors.STAMP_BITS);

        JsonNode keys = golden.get("keys");
        MessageOpener bob = new MessageOpener(GoldenVectors.BOB_ADDRESS,
                EncryptionIdentity.parse(keys.get("bobAgeIdentity").asText()));
        VerifiedEnvelope verified = bob.verify(envelope, SigningPublicKey.parse(keys.get("aliceSigningKey").asText()));
        Summary summary = bob.openSummary(verified,
                Base64.getDecoder().decode(sealed.get("summaryCiphertextBase64").asText()));
        assertThat(summary.subject()).isEqualTo(sealed.get("expectedSubject").asText());
        ByteArrayOutputStream attachment = new ByteArrayOutputStream();
        OpenedMessage opened = bob.openBody(verified, ByteSource.of(
                Base64.getDecoder().decode(sealed.get("bodyCiphertextBase64").asText())), (i, n, t) -> attachment);
        assertThat(opened.text()).isEqualTo(sealed.get("expectedText").asText());
        assertThat(Sha256.hash(attachment.toByteArray()).hex())
                .isEqualTo(sealed.get("expectedAttachmentSha256").asText());
    }

    private static byte[] bytes(JsonNode node) {
        return Json.write(node);
    }
}
