package org.mailv2.client.core.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.permit.PermitId;
import org.mailv2.protocol.seal.Envelope;
import org.mailv2.protocol.seal.InnerMessage;
import org.mailv2.protocol.seal.MessageSealer;
import org.mailv2.protocol.seal.SealedMessage;

class HeldCopiesTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");
    private final Address alice = Address.parse("alice!");
    private final Address bob = Address.parse("bob!");
    private final SigningPrivateKey key = SigningPrivateKey.generate(RANDOM);

    @TempDir
    Path dir;

    /** A committed outbox copy to bob that used a permit, as Sender leaves it before submitting. */
    private Path committed(Outbox outbox, PermitId permit) throws Exception {
        InnerMessage message = new InnerMessage(alice, null, List.of(bob), List.of(), List.of(), "hi", T0, "m@alice",
                null, List.of(), null, "hello", List.of());
        try (Outbox.Pending pending = outbox.begin()) {
            SealedMessage sealed;
            try (OutputStream out = pending.body()) {
                sealed = new MessageSealer(key.keyId(), RANDOM).seal(message, bob,
                        EncryptionIdentity.generate(RANDOM).recipient(), out);
            }
            Envelope envelope = sealed.envelope().sign(key, null, permit);
            return pending.commit("alice!", bob, envelope, sealed.summaryCiphertext(), true);
        }
    }

    @Test
    void aHeldCopyIsFoundByItsEnvelopeIdForItsSenderOnly() throws Exception {
        Outbox outbox = new Outbox(dir, Clock.fixed(T0, ZoneOffset.UTC));
        PermitId permit = PermitId.random(RANDOM);
        Path copy = committed(outbox, permit);
        String id = copy.getFileName().toString();
        outbox.held().hold(copy, id);

        assertThat(outbox.pending("alice!")).isEmpty();
        var held = outbox.held().find("alice!", UUID.fromString(id)).orElseThrow();
        assertThat(held.recipient()).isEqualTo(bob);
        assertThat(held.envelope().permitId()).isEqualTo(permit);
        assertThat(outbox.held().find("carol!", UUID.fromString(id))).isEmpty();
        assertThat(outbox.held().find("alice!", UUID.randomUUID())).isEmpty();

        // Sent again with a stamp: an ordinary outbox copy under the new envelope, no longer held.
        Envelope stamped = new org.mailv2.protocol.seal.UnsignedEnvelope(1, UUID.randomUUID(),
                held.envelope().fromHash(), held.envelope().toHash(), key.keyId(), held.envelope().summarySize(),
                held.envelope().summarySha256(), held.envelope().bodySize(), held.envelope().bodySha256())
                .sign(key, null, null);
        Path requeued = outbox.requeue(held, stamped).dir();
        assertThat(outbox.pending("alice!")).containsExactly(requeued);
        assertThat(Envelope.parse(Files.readAllBytes(requeued.resolve(Outbox.ENVELOPE)))).isEqualTo(stamped);
        assertThat(requeued.resolve(HeldCopies.RECIPIENT)).doesNotExist();
        assertThat(outbox.held().any()).isFalse();
    }

    @Test
    void copiesPastTheRelaysRetryWindowAreForgotten() throws Exception {
        Outbox early = new Outbox(dir, Clock.fixed(T0, ZoneOffset.UTC));
        Path first = committed(early, PermitId.random(RANDOM));
        early.held().hold(first, first.getFileName().toString());
        Outbox later = new Outbox(dir, Clock.fixed(T0.plus(HeldCopies.KEPT).plusSeconds(1), ZoneOffset.UTC));
        Path second = committed(later, PermitId.random(RANDOM));
        later.held().hold(second, second.getFileName().toString());

        assertThat(later.held().find("alice!", UUID.fromString(first.getFileName().toString()))).isEmpty();
        assertThat(later.held().find("alice!", UUID.fromString(second.getFileName().toString()))).isPresent();
    }
}
