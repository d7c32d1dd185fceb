package org.mailv2.client.core.vault;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a whole file so that readers and crashes see either the old content or the new, never a mix: a temporary
 * file in the same directory, created owner-only (0600 where POSIX) so the content is never readable by others even
 * briefly, written and forced to disk, then renamed over (or linked to) the target, and the directory forced where the
 * platform allows. The final file keeps the temporary file's mode, 0600.
 */
public final class AtomicFile {
    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");

    private AtomicFile() {
    }

    /**
     * Replaces {@code target} (or creates it). A symbolic link at {@code target} is replaced, not followed.
     *
     * @throws IOException when the directory is missing or not writable, the disk is full, the target is a directory,
     *                     or the thread was interrupted; the previous file is then untouched and no temporary remains
     */
    public static void replace(Path target, byte[] content) throws IOException {
        Path tmp = writeTemporary(target, content);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp, e);
            throw e;
        }
        forceDirectory(tmp.getParent());
    }

    /**
     * Creates {@code target} only if nothing exists there, atomically where the file system has hard links.
     *
     * @throws FileAlreadyExistsException when {@code target} exists (it is left as it was)
     * @throws IOException                as for {@link #replace}
     */
    static void createNew(Path target, byte[] content) throws IOException {
        Path tmp = writeTemporary(target, content);
        try {
            publishNew(tmp, target);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp, e);
            throw e;
        }
        try {
            Files.deleteIfExists(tmp); // after a hard link the temporary name still points at the new file
        } catch (IOException e) {
            // the target exists and is complete; a leftover owner-only name for it is harmless
        }
        forceDirectory(tmp.getParent());
    }

    private static void publishNew(Path tmp, Path target) throws IOException {
        try {
            Files.createLink(target, tmp); // link(2) refuses an existing target atomically
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | FileSystemException e) {
            Files.move(tmp, target); // no hard links here: a move that refuses an existing target
        }
    }

    private static Path writeTemporary(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        String prefix = "." + target.getFileName() + ".";
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        Path tmp = posix
                ? Files.createTempFile(dir, prefix, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE))
                : Files.createTempFile(dir, prefix, ".tmp");
        try {
            if (posix) {
                Files.setPosixFilePermissions(tmp, OWNER_READ_WRITE); // exactly 0600 whatever the umask
            }
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            return tmp;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp, e);
            throw e;
        }
    }

    /** Makes the rename durable; not every platform can open a directory (Windows cannot), which is tolerated. */
    public static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // the rename itself succeeded; durability of the directory entry is best effort here
        }
    }

    private static void deleteQuietly(Path tmp, Exception failure) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
