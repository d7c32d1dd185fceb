package org.mailv2.client.core.lists;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.mailv2.client.core.send.MessageIdentity;
import org.mailv2.client.core.vault.AtomicFile;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.json.Json;
import org.mailv2.protocol.passphrase.SecretBox;

/**
 * The folder of list-post journals, so that a post interrupted half-way (the process killed after 400 of 1,000
 * copies) is finished later instead of silently lost. A post is three files named by its id: {@code <id>.post},
 * written once before the first copy (list, subject, text, the message identity every copy shares, the subscribers
 * at that moment); {@code <id>.done}, replaced as copies settle (which subscribers are done, whether the Sent copy is
 * saved); and {@code <id>.lock}, locked (an OS lock, which dies with its process) by the one process sending the post.
 * The first two hold the post's text and subscriber set, so they are sealed under the vault's cache key and bound to
 * their id and role: a file that was changed, renamed or swapped does not open. Both are replaced atomically.
 */
final class PostJournals {
    private static final String POST = ".post";
    private static final String DONE = ".done";
    private static final String LOCK = ".lock";
    private static final byte NEWLINE = '\n';

    /** What {@code <id>.post} holds before the text; compact JSON, so it never contains a line break. */
    private record Header(int version, String id, String list, String subject, String messageId, Instant date,
                          List<String> subscribers) {
        static final int VERSION = 1;

        Header {
            if (version != VERSION) {
                throw new ProtocolException(ErrorCode.UNSUPPORTED_VERSION, "list post journal version " + version);
            }
            if (id == null || list == null || subject == null || messageId == null || date == null
                    || subscribers == null) {
                throw new ProtocolException(ErrorCode.MALFORMED, "list post journal without a required field");
            }
        }
    }

    /** The files of the post {@code id}. */
    final class Entry {
        private final String id;

        private Entry(String id) {
            this.id = UUID.fromString(id).toString();
        }

        private Path post() {
            return folder.resolve(id + POST);
        }

        private Path done() {
            return folder.resolve(id + DONE);
        }

        private Path lock() {
            return folder.resolve(id + LOCK);
        }

        void writeProgress(PostJournal.Progress progress) throws IOException {
            AtomicFile.replace(done(), box.seal(key, Json.write(progress), binding(DONE, id)));
        }

        /** The post file first: without it the rest is an orphan that no one resumes. */
        void delete() throws IOException {
            Files.deleteIfExists(post());
            Files.deleteIfExists(done());
            Files.deleteIfExists(lock());
        }
    }

    private final Path folder;
    private final byte[] key;
    private final SecretBox box;
    private final Duration interval;

    /** {@code interval}: how often at most a post's progress is written as its copies settle (zero: every copy). */
    PostJournals(Path folder, byte[] key, SecureRandom random, Duration interval) {
        this.folder = folder;
        this.key = key.clone();
        this.box = new SecretBox(random);
        this.interval = interval;
    }

    /** Journals a new post and claims it for this process. */
    PostJournal start(PostJournal.Post post) throws IOException {
        Files.createDirectories(folder);
        Entry entry = new Entry(post.id());
        FileChannel lock = FileChannel.open(entry.lock(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            // The id is new, so nobody else can know this lock yet; it is held before the post is visible.
            lock.lock();
            AtomicFile.replace(entry.post(), box.seal(key, encode(post), binding(POST, entry.id)));
            return new PostJournal(entry, post, new PostJournal.Progress(PostJournal.Progress.VERSION, List.of(),
                    false), lock, interval);
        } catch (IOException | RuntimeException failed) {
            lock.close();
            Files.deleteIfExists(entry.lock());
            throw failed;
        }
    }

    /** The ids of the posts journaled here and not finished. */
    List<String> unfinished() throws IOException {
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return ids;
        }
        try (DirectoryStream<Path> posts = Files.newDirectoryStream(folder, "*" + POST)) {
            for (Path p : posts) {
                String name = p.getFileName().toString();
                ids.add(name.substring(0, name.length() - POST.length()));
            }
        }
        return ids;
    }

    /**
     * The post journaled under {@code id}; empty when it finished meanwhile. Reading needs no claim: the file is
     * written once.
     *
     * @throws ProtocolException {@code decryption_failed} for a file that was changed, renamed or sealed under another
     *     vault's key; {@code malformed}, {@code invalid_address} or {@code unsupported_version} for one that opens
     *     but is not a journal this client wrote
     */
    Optional<PostJournal.Post> read(String id) throws IOException {
        Entry entry;
        try {
            entry = new Entry(id);
        } catch (IllegalArgumentException notAnId) {
            throw new ProtocolException(ErrorCode.MALFORMED, "'" + id + "' is not a list post id");
        }
        byte[] sealed;
        try {
            sealed = Files.readAllBytes(entry.post());
        } catch (NoSuchFileException finished) {
            return Optional.empty();
        }
        return Optional.of(decode(entry.id, box.open(key, sealed, binding(POST, entry.id))));
    }

    /**
     * Claims {@code post} for this process, with its progress; empty when it finished meanwhile.
     *
     * @throws ProtocolException {@code conflict} while another process (or another claim in this one) sends it; as
     *     {@link #read} for a progress file that does not open
     */
    Optional<PostJournal> claim(PostJournal.Post post) throws IOException {
        Entry entry = new Entry(post.id());
        FileChannel lock = FileChannel.open(entry.lock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock held;
            try {
                held = lock.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                held = null;
            }
            if (!Files.exists(entry.post())) {
                if (held != null) {
                    // No one can want this lock again: ids are never reused.
                    Files.deleteIfExists(entry.lock());
                }
                lock.close();
                return Optional.empty();
            }
            if (held == null) {
                throw new ProtocolException(ErrorCode.CONFLICT, "another mailv2 process is sending this post now");
            }
            return Optional.of(new PostJournal(entry, post, progress(entry), lock, interval));
        } catch (IOException | RuntimeException failed) {
            lock.close();
            throw failed;
        }
    }

    private PostJournal.Progress progress(Entry entry) throws IOException {
        byte[] sealed;
        try {
            sealed = Files.readAllBytes(entry.done());
        } catch (NoSuchFileException nothingSettledYet) {
            return new PostJournal.Progress(PostJournal.Progress.VERSION, List.of(), false);
        }
        return Json.read(box.open(key, sealed, binding(DONE, entry.id)), PostJournal.Progress.class);
    }

    private static byte[] encode(PostJournal.Post post) {
        byte[] header = Json.write(new Header(Header.VERSION, post.id(), post.list().display(), post.subject(),
                post.identity().messageId(), post.identity().date(),
                post.subscribers().stream().map(Address::display).toList()));
        byte[] text = post.text().getBytes(StandardCharsets.UTF_8);
        byte[] plain = Arrays.copyOf(header, header.length + 1 + text.length);
        plain[header.length] = NEWLINE;
        System.arraycopy(text, 0, plain, header.length + 1, text.length);
        return plain;
    }

    private static PostJournal.Post decode(String id, byte[] plain) {
        int end = 0;
        while (end < plain.length && plain[end] != NEWLINE) {
            end++;
        }
        if (end == plain.length) {
            throw new ProtocolException(ErrorCode.MALFORMED, "list post journal without its text");
        }
        Header h = Json.read(Arrays.copyOf(plain, end), Header.class);
        if (!h.id().equals(id)) {
            throw new ProtocolException(ErrorCode.MALFORMED, "list post journal of another post");
        }
        return new PostJournal.Post(id, Address.parse(h.list()), h.subject(),
                new String(plain, end + 1, plain.length - end - 1, StandardCharsets.UTF_8),
                new MessageIdentity(h.messageId(), h.date()), h.subscribers().stream().map(Address::parse).toList());
    }

    private static byte[] binding(String role, String id) {
        return ("mailv2/list-post" + role + "/v1\0" + id).getBytes(StandardCharsets.UTF_8);
    }
}
