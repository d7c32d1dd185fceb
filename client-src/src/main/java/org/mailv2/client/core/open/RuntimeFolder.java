package org.mailv2.client.core.open;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A folder only this user can enter, for decrypted files that must not outlive their use: {@code mailv2} under
 * {@code $XDG_RUNTIME_DIR} (memory, emptied at logout) when there is one, else {@code mailv2-USER} in the temporary
 * folder. A folder that exists with wider permissions, under another owner or as a link is refused, not repaired:
 * someone may be waiting in it.
 */
public final class RuntimeFolder {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final Duration LEFTOVER = Duration.ofHours(1);

    private final Path folder;

    private RuntimeFolder(Path folder) {
        this.folder = folder;
    }

    /** The folder for this environment, created (0700) if missing, with leftovers of a crashed run removed. */
    public static RuntimeFolder of(Map<String, String> env) throws IOException {
        String runtime = env.get("XDG_RUNTIME_DIR");
        Path folder = runtime != null && !runtime.isBlank() && Files.isDirectory(Path.of(runtime))
                ? Path.of(runtime, "mailv2")
                : Path.of(System.getProperty("java.io.tmpdir"), "mailv2-" + System.getProperty("user.name"));
        return at(folder);
    }

    static RuntimeFolder at(Path folder) throws IOException {
        try {
            Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException exists) {
            requirePrivate(folder);
        }
        // createDirectory applies the umask; set the mode outright.
        Files.setPosixFilePermissions(folder, OWNER_ONLY);
        RuntimeFolder runtime = new RuntimeFolder(folder);
        runtime.sweep(Instant.now().minus(LEFTOVER));
        return runtime;
    }

    private static void requirePrivate(Path folder) throws IOException {
        if (Files.isSymbolicLink(folder) || !Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(folder + " is not a plain folder: not opening attachments there");
        }
        String owner = Files.getOwner(folder, LinkOption.NOFOLLOW_LINKS).getName();
        if (!owner.equals(System.getProperty("user.name"))) {
            throw new IOException(folder + " belongs to " + owner + ": not opening attachments there");
        }
        if (!Files.getPosixFilePermissions(folder, LinkOption.NOFOLLOW_LINKS).equals(OWNER_ONLY)) {
            throw new IOException(folder + " can be entered by others (it should be drwx------): not opening"
                    + " attachments there");
        }
    }

    public Path path() {
        return folder;
    }

    /** Removes files a run that ended without cleaning up left before {@code before}. */
    void sweep(Instant before) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.toList()) {
                FileTime modified = Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS);
                if (modified.toInstant().isBefore(before) && !Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }
}
