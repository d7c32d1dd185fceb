package org.mailv2.client.core.send;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.mailv2.client.core.account.Connection;
import org.mailv2.protocol.api.ApiException;
import org.mailv2.protocol.seal.ByteSource;
import org.mailv2.protocol.seal.Envelope;

/**
 * Sealed copies not yet accepted by the own server, kept on disk until they are: one folder per copy with the
 * envelope, the summary and the body ciphertexts (nothing readable to anyone but the recipient). A copy is written
 * completely before it is named, so a crash never leaves half a copy behind.
 */
public final class Outbox {
    static final String ENVELOPE = "envelope.json";
    static final String SUMMARY = "summary.age";
    static final String BODY = "body.age";
    static final String SENDER = "sender";

    private final Path dir;
    private final HeldCopies held;

    public Outbox(Path dir) {
        this(dir, java.time.Clock.systemUTC());
    }

    public Outbox(Path dir, java.time.Clock clock) {
        this.dir = dir;
        this.held = new HeldCopies(dir, clock);
    }

    Path folder() {
        return dir;
    }

    HeldCopies held() {
        return held;
    }

    /** A copy being written: seal the body into {@link #body()}, then {@link #commit}. */
    public final class Pending implements AutoCloseable {
        private final Path staging;
        private Path committed;

        private Pending(Path staging) {
            this.staging = staging;
        }

        public OutputStream body() throws IOException {
            return Files.newOutputStream(staging.resolve(BODY));
        }

        public Path commit(String sender, Envelope envelope, byte[] summary) throws IOException {
            return commit(sender, envelope, summary, null);
        }

        /**
         * As {@link #commit(String, Envelope, byte[])}; with {@code holdFor}, the copy is kept after the server
         * accepts it (see {@link HeldCopies}).
         */
        Path commit(String sender, Envelope envelope, byte[] summary, org.mailv2.protocol.address.Address holdFor)
                throws IOException {
            if (holdFor != null) {
                Files.writeString(staging.resolve(HeldCopies.RECIPIENT), holdFor.display(), StandardCharsets.UTF_8);
            }
            Files.writeString(staging.resolve(SENDER), sender, StandardCharsets.UTF_8);
            Files.write(staging.resolve(ENVELOPE), envelope.toJson());
            Files.write(staging.resolve(SUMMARY), summary);
            committed = dir.resolve(envelope.messageId());
            Files.move(staging, committed, StandardCopyOption.ATOMIC_MOVE);
            return committed;
        }

        @Override
        public void close() throws IOException {
            if (committed == null) {
                deleteTree(staging);
            }
        }
    }

    public Pending begin() throws IOException {
        Files.createDirectories(dir);
        return new Pending(Files.createTempDirectory(dir, ".staging-"));
    }

    /**
     * Hands one stored copy to the server; removes it once accepted or refused for good (or, when it was committed to
     * be held, holds it once accepted).
     */
    public void submit(Connection connection, Path copy) throws IOException {
        Envelope envelope = Envelope.parse(Files.readAllBytes(copy.resolve(ENVELOPE)));
        try {
            connection.server().submit(envelope, Files.readAllBytes(copy.resolve(SUMMARY)),
                    ByteSource.of(copy.resolve(BODY)));
        } catch (ApiException refused) {
            deleteTree(copy);
            throw refused;
        }
        if (Files.exists(copy.resolve(HeldCopies.RECIPIENT))) {
            held.hold(copy, envelope.messageId());
        } else {
            deleteTree(copy);
        }
    }

    /** Puts a held copy back as an ordinary outbox copy under {@code replacement} (same ciphertexts). */
    Path requeue(HeldCopies.Held copy, Envelope replacement) throws IOException {
        Files.write(copy.dir().resolve(ENVELOPE), replacement.toJson());
        Path target = dir.resolve(replacement.messageId());
        Files.move(copy.dir(), target, StandardCopyOption.ATOMIC_MOVE);
        // Removed last: a crash before this leaves a copy that is simply held again once accepted.
        Files.delete(target.resolve(HeldCopies.RECIPIENT));
        return target;
    }

    /**
     * Retries every stored copy of {@code sender}; copies the server still cannot be reached for stay.
     *
     * @return how many were delivered; refusals are reported through {@code refused}
     */
    public int flush(Connection connection, String sender, List<ApiException> refused) throws IOException {
        int delivered = 0;
        for (Path copy : pending(sender)) {
            try {
                submit(connection, copy);
                delivered++;
            } catch (ApiException e) {
                refused.add(e);
            }
        }
        return delivered;
    }

    public List<Path> pending(String sender) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> copies = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing(p -> p.toFile().lastModified())).toList()) {
                if (Files.readString(p.resolve(SENDER), StandardCharsets.UTF_8).equals(sender)) {
                    copies.add(p);
                }
            }
        }
        return copies;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
