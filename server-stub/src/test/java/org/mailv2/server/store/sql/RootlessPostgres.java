package org.mailv2.server.store.sql;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.mailv2.protocol.digest.Sha256;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;

/**
 * Starts zonky's embedded PostgreSQL, also when the tests run as root (as CI does here). PostgreSQL's {@code initdb}
 * and {@code pg_ctl} refuse to run as root, and zonky has no option to run them as another user. So, as root, zonky
 * is given the same binaries repackaged with {@code bin/initdb} and {@code bin/pg_ctl} replaced by small shell
 * wrappers: they hand the data directory to {@code nobody} and run the real program ({@code initdb-real},
 * {@code pg_ctl-real}, beside {@code postgres}) as {@code nobody} through {@code setpriv}. The repackaged archive is
 * built once and kept in the temporary directory. As any other user this is plain {@link EmbeddedPostgres#start()}.
 */
public final class RootlessPostgres {
    private static final int NOBODY = 65534;
    private static final String WRAPPER = """
            #!/bin/sh
            # Added by mailv2's store tests: PostgreSQL refuses to run as root, so run as nobody.
            real="$0-real"
            if [ "$(id -u)" -ne 0 ]; then exec "$real" "$@"; fi
            prev=""
            for arg in "$@"; do
              if [ "$prev" = "-D" ]; then chown -R %1$d:%1$d "$arg"; fi
              prev="$arg"
            done
            exec setpriv --reuid=%1$d --regid=%1$d --clear-groups "$real" "$@"
            """.formatted(NOBODY);

    private RootlessPostgres() {
    }

    public static EmbeddedPostgres start() throws IOException {
        if (!runningAsRoot()) {
            return EmbeddedPostgres.start();
        }
        return EmbeddedPostgres.builder().setPgBinaryResolver(RootlessPostgres::binaries).start();
    }

    private static boolean runningAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static InputStream binaries(String system, String architecture) throws IOException {
        byte[] original;
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, architecture)) {
            original = in.readAllBytes();
        }
        String digest = HexFormat.of().formatHex(Sha256.hash(original).bytes(), 0, 12);
        Path cached = Path.of(System.getProperty("java.io.tmpdir"), "mailv2-rootless-postgres-" + digest + ".txz");
        if (!Files.exists(cached)) {
            Path temp = Files.createTempFile(cached.getParent(), "mailv2-rootless-postgres-", ".tmp");
            try {
                try (OutputStream out = Files.newOutputStream(temp)) {
                    repack(original, out);
                }
                Files.move(temp, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        }
        return Files.newInputStream(cached);
    }

    private static void repack(byte[] txz, OutputStream target) throws IOException {
        byte[] wrapper = WRAPPER.getBytes(StandardCharsets.UTF_8);
        try (TarArchiveInputStream in = new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(txz)));
             TarArchiveOutputStream out = new TarArchiveOutputStream(new XZOutputStream(target, new LZMA2Options(0)))) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                String name = entry.getName();
                boolean wrapped = name.equals("bin/initdb") || name.equals("bin/pg_ctl");
                if (wrapped) {
                    entry.setName(name + "-real");
                }
                out.putArchiveEntry(entry);
                in.transferTo(out);
                out.closeArchiveEntry();
                if (wrapped) {
                    TarArchiveEntry script = new TarArchiveEntry(name);
                    script.setSize(wrapper.length);
                    script.setMode(0755);
                    script.setModTime(entry.getModTime());
                    out.putArchiveEntry(script);
                    out.write(wrapper);
                    out.closeArchiveEntry();
                }
            }
        }
    }
}
