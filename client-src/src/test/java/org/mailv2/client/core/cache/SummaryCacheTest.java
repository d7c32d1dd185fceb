package org.mailv2.client.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.seal.Summary;

class SummaryCacheTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Sha256 alice = Sha256.hash("alice!");
    private final byte[] key = new byte[32];

    @TempDir
    Path dir;

    private static Summary summary(String subject) {
        return new Summary("bob!", List.of("alice!"), List.of(), List.of(), subject, "2026-11-28T12:00:00Z",
                "m@bob", "m@bob", null, 10, List.of());
    }

    @Test
    void aPageIsCachedWithItsCursorInOneTransactionAllOrNothingAndEachRowOnce() {
        RANDOM.nextBytes(key);
        try (SummaryCache cache = new SummaryCache(dir.resolve("cache.db"), key, RANDOM)) {
            cache.inOneTransaction(() -> {
                for (int i = 1; i <= 500; i++) {
                    cache.put(alice, new SummaryCache.Entry("m" + i, i, "inbox", Set.of(), summary("s" + i), null));
                }
                cache.listed(alice, "inbox", 500);
                return null;
            });
            assertThatThrownBy(() -> cache.inOneTransaction(() -> {
                for (int i = 501; i <= 600; i++) {
                    cache.put(alice, new SummaryCache.Entry("m" + i, i, "inbox", Set.of(), summary("s" + i), null));
                }
                throw new java.io.IOException("the connection dropped half-way through the page");
            })).isInstanceOf(java.io.IOException.class);
            assertThat(cache.count(alice, "inbox")).as("nothing of the failed page").isEqualTo(500);
            assertThat(cache.cursor(alice, "inbox")).isEqualTo(500);
            // The same page again, as the next sync lists it from the cursor, and one row of the first page again.
            cache.inOneTransaction(() -> {
                for (int i = 500; i <= 600; i++) {
                    cache.put(alice, new SummaryCache.Entry("m" + i, i, "inbox", Set.of(), summary("s" + i), null));
                }
                cache.listed(alice, "inbox", 600);
                return null;
            });

            assertThat(cache.count(alice, "inbox")).isEqualTo(600);
            assertThat(cache.cursor(alice, "inbox")).isEqualTo(600);
            assertThat(cache.page(alice, "inbox", 0, 1000)).extracting(SummaryCache.Entry::messageId)
                    .doesNotHaveDuplicates().hasSize(600);
        }
    }

    @Test
    void listsNewestFirstPerBoxAndKeepsTheCursor() {
        RANDOM.nextBytes(key);
        try (SummaryCache cache = new SummaryCache(dir.resolve("cache.db"), key, RANDOM)) {
            cache.put(alice, new SummaryCache.Entry("1", 5, "inbox", Set.of(), summary("older"), null));
            cache.put(alice, new SummaryCache.Entry("2", 9, "inbox", Set.of("seen"), summary("newer"), null));
            cache.put(alice, new SummaryCache.Entry("3", 7, "inbox", Set.of(), null, "bad_signature"));
            assertThat(cache.cursor(alice, "inbox")).as("never listed").isZero();
            cache.listed(alice, "inbox", 9);
            cache.listed(alice, "inbox", 4);
            assertThat(cache.cursor(alice, "inbox")).as("a listing never goes back").isEqualTo(9);
            assertThat(cache.list(alice, "inbox", 10)).extracting(SummaryCache.Entry::messageId)
                    .containsExactly("2", "3", "1");
            assertThat(cache.list(alice, "inbox", 10).get(1).problem()).isEqualTo("bad_signature");
            cache.relabel(alice, "1", "archive", Set.of("flagged"));
            assertThat(cache.list(alice, "archive", 10)).singleElement()
                    .satisfies(e -> assertThat(e.flags()).containsExactly("flagged"));
            cache.remove(alice, "2");
            assertThat(cache.list(alice, "inbox", 10)).extracting(SummaryCache.Entry::messageId).containsExactly("3");
            assertThat(cache.list(Sha256.hash("bob!"), "inbox", 10)).isEmpty();
        }
    }

    @Test
    void aRowMovedOrFetchedIntoABoxDoesNotMoveItsCursorAndAnOldCacheKeepsItsCursors() throws Exception {
        RANDOM.nextBytes(key);
        Path file = dir.resolve("old.db");
        try (SummaryCache cache = new SummaryCache(file, key, RANDOM)) {
            cache.put(alice, new SummaryCache.Entry("old", 7, "inbox", Set.of(), summary("old"), null));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            // The cache as it was before listings were remembered: its cursor was the highest sequence per box.
            s.execute("DROP TABLE box_cursors");
        }
        try (SummaryCache cache = new SummaryCache(file, key, RANDOM)) {
            assertThat(cache.cursor(alice, "inbox")).isEqualTo(7);
            cache.put(alice, new SummaryCache.Entry("moved", 40, "archive", Set.of(), summary("moved"), null));
            cache.put(alice, new SummaryCache.Entry("later", 41, "inbox", Set.of(), summary("later"), null));
            assertThat(cache.cursor(alice, "archive")).as("older archived mail is still listed").isZero();
            assertThat(cache.cursor(alice, "inbox")).isEqualTo(7);
        }
    }

    private static Summary inThread(String subject, String thread) {
        return new Summary("bob!", List.of("alice!"), List.of(), List.of(), subject, "2026-11-28T12:00:00Z",
                subject + "@bob", thread, null, 10, List.of());
    }

    @Test
    void pagesCountsThreadsAndSearchesWithoutLoadingTheWholeBox() {
        RANDOM.nextBytes(key);
        try (SummaryCache cache = new SummaryCache(dir.resolve("cache.db"), key, RANDOM)) {
            for (int i = 1; i <= 250; i++) {
                cache.put(alice, new SummaryCache.Entry("m" + i, i, "inbox", i % 5 == 0 ? Set.of() : Set.of("seen"),
                        inThread("subject " + i, "t" + (i % 100)), null));
            }
            cache.put(alice, new SummaryCache.Entry("sent1", 300, "sent", Set.of("seen"), inThread("reply", "t7"),
                    null));
            assertThat(cache.count(alice, "inbox")).isEqualTo(250);
            assertThat(cache.unread(alice, "inbox")).isEqualTo(50);
            assertThat(cache.page(alice, "inbox", 0, 3)).extracting(SummaryCache.Entry::messageId)
                    .containsExactly("m250", "m249", "m248");
            assertThat(cache.page(alice, "inbox", 248, 10)).extracting(SummaryCache.Entry::messageId)
                    .containsExactly("m2", "m1");
            assertThat(cache.boxes(alice)).containsExactly("inbox", "sent");
            assertThat(cache.threadCount(alice, "inbox")).isEqualTo(100);
            // The newest conversation first; each with its messages oldest first, the Sent reply included.
            List<SummaryCache.Conversation> threads = cache.threads(alice, "inbox", 0, 2);
            assertThat(threads.get(0).messages()).extracting(SummaryCache.Entry::messageId)
                    .containsExactly("m50", "m150", "m250");
            var seven = cache.threads(alice, "inbox", 0, 100).stream()
                    .filter(t -> t.messages().get(0).messageId().equals("m7")).findFirst().orElseThrow();
            assertThat(seven.messages()).extracting(SummaryCache.Entry::messageId)
                    .containsExactly("m7", "m107", "m207", "sent1");
            assertThat(seven.latest().box()).isEqualTo("sent");
            int[] searched = {0};
            assertThat(cache.search(alice, "inbox", e -> e.summary().subject().endsWith(" 17"), n -> searched[0] = n))
                    .extracting(SummaryCache.Entry::messageId).containsExactly("m17");
            assertThat(searched[0]).isEqualTo(250);
            assertThat(cache.get(alice, "m3").summary().subject()).isEqualTo("subject 3");
            assertThat(cache.get(alice, "nope")).isNull();
        }
    }

    @Test
    void theFileHoldsNoPlaintextAndRowsCannotBeSwapped() throws Exception {
        RANDOM.nextBytes(key);
        Path file = dir.resolve("cache.db");
        try (SummaryCache cache = new SummaryCache(file, key, RANDOM)) {
            cache.put(alice, new SummaryCache.Entry("1", 1, "inbox", Set.of(), summary("Secret plans"), null));
            cache.put(alice, new SummaryCache.Entry("2", 2, "inbox", Set.of(), summary("Other"), null));
        }
        String raw = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertThat(raw).doesNotContain("Secret plans", "bob!");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement()) {
            s.execute("UPDATE summaries SET sealed = (SELECT sealed FROM summaries WHERE message_id = '2')"
                    + " WHERE message_id = '1'");
        }
        try (SummaryCache cache = new SummaryCache(file, key, RANDOM)) {
            assertThatThrownBy(() -> cache.list(alice, "inbox", 10)).isInstanceOf(ProtocolException.class)
                    .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.DECRYPTION_FAILED);
        }
        byte[] otherKey = new byte[32];
        RANDOM.nextBytes(otherKey);
        try (SummaryCache cache = new SummaryCache(file, otherKey, RANDOM)) {
            assertThatThrownBy(() -> cache.list(alice, "inbox", 1)).isInstanceOf(ProtocolException.class);
        }
    }

    /**
     * A cache written before senders were checked against pinned keys (the first release's table, rows sealed
     * without a trust): it opens, keeps every row, shows them as not checked yet, and puts the sync cursor before the
     * oldest so the next sync fetches and checks them again.
     */
    @Test
    void aCacheFromBeforeTheTrustRuleIsKeptAndCheckedAgain() throws Exception {
        RANDOM.nextBytes(key);
        Path file = dir.resolve("old.db");
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = db.createStatement()) {
            s.execute("CREATE TABLE summaries (account TEXT NOT NULL, message_id TEXT NOT NULL, seq INTEGER NOT NULL,"
                    + " box TEXT NOT NULL, flags TEXT NOT NULL, sealed BLOB NOT NULL, PRIMARY KEY (account,"
                    + " message_id)) STRICT");
            var box = new org.mailv2.protocol.passphrase.SecretBox(RANDOM);
            for (int seq : new int[] {4, 6}) {
                byte[] sealed = box.seal(key, ("{\"summary\":" + new String(org.mailv2.protocol.json.Json.write(
                        summary("old " + seq)), StandardCharsets.UTF_8) + "}").getBytes(StandardCharsets.UTF_8),
                        ("mailv2/cache/v1\0" + alice.hex() + "\0m" + seq).getBytes(StandardCharsets.UTF_8));
                try (var insert = db.prepareStatement("INSERT INTO summaries VALUES (?, ?, ?, 'inbox', 'seen', ?)")) {
                    insert.setString(1, alice.hex());
                    insert.setString(2, "m" + seq);
                    insert.setInt(3, seq);
                    insert.setBytes(4, sealed);
                    insert.executeUpdate();
                }
            }
        }
        try (SummaryCache cache = new SummaryCache(file, key, RANDOM)) {
            assertThat(cache.list(alice, "inbox", 10)).extracting(SummaryCache.Entry::trust)
                    .containsOnly(org.mailv2.client.core.trust.Trust.UNCHECKED);
            assertThat(cache.list(alice, "inbox", 10)).noneMatch(SummaryCache.Entry::verified);
            assertThat(cache.cursor(alice, "inbox")).isEqualTo(3);
            cache.put(alice, new SummaryCache.Entry("m4", 4, "inbox", Set.of("seen"), summary("old 4"), null));
            assertThat(cache.cursor(alice, "inbox")).isEqualTo(5);
            cache.put(alice, new SummaryCache.Entry("m6", 6, "inbox", Set.of("seen"), summary("old 6"), null));
            assertThat(cache.cursor(alice, "inbox")).isEqualTo(6);
            assertThat(cache.list(alice, "inbox", 10)).allMatch(SummaryCache.Entry::verified);
        }
    }
}
