package org.mailv2.server.store.file;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.mailv2.server.store.BlobStore;

/**
 * Blobs as files in one directory. A blob is written to a staging file ({@code .staging-*}) in that directory; commit
 * flushes it, forces it to disk, renames it atomically to a random name (16 bytes from the {@link SecureRandom} as 32
 * lowercase hex digits: unguessable, safe on case-insensitive file systems, never starting with {@code -}) and forces
 * the directory so the rename survives a crash (one force serves the renames of every commit waiting for it). Only
 * such names are accepted by {@link #open}, {@link #size} and {@link #delete}, so no name can reach outside the
 * directory or a staging file.
 *
 * <p>A crash while staging can leave {@code .staging-*} files behind; they are never read and may be deleted once
 * no server writes to the directory, or when older than any upload can take.
 */
public final class FileBlobStore implements BlobStore {
    private static final Pattern NAME = Pattern.compile("[0-9a-f]{32}");
    private static final int NAME_BYTES = 16;
    private static final String STAGING_PREFIX = ".staging-";
    private static final int BUFFER = 64 * 1024;

    private final Path dir;
    private final SecureRandom random;
    /**
     * Renames into the directory, numbered; one force of the directory makes durable every rename numbered at or
     * below the count it read before it began, so concurrent commits share it instead of forcing one after another.
     */
    private final AtomicLong renames = new AtomicLong();
    private final ReentrantLock forcing = new ReentrantLock();
    private long forcedThrough;
    private final Runnable beforeDirectoryForce;

    /**
     * @throws IOException when the directory cannot be created
     */
    public FileBlobStore(Path dir, SecureRandom random) throws IOException {
        this(dir, random, () -> { });
    }

    /** @param beforeDirectoryForce runs before each force of the directory (tests count and hold them) */
    FileBlobStore(Path dir, SecureRandom random, Runnable beforeDirectoryForce) throws IOException {
        this.dir = Files.createDirectories(dir).toAbsolutePath();
        this.random = random;
        this.beforeDirectoryForce = beforeDirectoryForce;
    }

    /** With a new {@link SecureRandom}. @throws IOException when the directory cannot be created */
    public FileBlobStore(Path dir) throws IOException {
        this(dir, new SecureRandom());
    }

    /** @throws IOException when the staging file cannot be created */
    @Override
    public Staged stage() throws IOException {
        Path temp = Files.createTempFile(dir, STAGING_PREFIX, ".tmp");
        try {
            return new FileStaged(temp, FileChannel.open(temp, StandardOpenOption.WRITE));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /**
     * @throws IllegalArgumentException unless {@code name} is a blob name this store gives out
     * @throws java.nio.file.NoSuchFileException when there is no such blob
     * @throws IOException when it cannot be opened
     */
    @Override
    public InputStream open(String name) throws IOException {
        return Files.newInputStream(resolve(name));
    }

    /**
     * @throws IllegalArgumentException unless {@code name} is a blob name this store gives out
     * @throws java.nio.file.NoSuchFileException when there is no such blob
     */
    @Override
    public long size(String name) throws IOException {
        return Files.size(resolve(name));
    }

    /**
     * @throws IllegalArgumentException unless {@code name} is a blob name this store gives out
     * @throws IOException when an existing blob cannot be deleted
     */
    @Override
    public void delete(String name) throws IOException {
        Files.deleteIfExists(resolve(name));
    }

    /** The directory is there and this process may read and write it: what staging and committing need. */
    @Override
    public void requireAvailable() throws IOException {
        if (!Files.isDirectory(dir) || !Files.isReadable(dir) || !Files.isWritable(dir)) {
            throw new IOException("the blob directory is missing or not readable and writable");
        }
    }

    /** Whether {@code name} has the form of a committed blob's name. */
    public static boolean isName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    private Path resolve(String name) {
        if (!isName(name)) {
            throw new IllegalArgumentException("not a blob name");
        }
        return dir.resolve(name);
    }

    private String newName() {
        byte[] bytes = new byte[NAME_BYTES];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Returns once the rename numbered {@code rename} is durable: forced by this thread or by one that began later. */
    private void forceDirectoryThrough(long rename) throws IOException {
        forcing.lock();
        try {
            if (forcedThrough >= rename) {
                return;
            }
            beforeDirectoryForce.run();
            long through = renames.get();
            forceDirectory();
            forcedThrough = through;
        } finally {
            forcing.unlock();
        }
    }

    /** Commits waiting for another's force of the directory (for tests). */
    int waitingForDirectoryForce() {
        return forcing.getQueueLength();
    }

    /** Makes a rename in the directory durable; platforms that cannot open a directory (Windows) skip it. */
    private void forceDirectory() throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (AccessDeniedException | UnsupportedOperationException e) {
            return;
        }
        try (channel) {
            channel.force(true);
        }
    }

    private final class FileStaged implements Staged {
        private final Path temp;
        private final FileChannel channel;
        private final OutputStream buffered;
        private final OutputStream output;
        private boolean done;

        FileStaged(Path temp, FileChannel channel) {
            this.temp = temp;
            this.channel = channel;
            this.buffered = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER);
            this.output = new FilterOutputStream(buffered) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                /** Flushes only: the staged blob stays open until {@link #commit()} or {@link #close()}. */
                @Override
                public void close() throws IOException {
                    flush();
                }
            };
        }

        /** The blob's bytes; closing this stream only flushes it. */
        @Override
        public OutputStream output() {
            return output;
        }

        /**
         * @throws IllegalStateException when committed or closed already
         * @throws IOException when the bytes cannot be written, forced or renamed (the staging file is then deleted)
         */
        @Override
        public String commit() throws IOException {
            if (done) {
                throw new IllegalStateException("blob committed or closed already");
            }
            done = true;
            try {
                buffered.flush();
                channel.force(true);
                channel.close();
                String name = newName();
                Path target = dir.resolve(name);
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                long rename = renames.incrementAndGet();
                try {
                    forceDirectoryThrough(rename);
                } catch (IOException e) {
                    Files.deleteIfExists(target);
                    throw e;
                }
                return name;
            } catch (IOException | RuntimeException e) {
                channel.close();
                Files.deleteIfExists(temp);
                throw e;
            }
        }

        /** Deletes the staging file unless committed. @throws IOException when it cannot be deleted */
        @Override
        public void close() throws IOException {
            if (done) {
                return;
            }
            done = true;
            try {
                channel.close();
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }
}
