package org.mailv2.client.core.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.client.core.send.MessageIdentity;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.passphrase.SecretBox;

class PostJournalsTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Address LIST = Address.parse("news@acme!");

    @TempDir
    Path dir;

    private final byte[] key = key();

    private static byte[] key() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    /** Journals that write after every copy. */
    private PostJournals journals() {
        return new PostJournals(dir, key, RANDOM, Duration.ZERO);
    }

    private static PostJournal.Post post(int subscribers) {
        return new PostJournal.Post(UUID.randomUUID().toString(), LIST, "Issue 7 — “quoted”",
                "Line one\nline two, ünïcode\n\n-- \nACME\n", new MessageIdentity("m-1@acme",
                Instant.parse("2026-11-28T12:00:00Z")), IntStream.range(0, subscribers)
                .mapToObj(i -> Address.parse("reader" + i + "!")).toList());
    }

    /** Journals {@code post} with these subscribers' copies settled, and lets go of it as a dying process would. */
    private void cutOff(PostJournal.Post post, String... settled) throws Exception {
        try (PostJournal journal = journals().start(post)) {
            for (String subscriber : settled) {
                journal.settled(Address.parse(subscriber));
            }
        }
    }

    private List<Path> files() throws Exception {
        try (Stream<Path> all = Files.list(dir)) {
            return all.sorted().toList();
        }
    }

    @Test
    void aPostAndItsProgressComeBackAsTheyWereWritten() throws Exception {
        PostJournal.Post post = post(5);
        PostJournals journals = journals();
        cutOff(post, "reader1!", "reader3!");

        assertThat(journals.unfinished()).containsExactly(post.id());
        assertThat(journals.read(post.id())).contains(post);
        try (PostJournal journal = journals.claim(post).orElseThrow()) {
            assertThat(journal.pending()).extracting(Address::display).containsExactly("reader0!", "reader2!",
                    "reader4!");
            assertThat(journal.doneCount()).isEqualTo(2);
            assertThat(journal.sentCopySaved()).isFalse();
            journal.settled(LIST);
        }
        try (PostJournal journal = journals.claim(post).orElseThrow()) {
            assertThat(journal.sentCopySaved()).isTrue();
            journal.finish();
        }

        assertThat(journals.unfinished()).isEmpty();
        assertThat(journals.read(post.id())).isEmpty();
        assertThat(journals.claim(post)).isEmpty();
        assertThat(files()).isEmpty();
    }

    @Test
    void theFilesHoldNoPlaintextAndAreOwnerOnly() throws Exception {
        PostJournal.Post post = post(2);
        cutOff(post, "reader0!");
        for (String suffix : List.of(".post", ".done")) {
            Path file = dir.resolve(post.id() + suffix);
            String bytes = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(bytes).doesNotContain("Issue", "Line one", "reader", "acme");
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void aChangedPostFileIsRefusedWithAStableCode() throws Exception {
        PostJournal.Post post = post(3);
        cutOff(post);
        Path file = dir.resolve(post.id() + ".post");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);

        assertThatThrownBy(() -> journals().read(post.id())).isInstanceOfSatisfying(
                ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DECRYPTION_FAILED));
    }

    @Test
    void aChangedProgressFileIsRefusedWithAStableCode() throws Exception {
        PostJournal.Post post = post(3);
        cutOff(post, "reader0!");
        Path file = dir.resolve(post.id() + ".done");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 1;
        Files.write(file, bytes);

        assertThatThrownBy(() -> journals().claim(post)).isInstanceOfSatisfying(
                ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DECRYPTION_FAILED));
        // The refused claim let go of the post.
        Files.delete(file);
        assertThat(journals().claim(post)).isPresent().get().satisfies(j -> {
            assertThat(j.doneCount()).isZero();
            j.close();
        });
    }

    @Test
    void filesSwappedBetweenPostsOrSealedUnderAnotherKeyDoNotOpen() throws Exception {
        PostJournal.Post a = post(3);
        PostJournal.Post b = post(3);
        PostJournals journals = journals();
        try (PostJournal ja = journals.start(a); PostJournal jb = journals.start(b)) {
            ja.settled(Address.parse("reader0!"));
            ja.settled(Address.parse("reader1!"));
            jb.settled(Address.parse("reader2!"));
        }
        Files.copy(dir.resolve(a.id() + ".done"), dir.resolve(b.id() + ".done"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(dir.resolve(a.id() + ".post"), dir.resolve(b.id() + ".post"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> journals.read(b.id())).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.DECRYPTION_FAILED));
        assertThatThrownBy(() -> journals.claim(b)).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.DECRYPTION_FAILED));
        assertThatThrownBy(() -> new PostJournals(dir, key(), RANDOM, Duration.ZERO).read(a.id()))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.DECRYPTION_FAILED));
    }

    @Test
    void aJournalThatOpensButBreaksTheFormatIsRefusedWithAStableCode() throws Exception {
        PostJournal.Post post = post(2);
        cutOff(post);
        byte[] binding = ("mailv2/list-post.done/v1\0" + post.id()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(dir.resolve(post.id() + ".done"), new SecretBox(RANDOM).seal(key,
                "{\"version\":1,\"done\":[0,7],\"sentCopy\":false}".getBytes(), binding));

        assertThatThrownBy(() -> journals().claim(post)).isInstanceOfSatisfying(
                ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED));
        assertThatThrownBy(() -> journals().read("not-an-id")).isInstanceOfSatisfying(
                ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED));
    }

    @Test
    void anUpdateInterruptedWhileWritingLeavesThePreviousProgressAndNoTemporaryFile() throws Exception {
        PostJournal.Post post = post(4);
        PostJournals journals = journals();
        try (PostJournal journal = journals.start(post)) {
            journal.settled(Address.parse("reader0!"));
            Thread.currentThread().interrupt(); // the temporary file's channel closes at its first write
            try {
                assertThatThrownBy(() -> journal.settled(Address.parse("reader1!")))
                        .isInstanceOf(ClosedByInterruptException.class);
            } finally {
                Thread.interrupted();
            }
        }

        try (PostJournal journal = journals.claim(post).orElseThrow()) {
            assertThat(journal.pending()).extracting(Address::display).containsExactly("reader1!", "reader2!",
                    "reader3!");
        }
        assertThat(files()).extracting(p -> p.getFileName().toString()).containsExactly(post.id() + ".done",
                post.id() + ".lock", post.id() + ".post");
    }

    @Test
    void readersNeverSeeHalfAnUpdate() throws Exception {
        PostJournal.Post post = post(300);
        PostJournals journals = journals();
        Path done = dir.resolve(post.id() + ".done");
        AtomicBoolean writing = new AtomicBoolean(true);
        try (PostJournal journal = journals.start(post)) {
            journal.settled(post.subscribers().get(0));
            CompletableFuture<List<Integer>> reader = CompletableFuture.supplyAsync(() -> {
                List<Integer> seen = new ArrayList<>();
                SecretBox box = new SecretBox(RANDOM);
                byte[] binding = ("mailv2/list-post.done/v1\0" + post.id())
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                while (writing.get()) {
                    try {
                        seen.add(org.mailv2.protocol.json.Json.read(box.open(key, Files.readAllBytes(done), binding),
                                PostJournal.Progress.class).done().size());
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                return seen;
            });
            for (Address subscriber : post.subscribers().subList(1, 300)) {
                journal.settled(subscriber);
            }
            writing.set(false);
            List<Integer> seen = reader.get();
            assertThat(seen).isNotEmpty().isSorted().allMatch(n -> n >= 1 && n <= 300);
        }
    }

    @Test
    void progressIsWrittenAtMostOnceAnIntervalAndNeverOnTheWayOut() throws Exception {
        PostJournal.Post post = post(4);
        PostJournals journals = new PostJournals(dir, key, RANDOM, Duration.ofHours(1));
        try (PostJournal journal = journals.start(post)) {
            journal.settled(Address.parse("reader0!"));
            journal.settled(Address.parse("reader1!"));
        }
        // Both copies settled within the interval: in flight at the "crash", so they go again.
        try (PostJournal journal = journals.claim(post).orElseThrow()) {
            assertThat(journal.doneCount()).isZero();
        }
    }

    @Test
    void onlyOneClaimSendsAPostAtATime() throws Exception {
        PostJournal.Post post = post(2);
        PostJournals journals = journals();
        try (PostJournal sending = journals.start(post)) {
            assertThatThrownBy(() -> journals.claim(post)).isInstanceOfSatisfying(ProtocolException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
            sending.settled(Address.parse("reader0!"));
        }
        try (PostJournal resumed = journals.claim(post).orElseThrow()) {
            assertThat(resumed.doneCount()).isOne();
            assertThatThrownBy(() -> journals.claim(post)).isInstanceOfSatisfying(ProtocolException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        }
    }

    @Test
    void aSubscriberNamedTwiceOrACopyToAStrangerIsRefused() throws Exception {
        Address reader = Address.parse("reader0!");
        assertThatThrownBy(() -> new PostJournal.Post(UUID.randomUUID().toString(), LIST, "s", "t",
                new MessageIdentity("m@acme", Instant.EPOCH), List.of(reader, reader)))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED));
        try (PostJournal journal = journals().start(post(1))) {
            assertThatThrownBy(() -> journal.settled(Address.parse("stranger!")))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
