package org.mailv2.client.core.cache;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.sqlite.util.OSInfo;

/**
 * Keeps one copy of sqlite-jdbc's native library in the client's cache folder and points sqlite-jdbc at it.
 *
 * <p>Left alone, sqlite-jdbc unpacks its library (1 MiB) into the temporary folder on every start, compares it with
 * the copy in the jar and sweeps older copies: about 90 ms of a short command's CPU (BENCHMARKS.md). The copy here is
 * named after the jar entry's size and CRC, so a new sqlite-jdbc gets a new copy; a copy that does not load (cut
 * short, say) only costs the fallback to sqlite-jdbc's own unpacking.
 */
public final class SqliteLibrary {
    static final String PATH_PROPERTY = "org.sqlite.lib.path";
    static final String NAME_PROPERTY = "org.sqlite.lib.name";

    private SqliteLibrary() {
    }

    /** Points sqlite-jdbc at the copy in {@code cacheDir}, made if missing; does nothing when that fails. */
    public static void preferCopyIn(Path cacheDir) {
        if (System.getProperty(PATH_PROPERTY) != null) {
            return;
        }
        copyIn(cacheDir).ifPresent(library -> {
            System.setProperty(PATH_PROPERTY, library.getParent().toString());
            System.setProperty(NAME_PROPERTY, library.getFileName().toString());
        });
    }

    /** The library's copy in {@code cacheDir}, written first if it is not there; empty when there is none to copy. */
    static Optional<Path> copyIn(Path cacheDir) {
        String name = System.mapLibraryName("sqlitejdbc");
        URL resource = SqliteLibrary.class.getResource(
                "/org/sqlite/native/" + OSInfo.getNativeLibFolderPathForCurrentOS() + "/" + name);
        if (resource == null) {
            return Optional.empty();
        }
        try {
            URLConnection connection = resource.openConnection();
            String version = connection instanceof JarURLConnection jar
                    ? jar.getJarEntry().getSize() + "-" + Long.toHexString(jar.getJarEntry().getCrc())
                    : Long.toString(connection.getContentLengthLong());
            Path library = cacheDir.resolve("native").resolve("sqlite-jdbc-" + version).resolve(name);
            if (!Files.isRegularFile(library)) {
                Files.createDirectories(library.getParent());
                Path partial = Files.createTempFile(library.getParent(), name, ".partial");
                try (InputStream in = connection.getInputStream()) {
                    Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(partial);
                }
            }
            return Optional.of(library);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
