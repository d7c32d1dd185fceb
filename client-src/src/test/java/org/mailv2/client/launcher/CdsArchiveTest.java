package org.mailv2.client.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class-data-sharing archive per command ({@code mailv2_cds_archive} in {@code bin/lib/java.sh}): a
 * new one whenever a jar changes, since the JVM keeps running without a stale one instead of replacing it.
 */
class CdsArchiveTest {
    private static final Path SCRIPT = Path.of("..", "bin", "lib", "java.sh").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private String archive(String command, String classpath, String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("bash", "-c",
                "set -euo pipefail; . \"$0\"; mailv2_cds_archive \"$@\"", SCRIPT.toString(),
                dir.resolve("cds").toString(), command, "/usr/bin/java", classpath));
        args.addAll(List.of(flags));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void aChangedJarGetsANewArchiveAndTheStaleOneGoes() throws Exception {
        Files.createDirectories(dir.resolve("cds"));
        Path client = Files.writeString(dir.resolve("client.jar"), "one");
        Path library = Files.writeString(dir.resolve("library.jar"), "lib");
        String classpath = client + ":" + library;

        String first = archive("inbox", classpath, "-XX:+UseSerialGC");
        assertThat(first).startsWith(dir.resolve("cds").resolve("inbox-").toString()).endsWith(".jsa");
        assertThat(archive("inbox", classpath, "-XX:+UseSerialGC")).isEqualTo(first);
        assertThat(archive("inbox", classpath, "-XX:+UseG1GC")).isNotEqualTo(first);

        Files.writeString(Path.of(first), "archive");
        Path otherCommand = Files.writeString(dir.resolve("cds/send-1.jsa"), "archive");
        Files.setLastModifiedTime(library, FileTime.fromMillis(Files.getLastModifiedTime(library).toMillis() + 5_000));
        String rebuilt = archive("inbox", classpath, "-XX:+UseSerialGC");
        assertThat(rebuilt).isNotEqualTo(first);
        assertThat(Path.of(first)).doesNotExist();
        assertThat(otherCommand).exists();

        Files.writeString(client, "two, longer");
        assertThat(archive("inbox", classpath, "-XX:+UseSerialGC")).isNotEqualTo(rebuilt);
    }
}
