package org.mailv2.protocol.seal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.keys.Signature;

class SealTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Party alice = Party.named("alice!", RANDOM);
    private final Party bob = Party.named("bob@acme!", RANDOM);
    private final Party carol = Party.named("carol!", RANDOM);
    private final Party dave = Party.named("dave!", RANDOM);
    private final byte[] pdf = randomBytes(70_000);

    private InnerMessage message() {
        return new InnerMessage(alice.address(), "Alice Liddell", List.of(bob.address()), List.of(carol.address()),
                List.of(dave.address()), "Quarterly figures — €", Instant.parse("2026-11-28T10:15:30Z"),
                "0b5e7a1c@alice", "root@bob", List.of("root@bob", "mid@carol"), null,
                "Hi Bob,\r\nfigures attached.\n\u00e9 ok\n",
                List.of(new Attachment("figures.pdf", "application/pdf", ByteSource.of(pdf)),
                        new Attachment("notes.txt", "text/plain", ByteSource.of("plain text file\n".getBytes(UTF_8)))));
    }

    /** A sealed copy as a server would store it. */
    record Stored(Envelope envelope, byte[] summary, byte[] body) {
    }

    private Stored sealFor(Party sender, InnerMessage message, Party recipient) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        SealedMessage sealed = sender.sealer(RANDOM).seal(message, recipient.address(),
                recipient.encryption().recipient(), body);
        Envelope envelope = sealed.envelope().sign(sender.signing(), null, null);
        return new Stored(envelope, sealed.summaryCiphertext(), body.toByteArray());
    }

    @Test
    void recipientOpensSummaryAndBodyExactly() throws IOException {
        Stored stored = sealFor(alice, message(), bob);
        MessageOpener opener = bob.opener();
        VerifiedEnvelope verified = opener.verify(Envelope.parse(stored.envelope().toJson()), alice.signing().publicKey());

        Summary summary = opener.openSummary(verified, stored.summary());
        assertThat(summary.from()).isEqualTo("alice!");
        assertThat(summary.to()).containsExactly("bob@acme!");
        assertThat(summary.cc()).containsExactly("carol!");
        assertThat(summary.bcc()).isEmpty();
        assertThat(summary.subject()).isEqualTo("Quarterly figures — €");
        assertThat(summary.threadId()).isEqualTo("root@bob");
        assertThat(summary.attachments()).containsExactly("figures.pdf", "notes.txt");

        Map<String, ByteArrayOutputStream> files = new HashMap<>();
        OpenedMessage opened = opener.openBody(verified, ByteSource.of(stored.body()),
                (i, name, type) -> files.computeIfAbsent(name, n -> new ByteArrayOutputStream()));
        assertThat(opened.from()).isEqualTo(alice.address());
        assertThat(opened.fromName()).isEqualTo("Alice Liddell");
        assertThat(opened.to()).containsExactly(bob.address());
        assertThat(opened.cc()).containsExactly(carol.address());
        assertThat(opened.bcc()).isEmpty();
        assertThat(opened.subject()).isEqualTo("Quarterly figures — €");
        assertThat(opened.date()).isEqualTo(Instant.parse("2026-11-28T10:15:30Z"));
        assertThat(opened.messageId()).isEqualTo("0b5e7a1c@alice");
        assertThat(opened.inReplyTo()).isEqualTo("root@bob");
        assertThat(opened.references()).containsExactly("root@bob", "mid@carol");
        assertThat(opened.text()).isEqualTo("Hi Bob,\r\nfigures attached.\n\u00e9 ok\n");
        assertThat(files.get("figures.pdf").toByteArray()).isEqualTo(pdf);
        assertThat(opened.attachments()).extracting(ReceivedAttachment::name, ReceivedAttachment::size)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("figures.pdf", 70_000L),
                        org.assertj.core.groups.Tuple.tuple("notes.txt", 16L));
        assertThat(opened.attachments().get(0).sha256()).isEqualTo(Sha256.hash(pdf));
    }

    @Test
    void opensABodyStoredInAFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        Stored stored = sealFor(alice, message(), bob);
        java.nio.file.Path file = java.nio.file.Files.write(dir.resolve("body.age"), stored.body());
        VerifiedEnvelope verified = bob.opener().verify(stored.envelope(), alice.signing().publicKey());
        OpenedMessage opened = bob.opener().openBody(verified, ByteSource.of(file), AttachmentSink.DISCARD);
        assertThat(opened.attachments().get(0).sha256()).isEqualTo(Sha256.hash(pdf));
    }

    @Test
    void theRawInnerMessageIsWhatWasSealedByteForByte() throws IOException {
        Stored stored = sealFor(alice, message(), bob);
        VerifiedEnvelope verified = bob.opener().verify(stored.envelope(), alice.signing().publicKey());
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        OpenedMessage opened = bob.opener().openBody(verified, ByteSource.of(stored.body()), AttachmentSink.DISCARD,
                raw);
        ByteArrayOutputStream sealed = new ByteArrayOutputStream();
        try (var in = org.mailv2.protocol.seal.internal.AgeCipher.decrypting(bob.encryption(),
                new java.io.ByteArrayInputStream(stored.body()))) {
            in.transferTo(sealed);
        }
        assertThat(raw.toByteArray()).isEqualTo(sealed.toByteArray());
        String text = raw.toString(UTF_8);
        assertThat(text).contains("Message-ID: <0b5e7a1c@alice>").contains("figures.pdf");
        assertThat(opened.subject()).isEqualTo("Quarterly figures — €");
    }

    @Test
    void aFailingSourceIsAnIoErrorNotTampering() throws IOException {
        Stored stored = sealFor(alice, message(), bob);
        VerifiedEnvelope verified = bob.opener().verify(stored.envelope(), alice.signing().publicKey());
        // The first pass (hash check) reads everything; the second fails half-way, like a disk error.
        ByteSource flaky = failingHalfWay(stored.body(), 1);
        assertThatThrownBy(() -> bob.opener().openBody(verified, flaky, AttachmentSink.DISCARD))
                .isInstanceOf(IOException.class).hasMessage("disk went away");
    }

    @Test
    void senderCopyKeepsBccAndOthersDoNot() throws IOException {
        Stored own = sealFor(alice, message(), alice);
        MessageOpener opener = alice.opener();
        VerifiedEnvelope verified = opener.verify(own.envelope(), alice.signing().publicKey());
        assertThat(opener.openSummary(verified, own.summary()).bcc()).containsExactly("dave!");
        assertThat(opener.openBody(verified, ByteSource.of(own.body()), AttachmentSink.DISCARD).bcc())
                .containsExactly(dave.address());

        Stored toDave = sealFor(alice, message(), dave);
        VerifiedEnvelope forDave = dave.opener().verify(toDave.envelope(), alice.signing().publicKey());
        assertThat(dave.opener().openBody(forDave, ByteSource.of(toDave.body()), AttachmentSink.DISCARD).bcc())
                .isEmpty();
        assertThat(new String(toDave.body(), UTF_8)).doesNotContain("dave");
    }

    @Test
    void aContactPermitTravelsOnlyInItsRecipientsSummary() throws IOException {
        org.mailv2.protocol.permit.PermitId permit = org.mailv2.protocol.permit.PermitId.random(RANDOM);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        SealedMessage forBob = alice.sealer(RANDOM).seal(shortMessage(), bob.address(), bob.encryption().recipient(),
                permit, body);
        VerifiedEnvelope verified = bob.opener().verify(forBob.envelope().sign(alice.signing(), null, null),
                alice.signing().publicKey());
        assertThat(bob.opener().openSummary(verified, forBob.summaryCiphertext()).permit()).isEqualTo(permit);

        Stored forCarol = sealFor(alice, message(), carol);
        VerifiedEnvelope carols = carol.opener().verify(forCarol.envelope(), alice.signing().publicKey());
        assertThat(carol.opener().openSummary(carols, forCarol.summary()).permit()).isNull();
        assertThatThrownBy(() -> alice.sealer(RANDOM).seal(shortMessage(), alice.address(),
                alice.encryption().recipient(), permit, new ByteArrayOutputStream()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSummaryPermitMustBeAPermitId() {
        String json = "{\"from\":\"alice!\",\"date\":\"2026-11-28T12:00:00Z\",\"messageId\":\"m@a\","
                + "\"threadId\":\"m@a\",\"size\":1,\"permit\":\"%s\"}";
        assertCode(() -> Summary.parse(json.formatted("short").getBytes(UTF_8)), ErrorCode.MALFORMED);
        assertThat(Summary.parse(json.formatted("AAECAwQFBgcICQoLDA0ODw").getBytes(UTF_8)).permit().text())
                .isEqualTo("AAECAwQFBgcICQoLDA0ODw");
        assertThat(new String(Summary.parse(json.replace(",\"permit\":\"%s\"", "").getBytes(UTF_8)).toJson(),
                UTF_8)).doesNotContain("permit");
    }

    @Test
    void envelopeRevealsNothingButHashesAndSizes() throws IOException {
        Stored stored = sealFor(alice, message(), bob);
        String json = new String(stored.envelope().toJson(), UTF_8);
        assertThat(json).doesNotContain("alice", "bob", "Quarterly", "figures", "2026-11-28T10");
        assertThat(json).contains(alice.address().hash().hex(), bob.address().hash().hex());
        assertThat(stored.envelope().bodySize()).isEqualTo(stored.body().length);
        assertThat(stored.envelope().bodySha256()).isEqualTo(Sha256.hash(stored.body()));
    }

    @Test
    void aReaderWhoRotatedOpensMailSealedToAnOlderKey() throws IOException {
        Stored stored = sealFor(alice, message(), bob);
        EncryptionIdentity rotated = EncryptionIdentity.generate(RANDOM);
        MessageOpener afterRotation = new MessageOpener(bob.address(), java.util.List.of(rotated, bob.encryption()));
        VerifiedEnvelope verified = afterRotation.verify(stored.envelope(), alice.signing().publicKey());
        assertThat(afterRotation.openSummary(verified, stored.summary()).subject()).isEqualTo("Quarterly figures — €");
        assertThat(afterRotation.openBody(verified, ByteSource.of(stored.body()), AttachmentSink.DISCARD).from())
                .isEqualTo(alice.address());
        MessageOpener onlyTheNewKey = new MessageOpener(bob.address(), java.util.List.of(rotated));
        assertCode(() -> onlyTheNewKey.openSummary(verified, stored.summary()), ErrorCode.DECRYPTION_FAILED);
    }

    @Test
    void someoneElseCannotOpen() throws IOException {
        Stored stored = sealFor(alice, message(), bob);
        assertCode(() -> carol.opener().verify(stored.envelope(), alice.signing().publicKey()), ErrorCode.NOT_RECIPIENT);
        MessageOpener impostor = new MessageOpener(bob.address(), carol.encryption());
        VerifiedEnvelope verified = impostor.verify(stored.envelope(), alice.signing().publicKey());
        assertCode(() -> impostor.openSummary(verified, stored.summary()), ErrorCode.DECRYPTION_FAILED);
        assertCode(() -> impostor.openBody(verified, ByteSource.of(stored.body()), AttachmentSink.DISCARD),
                ErrorCode.DECRYPTION_FAILED);
    }

    @Test
    void wrongSenderKeyIsBadSignature() throws IOException {
        Stored stored = sealFor(alice, message(), bob);
        assertCode(() -> bob.opener().verify(stored.envelope(), carol.signing().publicKey()), ErrorCode.BAD_SIGNATURE);
    }

    @Test
    void innerSenderMustBeTheSignerAndNothingIsReleasedOtherwise() throws IOException {
        Party mallory = Party.named("mallory!", RANDOM);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        SealedMessage sealed = mallory.sealer(RANDOM).seal(message(), bob.address(), bob.encryption().recipient(), body);
        UnsignedEnvelope u = sealed.envelope();
        UnsignedEnvelope asMallory = new UnsignedEnvelope(u.version(), u.messageId(), mallory.address().hash(),
                u.toHash(), u.senderKeyId(), u.summarySize(), u.summarySha256(), u.bodySize(), u.bodySha256());
        Envelope envelope = asMallory.sign(mallory.signing(), null, null);

        VerifiedEnvelope verified = bob.opener().verify(envelope, mallory.signing().publicKey());
        assertCode(() -> bob.opener().openSummary(verified, sealed.summaryCiphertext()), ErrorCode.SENDER_MISMATCH);
        List<String> opened = new ArrayList<>();
        assertCode(() -> bob.opener().openBody(verified, ByteSource.of(body.toByteArray()), (i, name, type) -> {
            opened.add(name);
            return OutputStream.nullOutputStream();
        }), ErrorCode.SENDER_MISMATCH);
        assertThat(opened).isEmpty();
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        assertCode(() -> bob.opener().openBody(verified, ByteSource.of(body.toByteArray()), AttachmentSink.DISCARD,
                raw), ErrorCode.SENDER_MISMATCH);
        assertThat(raw.size()).as("no byte of a message whose sender is not its signer").isZero();
    }

    @Test
    void everyFlippedSummaryOrBodyByteIsTampered() throws IOException {
        Stored stored = sealFor(alice, shortMessage(), bob);
        MessageOpener opener = bob.opener();
        VerifiedEnvelope verified = opener.verify(stored.envelope(), alice.signing().publicKey());
        for (int i = 0; i < stored.summary().length; i++) {
            byte[] bad = flip(stored.summary(), i);
            assertCode(() -> opener.openSummary(verified, bad), ErrorCode.TAMPERED);
        }
        for (int i = 0; i < stored.body().length; i++) {
            byte[] bad = flip(stored.body(), i);
            assertCode(() -> opener.openBody(verified, ByteSource.of(bad), AttachmentSink.DISCARD), ErrorCode.TAMPERED);
        }
        assertCode(() -> opener.openSummary(verified, java.util.Arrays.copyOf(stored.summary(), stored.summary().length - 1)),
                ErrorCode.TAMPERED);
    }

    @Test
    void openingOnceGivesWhatOpeningTwiceGives() throws IOException {
        Stored stored = sealFor(alice, message(), bob);
        VerifiedEnvelope verified = bob.opener().verify(stored.envelope(), alice.signing().publicKey());
        Map<String, ByteArrayOutputStream> twice = new HashMap<>();
        Map<String, ByteArrayOutputStream> once = new HashMap<>();
        OpenedMessage expected = bob.opener().openBody(verified, ByteSource.of(stored.body()),
                (i, name, type) -> twice.computeIfAbsent(name, n -> new ByteArrayOutputStream()));
        OpenedMessage opened = bob.opener().openBodyOnce(verified, ByteSource.of(stored.body()),
                (i, name, type) -> once.computeIfAbsent(name, n -> new ByteArrayOutputStream()));
        assertThat(opened).usingRecursiveComparison().isEqualTo(expected);
        assertThat(once.keySet()).containsExactlyInAnyOrder("figures.pdf", "notes.txt");
        assertThat(once.get("figures.pdf").toByteArray()).isEqualTo(pdf);
        assertThat(once.get("notes.txt").toByteArray()).isEqualTo(twice.get("notes.txt").toByteArray());
    }

    @Test
    void openingOnceEveryFlippedTruncatedOrLengthenedBodyIsTampered() throws IOException {
        Stored stored = sealFor(alice, shortMessage(), bob);
        MessageOpener opener = bob.opener();
        VerifiedEnvelope verified = opener.verify(stored.envelope(), alice.signing().publicKey());
        for (int i = 0; i < stored.body().length; i++) {
            byte[] bad = flip(stored.body(), i);
            assertCode(() -> opener.openBodyOnce(verified, ByteSource.of(bad), AttachmentSink.DISCARD),
                    ErrorCode.TAMPERED);
        }
        for (int length : new int[] {0, 1, stored.body().length / 2, stored.body().length - 1}) {
            byte[] cut = java.util.Arrays.copyOf(stored.body(), length);
            assertCode(() -> opener.openBodyOnce(verified, ByteSource.of(cut), AttachmentSink.DISCARD),
                    ErrorCode.TAMPERED);
        }
        byte[] longer = java.util.Arrays.copyOf(stored.body(), stored.body().length + 1);
        assertCode(() -> opener.openBodyOnce(verified, ByteSource.of(longer), AttachmentSink.DISCARD),
                ErrorCode.TAMPERED);
    }

    @Test
    void openingOnceAnEndlessBodyStopsJustPastTheSignedSize() throws IOException {
        Stored stored = sealFor(alice, shortMessage(), bob);
        VerifiedEnvelope verified = bob.opener().verify(stored.envelope(), alice.signing().publicKey());
        long[] served = {0};
        ByteSource endless = new ByteSource() {
            @Override
            public java.io.InputStream open() {
                return new java.io.InputStream() {
                    @Override
                    public int read() {
                        long at = served[0]++;
                        return at < stored.body().length ? stored.body()[(int) at] & 0xff : 'x';
                    }
                };
            }

            @Override
            public long size() {
                return Long.MAX_VALUE;
            }
        };
        assertCode(() -> bob.opener().openBodyOnce(verified, endless, AttachmentSink.DISCARD), ErrorCode.TAMPERED);
        assertThat(served[0]).isEqualTo(stored.body().length + 1L);
    }

    @Test
    void openingOnceABodySwappedForAnotherSealedToTheRecipientIsTampered() throws IOException {
        // Anyone can seal to bob's public key: a server swaps in its own body claiming alice as the sender. Its
        // attachments reach the sink before the hash is known, so the call must fail and the sink be dropped.
        Stored real = sealFor(alice, message(), bob);
        Party mallory = Party.named("mallory!", RANDOM);
        ByteArrayOutputStream forged = new ByteArrayOutputStream();
        new MessageSealer(mallory.signing().keyId(), RANDOM).seal(message(), bob.address(),
                bob.encryption().recipient(), forged);
        VerifiedEnvelope verified = bob.opener().verify(real.envelope(), alice.signing().publicKey());
        assertCode(() -> bob.opener().openBodyOnce(verified, ByteSource.of(forged.toByteArray()),
                AttachmentSink.DISCARD), ErrorCode.TAMPERED);
    }

    @Test
    void openingOnceASourceThatFailsIsAnIoError() throws IOException {
        Stored stored = sealFor(alice, message(), bob);
        VerifiedEnvelope verified = bob.opener().verify(stored.envelope(), alice.signing().publicKey());
        ByteSource failing = failingHalfWay(stored.body(), 0);
        assertThatThrownBy(() -> bob.opener().openBodyOnce(verified, failing, AttachmentSink.DISCARD))
                .isInstanceOf(IOException.class).hasMessage("disk went away");
    }

    @Test
    void everyFlippedCiphertextByteFailsAuthenticationEvenWhenTheSenderSignsIt() throws IOException {
        // A buggy or malicious sender signs hashes of corrupted ciphertexts: age's own authentication must catch it.
        Stored stored = sealFor(alice, shortMessage(), bob);
        for (int i = 0; i < stored.summary().length; i++) {
            byte[] bad = flip(stored.summary(), i);
            Envelope resigned = withHashes(stored.envelope(), bad, stored.body());
            VerifiedEnvelope verified = bob.opener().verify(resigned, alice.signing().publicKey());
            assertCode(() -> bob.opener().openSummary(verified, bad), ErrorCode.DECRYPTION_FAILED);
        }
        for (int i = 0; i < stored.body().length; i++) {
            byte[] bad = flip(stored.body(), i);
            Envelope resigned = withHashes(stored.envelope(), stored.summary(), bad);
            VerifiedEnvelope verified = bob.opener().verify(resigned, alice.signing().publicKey());
            assertCode(() -> bob.opener().openBody(verified, ByteSource.of(bad), AttachmentSink.DISCARD),
                    ErrorCode.DECRYPTION_FAILED);
            assertCode(() -> bob.opener().openBodyOnce(verified, ByteSource.of(bad), AttachmentSink.DISCARD),
                    ErrorCode.DECRYPTION_FAILED);
        }
    }

    @Test
    void everyFlippedSignatureBitIsBadSignature() throws IOException {
        Stored stored = sealFor(alice, shortMessage(), bob);
        byte[] sig = stored.envelope().signature().bytes();
        for (int bit = 0; bit < sig.length * 8; bit++) {
            byte[] bad = sig.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            Envelope e = stored.envelope();
            Envelope forged = new Envelope(e.version(), e.messageId(), e.fromHash(), e.toHash(), e.senderKeyId(),
                    e.summarySize(), e.summarySha256(), e.bodySize(), e.bodySha256(), e.stamp(), e.permitId(),
                    Signature.ofBytes(bad));
            assertCode(() -> bob.opener().verify(forged, alice.signing().publicKey()), ErrorCode.BAD_SIGNATURE);
        }
    }

    @Test
    void everyFlippedEnvelopeByteIsRefused() throws IOException {
        Stored stored = sealFor(alice, shortMessage(), bob);
        byte[] json = stored.envelope().toJson();
        Set<ErrorCode> refusals = Set.of(ErrorCode.MALFORMED, ErrorCode.BAD_SIGNATURE, ErrorCode.NOT_RECIPIENT,
                ErrorCode.UNSUPPORTED_VERSION, ErrorCode.TOO_LARGE);
        Map<ErrorCode, Integer> seen = new HashMap<>();
        for (int i = 0; i < json.length; i++) {
            byte[] bad = flip(json, i);
            try {
                bob.opener().verify(Envelope.parse(bad), alice.signing().publicKey());
                throw new AssertionError("flipping envelope byte " + i + " went unnoticed");
            } catch (ProtocolException e) {
                assertThat(refusals).as("byte %d: %s", i, e.getMessage()).contains(e.code());
                seen.merge(e.code(), 1, Integer::sum);
            }
        }
        assertThat(seen).containsKeys(ErrorCode.MALFORMED, ErrorCode.BAD_SIGNATURE, ErrorCode.NOT_RECIPIENT);
    }

    @Test
    void envelopeRefusesStampAndPermitTogetherAndUnknownFields() throws IOException {
        Stored stored = sealFor(alice, shortMessage(), bob);
        String json = new String(stored.envelope().toJson(), UTF_8);
        assertCode(() -> Envelope.parse(json.replace("{\"bodySha256\"", "{\"extra\":1,\"bodySha256\"").getBytes(UTF_8)),
                ErrorCode.MALFORMED);
        assertCode(() -> Envelope.parse(json.replace("\"version\":1", "\"version\":2").getBytes(UTF_8)),
                ErrorCode.UNSUPPORTED_VERSION);
    }

    private Envelope withHashes(Envelope e, byte[] summary, byte[] body) {
        return new UnsignedEnvelope(e.version(), java.util.UUID.fromString(e.messageId()), e.fromHash(), e.toHash(),
                e.senderKeyId(), summary.length, Sha256.hash(summary), body.length, Sha256.hash(body))
                .sign(alice.signing(), null, null);
    }

    private InnerMessage shortMessage() {
        return new InnerMessage(alice.address(), null, List.of(bob.address()), List.of(), List.of(), "hi",
                Instant.parse("2026-11-28T10:15:30Z"), "m1@alice", null, List.of(), null, "short", List.of());
    }

    private static byte[] flip(byte[] in, int index) {
        byte[] out = in.clone();
        out[index] ^= 0x01;
        return out;
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** {@code body}, whose reads fail half-way through after the first {@code wholeReads} opens. */
    private static ByteSource failingHalfWay(byte[] body, int wholeReads) {
        int[] opens = {0};
        return new ByteSource() {
            @Override
            public java.io.InputStream open() {
                boolean failing = opens[0]++ >= wholeReads;
                return new java.io.FilterInputStream(new java.io.ByteArrayInputStream(body)) {
                    private int read;

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        if (failing && read > body.length / 2) {
                            throw new IOException("disk went away");
                        }
                        int n = super.read(b, off, Math.min(len, 512));
                        read += Math.max(n, 0);
                        return n;
                    }
                };
            }

            @Override
            public long size() {
                return body.length;
            }
        };
    }

    private static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(code);
    }
}
