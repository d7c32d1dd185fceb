package org.mailv2.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailv2.server.store.StoreFixtures.account;
import static org.mailv2.server.store.StoreFixtures.message;
import static org.mailv2.server.store.StoreFixtures.uuid;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.server.store.MessageStore;
import org.mailv2.server.store.sql.SqlDatabase;

/**
 * Deliveries that arrive while a commit is under way share the next one, on real SQLite; a piece that fails fails
 * alone, with its own writes undone.
 */
class GroupCommitTest {
    private static final int PIECES = 8;

    @TempDir
    Path dir;

    private SqlDatabase db;
    private GroupCommit commits;
    private Sha256 alice;

    @BeforeEach
    void open() {
        db = SqlDatabase.sqlite(dir);
        assertThat(db.oneWriterAtATime()).isTrue();
        commits = new GroupCommit(db, true);
        alice = account("alice").addressHash();
        db.accounts().create(account("alice"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    /**
     * Piece 0 leads and holds its transaction open until the others wait behind it; then they commit as one batch.
     * Piece {@code failing} (if any) stores its message and then throws.
     */
    private AtomicReferenceArray<Object> lineUpBehindACommit(int failing) throws Exception {
        AtomicReferenceArray<Object> answers = new AtomicReferenceArray<>(PIECES);
        CountDownLatch leaderInside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < PIECES; i++) {
            int n = i;
            Thread t = new Thread(() -> {
                try {
                    answers.set(n, commits.run(() -> {
                        MessageStore.Insert stored = db.messages().insert(message(alice, uuid(n), "inbox"));
                        if (n == 0) {
                            leaderInside.countDown();
                            await(release);
                        }
                        if (n == failing) {
                            throw new ProtocolException(ErrorCode.CONFLICT, "piece " + n + " fails");
                        }
                        return stored;
                    }));
                } catch (RuntimeException e) {
                    answers.set(n, e);
                }
            });
            t.start();
            threads.add(t);
            if (i == 0) {
                leaderInside.await();
            }
        }
        while (commits.waiting() < PIECES - 1) {
            Thread.onSpinWait();
        }
        release.countDown();
        for (Thread t : threads) {
            t.join();
        }
        return answers;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void piecesThatArriveDuringACommitShareTheNextAndEachGetsItsOwnAnswer() throws Exception {
        AtomicReferenceArray<Object> answers = lineUpBehindACommit(-1);

        for (int i = 0; i < PIECES; i++) {
            assertThat(answers.get(i)).isEqualTo(MessageStore.Insert.NEW);
            assertThat(db.messages().get(alice, uuid(i))).isPresent();
        }
        assertThat(commits.commits()).isEqualTo(2);
    }

    @Test
    void aPieceThatFailsFailsAloneWithItsWritesUndoneAndTheRestOfItsBatchCommits() throws Exception {
        AtomicReferenceArray<Object> answers = lineUpBehindACommit(5);

        assertThat(answers.get(5)).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(db.messages().get(alice, uuid(5))).isEmpty();
        for (int i = 0; i < PIECES; i++) {
            if (i != 5) {
                assertThat(answers.get(i)).isEqualTo(MessageStore.Insert.NEW);
                assertThat(db.messages().get(alice, uuid(i))).isPresent();
            }
        }
        assertThat(db.messages().usedBytes(alice)).isEqualTo((PIECES - 1) * (long) storedBytesOfOne());
        assertThat(commits.commits()).isEqualTo(1 + (PIECES - 1 - 1));
    }

    private int storedBytesOfOne() {
        var m = message(alice, uuid(0), "inbox");
        return m.summaryCiphertext().length + (int) m.bodySize();
    }

    @Test
    void ungroupedEachPieceHasItsOwnTransaction() {
        GroupCommit single = new GroupCommit(db, false);

        for (int i = 0; i < 3; i++) {
            int n = i;
            assertThat(single.run(() -> db.messages().insert(message(alice, uuid(n), "inbox"))))
                    .isEqualTo(MessageStore.Insert.NEW);
        }
        assertThat(single.commits()).isEqualTo(3);
    }
}
