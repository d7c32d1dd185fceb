package org.mailv2.server.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailv2.server.store.BlobStore;

class FileBlobStoreTest {
    @TempDir
    Path root;

    private Path dir;
    private FileBlobStore blobs;

    @BeforeEach
    void open() throws IOException {
        dir = root.resolve("blobs");
        blobs = new FileBlobStore(dir, new SecureRandom());
    }

    @Test
    void aCommittedBlobReadsBackUnderItsName() throws IOException {
        byte[] body = "age-encryption.org/v1 ...".getBytes(StandardCharsets.UTF_8);
        String name;
        try (BlobStore.Staged staged = blobs.stage()) {
            staged.output().write(body);
            name = staged.commit();
        }

        assertThat(FileBlobStore.isName(name)).isTrue();
        assertThat(name).matches("[0-9a-f]{32}");
        assertThat(blobs.size(name)).isEqualTo(body.length);
        try (InputStream in = blobs.open(name)) {
            assertThat(in.readAllBytes()).isEqualTo(body);
        }
        assertThat(filesIn(dir)).containsExactly(name);
    }

    @Test
    void closingTheOutputOnlyFlushesSoTheBlobCanStillBeCommitted() throws IOException {
        try (BlobStore.Staged staged = blobs.stage()) {
            try (OutputStream out = staged.output()) {
                out.write(new byte[100_000]);
            }
            String name = staged.commit();
            assertThat(blobs.size(name)).isEqualTo(100_000);
        }
    }

    @Test
    void namesAreRandomAndDistinct() throws IOException {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            try (BlobStore.Staged staged = blobs.stage()) {
                staged.output().write(i);
                names.add(staged.commit());
            }
        }

        assertThat(names).hasSize(20);
    }

    @Test
    void closingAnUncommittedStageLeavesNothingBehind() throws IOException {
        try (BlobStore.Staged staged = blobs.stage()) {
            staged.output().write(new byte[10]);
            assertThat(filesIn(dir)).singleElement().asString().startsWith(".staging-");
        }

        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void aStageIsCommittedOnce() throws IOException {
        try (BlobStore.Staged staged = blobs.stage()) {
            staged.commit();
            assertThatThrownBy(staged::commit).isInstanceOf(IllegalStateException.class);
        }
        assertThat(filesIn(dir)).hasSize(1);
    }

    @Test
    void deletingRemovesTheBlobAndIgnoresAbsentOnes() throws IOException {
        String name;
        try (BlobStore.Staged staged = blobs.stage()) {
            staged.output().write(1);
            name = staged.commit();
        }

        blobs.delete(name);
        blobs.delete(name);

        assertThat(filesIn(dir)).isEmpty();
        assertThatThrownBy(() -> blobs.open(name)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> blobs.size(name)).isInstanceOf(NoSuchFileException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../blobs", "../../etc/passwd", "/etc/passwd", ".staging-1.tmp",
            "0123456789abcdef0123456789abcdef/..", "0123456789ABCDEF0123456789ABCDEF",
            "0123456789abcdef0123456789abcde", "0123456789abcdef0123456789abcdef0", "0123456789abcdef0123456789abcdeg",
            "0123456789abcdef\u00000123456789abcde"})
    void namesThatAreNotBlobNamesAreRefusedEverywhere(String name) {
        assertThat(FileBlobStore.isName(name)).isFalse();
        assertThatThrownBy(() -> blobs.open(name)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> blobs.size(name)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> blobs.delete(name)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStagingFileCannotBeOpenedByName() throws IOException {
        try (BlobStore.Staged staged = blobs.stage()) {
            staged.output().write(1);
            String staging = filesIn(dir).get(0);
            assertThatThrownBy(() -> blobs.open(staging)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theDirectoryIsCreated() {
        assertThat(dir).isDirectory();
    }

    private static List<String> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String commit(FileBlobStore store, String text) throws IOException {
        try (BlobStore.Staged staged = store.stage()) {
            staged.output().write(text.getBytes(StandardCharsets.UTF_8));
            return staged.commit();
        }
    }

    @Test
    void commitsThatRenameWhileTheDirectoryIsBeingForcedShareTheNextForceAndAllSurvive() throws Exception {
        AtomicInteger forces = new AtomicInteger();
        CountDownLatch firstForceBegun = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FileBlobStore store = new FileBlobStore(root.resolve("shared"), new SecureRandom(), () -> {
            if (forces.incrementAndGet() == 1) {
                firstForceBegun.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        int commits = 8;
        String[] names = new String[commits];
        List<Thread> threads = new java.util.ArrayList<>();
        for (int i = 0; i < commits; i++) {
            int n = i;
            Thread t = new Thread(() -> {
                try {
                    names[n] = commit(store, "blob " + n);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            t.start();
            threads.add(t);
            if (i == 0) {
                firstForceBegun.await();
            }
        }
        while (store.waitingForDirectoryForce() < commits - 1) {
            Thread.onSpinWait();
        }
        release.countDown();
        for (Thread t : threads) {
            t.join();
        }

        // The first force began after all eight renames: it made every one of them durable.
        assertThat(forces).hasValue(1);
        for (int i = 0; i < commits; i++) {
            try (InputStream in = store.open(names[i])) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("blob " + i);
            }
        }
    }

    @Test
    void aCommitAfterAForceEndedForcesAgain() throws IOException {
        AtomicInteger forces = new AtomicInteger();
        FileBlobStore store = new FileBlobStore(root.resolve("sequential"), new SecureRandom(),
                forces::incrementAndGet);

        commit(store, "one");
        commit(store, "two");

        assertThat(forces).hasValue(2);
    }
}
