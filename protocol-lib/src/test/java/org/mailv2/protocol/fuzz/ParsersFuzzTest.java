package org.mailv2.protocol.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.auth.AuthToken;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.json.Json;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.lists.ListDescriptor;
import org.mailv2.protocol.lists.ListInvitation;
import org.mailv2.protocol.permit.Permit;
import org.mailv2.protocol.pow.Stamp;
import org.mailv2.protocol.pow.StampHeader;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.protocol.resolver.OrganisationRecord;
import org.mailv2.protocol.resolver.RoutingRecord;
import org.mailv2.protocol.seal.AttachmentSink;
import org.mailv2.protocol.seal.DeliveryStatus;
import org.mailv2.protocol.seal.Envelope;
import org.mailv2.protocol.seal.Summary;
import org.mailv2.protocol.seal.internal.AgeCipher;
import org.mailv2.protocol.seal.internal.MimeReader;

/**
 * One fuzz target per parser of network input. Each may refuse its input only with a {@link ProtocolException} (a
 * stable code), or an {@link IOException} where it reads a stream; anything else — a {@code NullPointerException}, an
 * {@code IllegalArgumentException}, a runaway allocation — is a finding. {@code mvn verify} replays the committed
 * seeds and findings (regression mode, {@code src/test/resources/org/mailv2/protocol/fuzz/ParsersFuzzTestInputs/});
 * {@code JAZZER_FUZZ=1 mvn -B -pl protocol-lib -am test -Dtest=ParsersFuzzTest#envelope
 * -Dsurefire.failIfNoSpecifiedTests=false} fuzzes one target for its {@code maxDuration}.
 */
class ParsersFuzzTest {
    private static final String DURATION = "2m";
    private static final SigningPrivateKey KEY = SigningPrivateKey.ofSeed(new byte[32]);
    private static final EncryptionIdentity BOB = EncryptionIdentity.ofBytes(filled(0x04));
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);

    @FunctionalInterface
    private interface Parse {
        void run() throws IOException;
    }

    /** Refusals with a stable code are the parser doing its job; every other exception escapes to the fuzzer. */
    private static void refusesCleanly(Parse parse) {
        try {
            parse.run();
        } catch (ProtocolException | IOException refused) {
            // expected for bad input
        }
    }

    private static String text(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }

    @FuzzTest(maxDuration = DURATION)
    void envelope(byte[] data) {
        refusesCleanly(() -> Envelope.parse(data).signedBytes());
    }

    @FuzzTest(maxDuration = DURATION)
    void summary(byte[] data) {
        refusesCleanly(() -> Summary.parse(data));
    }

    @FuzzTest(maxDuration = DURATION)
    void addressRecord(byte[] data) {
        refusesCleanly(() -> AddressRecord.parse(data).verifySelf());
    }

    @FuzzTest(maxDuration = DURATION)
    void routingRecord(byte[] data) {
        refusesCleanly(() -> RoutingRecord.parse(data).verifySelf());
    }

    @FuzzTest(maxDuration = DURATION)
    void organisationRecord(byte[] data) {
        refusesCleanly(() -> OrganisationRecord.parse(data).verifySelf());
    }

    @FuzzTest(maxDuration = DURATION)
    void permit(byte[] data) {
        refusesCleanly(() -> Json.read(data, Permit.class));
    }

    @FuzzTest(maxDuration = DURATION)
    void stamp(byte[] data) {
        refusesCleanly(() -> {
            String[] parts = text(data).split("\n", 2);
            StampHeader header = StampHeader.parse(parts[0]);
            if (parts.length > 1) {
                Stamp.parse(parts[1]);
            }
            header.challenge();
        });
    }

    @FuzzTest(maxDuration = DURATION)
    void authToken(byte[] data) {
        refusesCleanly(() -> AuthToken.verify(text(data), KEY.publicKey(), Sha256.hash("server"), CLOCK));
    }

    @FuzzTest(maxDuration = DURATION)
    void listDescriptor(byte[] data) {
        refusesCleanly(() -> ListDescriptor.parse(data).verify(KEY.publicKey()));
    }

    @FuzzTest(maxDuration = DURATION)
    void listInvitation(byte[] data) {
        refusesCleanly(() -> ListInvitation.verify(text(data), KEY.publicKey(), Address.parse("news@acme!"),
                Address.parse("bob!"), CLOCK));
    }

    @FuzzTest(maxDuration = DURATION)
    void deliveryStatus(byte[] data) {
        refusesCleanly(() -> DeliveryStatus.parse(text(data)));
    }

    @FuzzTest(maxDuration = DURATION)
    void address(byte[] data) {
        refusesCleanly(() -> Address.parse(text(data)).hash());
    }

    @FuzzTest(maxDuration = DURATION)
    void mime(byte[] data) {
        refusesCleanly(() -> MimeReader.read(new ByteArrayInputStream(data), AttachmentSink.DISCARD, from -> { }));
    }

    @FuzzTest(maxDuration = DURATION)
    void ageHeader(byte[] data) {
        refusesCleanly(() -> {
            try (InputStream in = AgeCipher.decrypting(BOB, new ByteArrayInputStream(data))) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        });
    }

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
