package org.mailv2.client.core.send;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.account.TransferProgress;
import org.mailv2.client.core.vault.AtomicFile;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.seal.ByteSource;
import org.mailv2.protocol.seal.Envelope;

/**
 * Sealed copies not yet accepted by the own server, kept on disk until they are: one folder per copy with the
 * envelope, the summary and the body ciphertexts (nothing readable to anyone but the recipient). A copy is written
 * completely and forced to disk before it is named, so a crash never leaves half a copy behind; a copy folder that is
 * torn all the same (a file missing or cut short, an envelope that does not parse) is moved aside to
 * {@code .quarantine/} and reported, and never holds up the others. A copy leaves only when the server accepts it or
 * refuses it for good ({@link #drop}); a passing error leaves it here.
 */
public final class Outbox {
    static final String ENVELOPE = "envelope.json";
    static final String SUMMARY = "summary.age";
    static final String BODY = "body.age";
    static final String SENDER = "sender";
    /** The recipient's address, for reports; copies written before it was kept have none. */
    static final String TO = "to";
    static final String QUARANTINE = ".quarantine";

    private final Path dir;
    private final HeldCopies held;
    private final java.time.Clock clock;

    public Outbox(Path dir) {
        this(dir, java.time.Clock.systemUTC());
    }

    public Outbox(Path dir, java.time.Clock clock) {
        this.dir = dir;
        this.clock = clock;
        this.held = new HeldCopies(dir, clock);
    }

    Path folder() {
        return dir;
    }

    HeldCopies held() {
        return held;
    }

    /** A stored copy, read and checked: its folder, its envelope, and its recipient (null for an old copy). */
    /** The name prefix of a copy committed but held back (see {@link Pending#commit(String, Address, Envelope, byte[], boolean, boolean)}). */
    static final String HELD_BACK = ".held-back-";

    public record Stored(Path dir, Envelope envelope, Address recipient) {
    }

    /** The waiting copies of one sender, oldest first, and the names of the torn copies moved to quarantine now. */
    public record Waiting(List<Stored> copies, List<String> quarantined) {
        public int size() {
            return copies.size();
        }
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

        /**
         * Names the copy once every file of it is on disk. With {@code hold}, the copy is kept after the server
         * accepts it (see {@link HeldCopies}).
         */
        public Path commit(String sender, Address recipient, Envelope envelope, byte[] summary, boolean hold)
                throws IOException {
            return commit(sender, recipient, envelope, summary, hold, false);
        }

        /**
         * As above; with {@code heldBack} the copy is whole on disk but not waiting yet (flushes pass it over) until
         * {@link #reveal}: a send's Sent copy, which must not go out for a message none of whose copies did.
         */
        public Path commit(String sender, Address recipient, Envelope envelope, byte[] summary, boolean hold,
                           boolean heldBack) throws IOException {
            if (hold) {
                write(staging.resolve(HeldCopies.RECIPIENT), recipient.display().getBytes(StandardCharsets.UTF_8));
            }
            write(staging.resolve(TO), recipient.display().getBytes(StandardCharsets.UTF_8));
            write(staging.resolve(SENDER), sender.getBytes(StandardCharsets.UTF_8));
            write(staging.resolve(ENVELOPE), envelope.toJson());
            write(staging.resolve(SUMMARY), summary);
            force(staging.resolve(BODY));
            AtomicFile.forceDirectory(staging);
            committed = dir.resolve((heldBack ? HELD_BACK : "") + envelope.messageId());
            Files.move(staging, committed, StandardCopyOption.ATOMIC_MOVE);
            AtomicFile.forceDirectory(dir);
            return committed;
        }

        @Override
        public void close() throws IOException {
            if (committed == null) {
                deleteTree(staging);
            }
        }
    }

    /**
     * Removes held-back copies of sends that ended before any of their copies was committed (a crash): none of the
     * message went out, so its Sent copy must not either. A send commits its first copy within moments; an hour
     * leaves any running send alone.
     */
    private void removeAbandonedHeldBack() throws IOException {
        java.time.Instant before = clock.instant().minus(java.time.Duration.ofHours(1));
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.filter(e -> e.getFileName().toString().startsWith(HELD_BACK)).toList()) {
                if (Files.getLastModifiedTime(p).toInstant().isBefore(before)) {
                    deleteTree(p);
                }
            }
        }
    }

    /** Makes a held-back copy wait like any other (one atomic rename). */
    Stored reveal(Stored heldBack) throws IOException {
        Path waiting = dir.resolve(heldBack.envelope().messageId());
        Files.move(heldBack.dir(), waiting, StandardCopyOption.ATOMIC_MOVE);
        AtomicFile.forceDirectory(dir);
        return new Stored(waiting, heldBack.envelope(), heldBack.recipient());
    }

    public Pending begin() throws IOException {
        Files.createDirectories(dir);
        return new Pending(Files.createTempDirectory(dir, ".staging-"));
    }

    /**
     * Hands one stored copy to the server; once accepted it is removed (or, when it was committed to be held, held).
     * A refusal leaves it where it is: the caller {@link #drop}s it when the refusal is permanent.
     *
     * @throws org.mailv2.protocol.api.ApiException as the server answers
     * @throws IOException when the server cannot be reached
     */
    void submit(Connection connection, Stored copy, TransferProgress uploads) throws IOException {
        String what = copy.recipient() == null || copy.recipient().equals(connection.account().parsedAddress())
                ? "uploading your Sent copy" : "uploading to " + copy.recipient().display();
        connection.server().submit(copy.envelope(), Files.readAllBytes(copy.dir().resolve(SUMMARY)),
                uploads.counting(ByteSource.of(copy.dir().resolve(BODY)), what));
        if (Files.exists(copy.dir().resolve(HeldCopies.RECIPIENT))) {
            held.hold(copy.dir(), copy.envelope().messageId());
        } else {
            retire(copy.dir());
        }
    }

    /** Removes a copy the server refused for good. */
    void drop(Stored copy) throws IOException {
        retire(copy.dir());
    }

    /**
     * Removes a copy folder so that no reader sees it half deleted (which would look torn): it is first renamed to a
     * name the outbox passes over. Another process (the TUI and a command sharing the profile) may have taken it.
     */
    private void retire(Path copy) throws IOException {
        Path gone = dir.resolve(".gone-" + copy.getFileName());
        try {
            Files.move(copy, gone, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException takenMeanwhile) {
            return;
        }
        deleteTree(gone);
    }

    /**
     * The same sealed ciphertexts under {@code replacement} (a new envelope id with a fresh stamp): the envelope file
     * is replaced durably first, then the folder takes the new id. A crash between the two leaves a folder whose name
     * is the old id and whose envelope is the new one, which is read and sent as it is.
     */
    Stored reenvelope(Stored copy, Envelope replacement) throws IOException {
        AtomicFile.replace(copy.dir().resolve(ENVELOPE), replacement.toJson());
        Path target = dir.resolve(replacement.messageId());
        Files.move(copy.dir(), target, StandardCopyOption.ATOMIC_MOVE);
        AtomicFile.forceDirectory(dir);
        return new Stored(target, replacement, copy.recipient());
    }

    /** Puts a held copy back as an ordinary outbox copy under {@code replacement} (same ciphertexts). */
    Stored requeue(HeldCopies.Held copy, Envelope replacement) throws IOException {
        AtomicFile.replace(copy.dir().resolve(ENVELOPE), replacement.toJson());
        Path target = dir.resolve(replacement.messageId());
        Files.move(copy.dir(), target, StandardCopyOption.ATOMIC_MOVE);
        // Removed last: a crash before this leaves a copy that is simply held again once accepted.
        Files.delete(target.resolve(HeldCopies.RECIPIENT));
        AtomicFile.forceDirectory(dir);
        return new Stored(target, replacement, copy.recipient());
    }

    /** A copy just committed, as stored. */
    Stored stored(Path copy, Envelope envelope, Address recipient) {
        return new Stored(copy, envelope, recipient);
    }

    /**
     * The waiting copies of {@code sender}, oldest first. Torn copies (of anyone: a torn copy may not say whose it is)
     * are moved to {@code .quarantine/} on the way and named in the answer.
     */
    public Waiting waiting(String sender) throws IOException {
        List<Stored> copies = new ArrayList<>();
        List<String> quarantined = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return new Waiting(copies, quarantined);
        }
        removeAbandonedHeldBack();
        List<Path> folders;
        try (Stream<Path> entries = Files.list(dir)) {
            folders = entries.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing(p -> p.toFile().lastModified())).toList();
        }
        for (Path p : folders) {
            String owner;
            Stored copy;
            try {
                owner = Files.readString(p.resolve(SENDER), StandardCharsets.UTF_8);
                copy = read(p);
            } catch (IOException | ProtocolException | IllegalArgumentException torn) {
                if (quarantine(p)) {
                    quarantined.add(p.getFileName().toString());
                }
                continue;
            }
            if (owner.equals(sender)) {
                copies.add(copy);
            }
        }
        return new Waiting(copies, quarantined);
    }

    /** The paths of the waiting copies of {@code sender}, oldest first (quarantining torn ones). */
    public List<Path> pending(String sender) throws IOException {
        return waiting(sender).copies().stream().map(Stored::dir).toList();
    }

    /** Reads one copy and checks that its ciphertexts are whole: the sizes its signed envelope names. */
    private static Stored read(Path copy) throws IOException {
        Envelope envelope = Envelope.parse(Files.readAllBytes(copy.resolve(ENVELOPE)));
        if (Files.size(copy.resolve(SUMMARY)) != envelope.summarySize()
                || Files.size(copy.resolve(BODY)) != envelope.bodySize()) {
            throw new IOException("a ciphertext of the copy is not the size its envelope says");
        }
        Address recipient;
        try {
            recipient = Address.parse(Files.readString(copy.resolve(TO), StandardCharsets.UTF_8));
        } catch (NoSuchFileException writtenBeforeRecipientsWereKept) {
            recipient = null;
        }
        return new Stored(copy, envelope, recipient);
    }

    /** Moves a torn copy aside; false when it is gone already (sent or moved by another process meanwhile). */
    private boolean quarantine(Path copy) throws IOException {
        Path folder = dir.resolve(QUARANTINE);
        Files.createDirectories(folder);
        Path target = folder.resolve(copy.getFileName());
        for (int n = 1; Files.exists(target); n++) {
            target = folder.resolve(copy.getFileName() + "." + n);
        }
        try {
            Files.move(copy, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException goneMeanwhile) {
            return false;
        }
        AtomicFile.forceDirectory(dir);
        return true;
    }

    private static void write(Path file, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    private static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
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
