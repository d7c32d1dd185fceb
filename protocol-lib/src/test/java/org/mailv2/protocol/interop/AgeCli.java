package org.mailv2.protocol.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs Debian's {@code age} binaries. CI sets {@code -Dmailv2.interop=required}, so a missing binary fails there;
 * elsewhere the interop tests are skipped with a message that says how to run them.
 */
final class AgeCli {
    private AgeCli() {
    }

    static void requireInstalled() {
        boolean present = onPath("age") && onPath("age-keygen");
        if (!present) {
            if ("required".equals(System.getProperty("mailv2.interop"))) {
                fail("the age CLI is required (-Dmailv2.interop=required) but is not on PATH: apt-get install age");
            }
            Assumptions.assumeTrue(false, "age CLI not on PATH: apt-get install age, or CI's -Dmailv2.interop=required");
        }
    }

    static byte[] run(Path stdin, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of(command)).redirectErrorStream(false);
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        Process p = pb.start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        String err = new String(p.getErrorStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail(String.join(" ", command) + " failed: " + err);
        }
        return out;
    }

    private static boolean onPath(String binary) {
        String path = System.getenv("PATH");
        List<Path> dirs = new ArrayList<>();
        for (String d : path == null ? new String[0] : path.split(java.io.File.pathSeparator)) {
            dirs.add(Path.of(d));
        }
        return dirs.stream().anyMatch(d -> Files.isExecutable(d.resolve(binary)));
    }
}
