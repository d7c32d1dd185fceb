package org.mailv2.client.core.send;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.seal.Envelope;

/**
 * Copies that went out with a permit a contact gave and were relayed by the own server: the recipient's server may
 * still refuse the permit, which the sender learns only later from its postmaster. Each such copy is kept (sealed,
 * as sent) under {@code outbox/.held/<envelope id>} so it can go again with a stamp, until the relay's retry window
 * is surely over.
 */
final class HeldCopies {
    /** The relay gives up after 72 hours by default; a notice cannot name a copy much older than that. */
    static final Duration KEPT = Duration.ofDays(4);
    static final String RECIPIENT = "recipient";

    /** One held copy: its folder (outbox layout plus the recipient), the recipient, and the envelope it went with. */
    record Held(Path dir, Address recipient, Envelope envelope) {
    }

    private final Path root;
    private final Clock clock;

    HeldCopies(Path outbox, Clock clock) {
        this.root = outbox.resolve(".held");
        this.clock = clock;
    }

    /** Takes over an accepted outbox copy (its folder moves) and forgets copies past {@link #KEPT}. */
    void hold(Path copy, String messageId) throws IOException {
        Files.createDirectories(root);
        Path target = root.resolve(messageId);
        Files.move(copy, target, StandardCopyOption.ATOMIC_MOVE);
        Files.setLastModifiedTime(target, FileTime.from(clock.instant()));
        prune();
    }

    Optional<Held> find(String sender, UUID envelopeId) throws IOException {
        Path dir = root.resolve(envelopeId.toString());
        if (!Files.isDirectory(dir) || !Files.readString(dir.resolve(Outbox.SENDER), StandardCharsets.UTF_8)
                .equals(sender)) {
            return Optional.empty();
        }
        return Optional.of(new Held(dir, Address.parse(Files.readString(dir.resolve(RECIPIENT),
                StandardCharsets.UTF_8)), Envelope.parse(Files.readAllBytes(dir.resolve(Outbox.ENVELOPE)))));
    }

    boolean any() throws IOException {
        if (!Files.isDirectory(root)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.findAny().isPresent();
        }
    }

    void release(Held held) throws IOException {
        Outbox.deleteTree(held.dir());
    }

    private void prune() throws IOException {
        FileTime oldest = FileTime.from(clock.instant().minus(KEPT));
        try (Stream<Path> entries = Files.list(root)) {
            for (Path p : entries.toList()) {
                if (Files.getLastModifiedTime(p).compareTo(oldest) < 0) {
                    Outbox.deleteTree(p);
                }
            }
        }
    }
}
