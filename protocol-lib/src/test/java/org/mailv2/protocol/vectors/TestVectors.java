package org.mailv2.protocol.vectors;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.function.Executable;
import org.mailv2.protocol.json.Json;
import org.opentest4j.AssertionFailedError;

/**
 * The third-party vector folder named by {@code -Dmailv2.testvectors=DIR}. Unset or empty skips the vector tests;
 * set but missing fails them, so a typo never passes silently.
 */
final class TestVectors {
    static final String PROPERTY = "mailv2.testvectors";
    private static final ObjectMapper MAPPER = Json.newMapper(16 * 1024 * 1024);
    private static final HexFormat HEX = HexFormat.of();

    private TestVectors() {
    }

    /**
     * Put on every vector test class with {@code @ExtendWith}: resolves the folder once before the class runs, so an
     * unset property shows up in the report as one skipped class (an aborted {@code @TestFactory} alone reports
     * nothing at all), and a wrong folder fails the class.
     */
    static final class Required implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            dir();
        }
    }

    static Path dir() {
        String value = System.getProperty(PROPERTY, "");
        Assumptions.assumeTrue(!value.isBlank(), "set -Dmailv2.testvectors=DIR to run the third-party vectors");
        Path dir = Path.of(value);
        if (!Files.isDirectory(dir)) {
            fail(PROPERTY + " names " + dir.toAbsolutePath() + ", which is not a directory");
        }
        return dir;
    }

    /** A file or directory under the vector folder; fails when it is missing. */
    static Path path(String relative) {
        Path path = dir().resolve(relative);
        if (!Files.exists(path)) {
            fail("missing test vector " + path.toAbsolutePath());
        }
        return path;
    }

    /** The bytes of a vector file, gunzipped when its name ends in {@code .gz}. */
    static byte[] bytes(String relative) {
        Path path = path(relative);
        try (InputStream in = Files.newInputStream(path)) {
            InputStream raw = relative.endsWith(".gz") ? new GZIPInputStream(in) : in;
            return raw.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON vector file read with the product's strict mapper rules (duplicate keys, trailing data rejected). */
    static JsonNode json(String relative) {
        try {
            return MAPPER.readTree(bytes(relative));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + relative, e);
        }
    }

    /**
     * A dynamic test whose failures start with its name: Surefire's XML and console name dynamic tests only by index
     * ({@code cctvAge()[36]}), so the vector id has to travel in the message.
     */
    static DynamicTest test(String name, Executable body) {
        return DynamicTest.dynamicTest(name, () -> {
            try {
                body.execute();
            } catch (AssertionError e) {
                throw new AssertionFailedError(name + ": " + e.getMessage(), e);
            }
        });
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static byte[] hex(String hex) {
        return HEX.parseHex(hex);
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }
}
