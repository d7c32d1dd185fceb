package org.mailv2.client.core.open;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.mailv2.client.core.read.AttachmentFolder;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.seal.AttachmentSink;

/**
 * Opens one attachment with another program: it is decrypted into the {@link RuntimeFolder} (0600), kept only when
 * the whole message verified, replaced by a {@link HtmlCopy} when it is HTML, handed to its mailcap viewer (else
 * {@code xdg-open}), and removed when the viewer exits — though not sooner than {@code keep} after it started, since a
 * launcher such as {@code xdg-open} returns before the program it starts has read the file.
 */
public final class AttachmentOpener {
    /** What was opened and how. */
    public record Opened(String name, String contentType, boolean cleanedHtml, String command, int exit) {
    }

    /** Runs a viewer's shell command: on this terminal for the CLI, around a suspended screen for the TUI. */
    @FunctionalInterface
    public interface Runner {
        int run(ProcessBuilder viewer, boolean needsTerminal) throws IOException, InterruptedException;
    }

    /** Reads the message, its attachments going to {@code sink}; throws when anything fails to verify. */
    @FunctionalInterface
    public interface Reading {
        void readInto(AttachmentSink sink) throws IOException;
    }

    private final RuntimeFolder folder;
    private final Mailcap mailcap;
    private final Duration keep;
    private final SecureRandom random = new SecureRandom();

    public AttachmentOpener(RuntimeFolder folder, Mailcap mailcap, Duration keep) {
        this.folder = folder;
        this.mailcap = mailcap;
        this.keep = keep;
    }

    /** For an environment: its runtime folder and mailcap files, and {@code MAILV2_OPEN_KEEP_SECONDS} (default 10). */
    public static AttachmentOpener of(Map<String, String> env) throws IOException {
        String seconds = env.getOrDefault("MAILV2_OPEN_KEEP_SECONDS", "10");
        Duration keep;
        try {
            keep = Duration.ofSeconds(Math.max(0, Long.parseLong(seconds.strip())));
        } catch (NumberFormatException e) {
            throw new ProtocolException(ErrorCode.MALFORMED, "MAILV2_OPEN_KEEP_SECONDS is not a number: " + seconds);
        }
        return new AttachmentOpener(RuntimeFolder.of(env), Mailcap.load(env), keep);
    }

    /**
     * Opens attachment {@code number} (1 for the first) of the message {@code reading} reads.
     *
     * @throws ProtocolException {@code malformed} when the message has no such attachment; the reading's own codes
     *     when it fails a check (then nothing stays on disk)
     */
    public Opened open(Reading reading, int number, Runner runner) throws IOException, InterruptedException {
        OneAttachment sink = new OneAttachment(number - 1);
        try {
            reading.readInto(sink);
        } catch (IOException | RuntimeException failed) {
            sink.discard();
            throw failed;
        }
        if (sink.file == null) {
            throw new ProtocolException(ErrorCode.MALFORMED, "the message has no attachment " + number);
        }
        Path file = sink.file;
        try {
            String type = sink.contentType;
            boolean html = type.equals("text/html") || sink.name.toLowerCase(Locale.ROOT).matches(".*\\.html?");
            if (html) {
                Path copy = fileFor(sink.name.replaceFirst("(?i)\\.html?$", "") + ".html");
                Files.writeString(copy, HtmlCopy.of(Files.readString(file, StandardCharsets.UTF_8)));
                Files.delete(file);
                file = copy;
                type = "text/html";
            }
            return run(sink.name, type, html, file, runner);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private Opened run(String name, String type, boolean html, Path file, Runner runner)
            throws IOException, InterruptedException {
        var entry = mailcap.find(type, file, AttachmentOpener::passes);
        String command = entry.map(e -> e.commandFor(file, type)).orElse("xdg-open " + Mailcap.quote(file.toString()));
        ProcessBuilder viewer = new ProcessBuilder("sh", "-c", command);
        if (entry.isPresent() && entry.get().readsStandardInput()) {
            viewer.redirectInput(file.toFile());
        }
        long started = System.nanoTime();
        int exit = runner.run(viewer, entry.map(Mailcap.Entry::needsTerminal).orElse(false));
        long left = keep.toNanos() - (System.nanoTime() - started);
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
        return new Opened(name, type, html, command, exit);
    }

    private static boolean passes(String test) {
        try {
            Process p = new ProcessBuilder("sh", "-c", test).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * A new private file whose name keeps the attachment's (for programs that go by the extension) in characters no
     * shell or mailcap quoting can trip on.
     */
    private Path fileFor(String attachmentName) throws IOException {
        byte[] tag = new byte[6];
        random.nextBytes(tag);
        String safe = AttachmentFolder.safeName(attachmentName, 0).replaceAll("[^A-Za-z0-9._-]", "_");
        return Files.createFile(folder.path().resolve(HexFormat.of().formatHex(tag) + "-" + safe),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }

    /** Keeps attachment {@code wanted}; the others are read past. */
    private final class OneAttachment implements AttachmentSink {
        private final int wanted;
        Path file;
        String name;
        String contentType;

        OneAttachment(int wanted) {
            this.wanted = wanted;
        }

        @Override
        public OutputStream open(int index, String attachmentName, String type) throws IOException {
            if (index != wanted) {
                return OutputStream.nullOutputStream();
            }
            name = AttachmentFolder.safeName(attachmentName, index);
            contentType = type != null && type.toLowerCase(Locale.ROOT)
                    .matches("[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+") ? type.toLowerCase(Locale.ROOT)
                    : "application/octet-stream";
            file = fileFor(name);
            return Files.newOutputStream(file);
        }

        void discard() throws IOException {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** The default runner: the viewer shares this process's terminal and the caller waits for it. */
    public static int inherit(ProcessBuilder viewer, boolean needsTerminal) throws IOException, InterruptedException {
        if (viewer.redirectInput() == ProcessBuilder.Redirect.PIPE) {
            viewer.redirectInput(ProcessBuilder.Redirect.INHERIT);
        }
        return viewer.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start().waitFor();
    }
}
