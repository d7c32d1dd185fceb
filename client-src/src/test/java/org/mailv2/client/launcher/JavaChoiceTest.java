package org.mailv2.client.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launchers' choice of JDK ({@code bin/lib/java.sh}): asked of every installed JDK once, then remembered until the
 * set of JDKs changes.
 */
class JavaChoiceTest {
    private static final Path SCRIPT = Path.of("..", "bin", "lib", "java.sh").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private String choose(Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "set -euo pipefail; . \"$0\"; mailv2_java",
                SCRIPT.toString());
        builder.environment().remove("JAVA_HOME");
        builder.environment().put("HOME", dir.toString());
        builder.environment().put("MAILV2_JAVA_CACHE", dir.resolve("cache/java-choice").toString());
        builder.environment().putAll(env);
        Process p = builder.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private Path fakeJava(Path home) throws Exception {
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\nexit 1\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        return java;
    }

    @Test
    void theChoiceIsRememberedUntilTheJdksChange() throws Exception {
        String chosen = choose(Map.of());
        assertThat(Path.of(chosen)).isExecutable();
        List<String> cache = Files.readAllLines(dir.resolve("cache/java-choice"));
        assertThat(cache).hasSize(2).last().isEqualTo(chosen);

        // The remembered answer is used as it is: nothing is asked again while the JDKs stay the same.
        Path remembered = fakeJava(dir.resolve("remembered"));
        Files.write(dir.resolve("cache/java-choice"), List.of(cache.get(0), remembered.toString()));
        assertThat(choose(Map.of())).isEqualTo(remembered.toString());

        // Another JAVA_HOME is another set of JDKs: the launcher asks again (and a JDK that does not answer loses).
        Path other = dir.resolve("other-jdk");
        fakeJava(other);
        assertThat(choose(Map.of("JAVA_HOME", other.toString()))).isEqualTo(chosen);
        assertThat(Files.readAllLines(dir.resolve("cache/java-choice"))).last().isEqualTo(chosen);
    }

    @Test
    void aJdksMajorVersionIsReadFromItsReleaseFileWithoutStartingIt() throws Exception {
        Path home = dir.resolve("jdk-25");
        Path java = fakeJava(home);
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"25.0.3\"\n");
        Path old = dir.resolve("jdk-17");
        Path java17 = fakeJava(old);
        Files.writeString(old.resolve("release"), "JAVA_VERSION=\"17.0.17\"\n");
        Path bare = fakeJava(dir.resolve("no-release"));
        for (Object[] c : new Object[][] {{java, "25"}, {java17, "17"}, {bare, ""}}) {
            ProcessBuilder builder = new ProcessBuilder("bash", "-c", ". \"$0\"; mailv2_java_release_major \"$1\"",
                    SCRIPT.toString(), c[0].toString());
            Process p = builder.redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(out).isEqualTo(c[1]);
        }
    }
}
