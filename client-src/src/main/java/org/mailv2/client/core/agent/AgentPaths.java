package org.mailv2.client.core.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Map;
import org.mailv2.protocol.digest.Sha256;

/**
 * Where a vault's agent listens: {@code $XDG_RUNTIME_DIR/mailv2/agent-<id>.sock} (else a folder of the user's own in
 * the temporary directory), one socket per vault file, so profiles and homes each have their own agent. The folder is
 * made 0700.
 */
public final class AgentPaths {
    private AgentPaths() {
    }

    /** The socket of the agent for {@code vault}. */
    public static Path socket(Map<String, String> env, Path vault) throws IOException {
        String runtime = env.get("XDG_RUNTIME_DIR");
        Path dir = runtime != null && !runtime.isBlank() ? Path.of(runtime, "mailv2")
                : Path.of(System.getProperty("java.io.tmpdir"), "mailv2-" + System.getProperty("user.name"));
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        String id = HexFormat.of().formatHex(Sha256.hash(vault.toAbsolutePath().normalize().toString()).bytes(), 0,
                8);
        return dir.resolve("agent-" + id + ".sock");
    }
}
