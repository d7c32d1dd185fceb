package org.mailv2.protocol.vectors;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * One file of the CCTV age test kit: {@code key: value} header lines, an empty line, then the age file
 * (zlib-compressed when {@code compressed: zlib}).
 */
record CctvAgeVector(String name, List<Map.Entry<String, String>> header, byte[] body) {
    private static final Set<String> KNOWN_KEYS =
            Set.of("expect", "payload", "identity", "passphrase", "armored", "file key", "comment", "compressed");
    static final String X25519_IDENTITY_PREFIX = "AGE-SECRET-KEY-1";

    static CctvAgeVector parse(String name, byte[] file) {
        int end = indexOf(file, new byte[] {'\n', '\n'});
        if (end < 0) {
            throw new IllegalArgumentException(name + ": no empty line after the header");
        }
        List<Map.Entry<String, String>> header = new ArrayList<>();
        for (String line : new String(file, 0, end, StandardCharsets.US_ASCII).split("\n")) {
            int colon = line.indexOf(": ");
            if (colon < 0) {
                throw new IllegalArgumentException(name + ": header line without ': ' " + line);
            }
            header.add(Map.entry(line.substring(0, colon), line.substring(colon + 2)));
        }
        return new CctvAgeVector(name, List.copyOf(header), Arrays.copyOfRange(file, end + 2, file.length));
    }

    List<String> values(String key) {
        return header.stream().filter(e -> e.getKey().equals(key)).map(Map.Entry::getValue).toList();
    }

    Optional<String> value(String key) {
        return values(key).stream().findFirst();
    }

    String expect() {
        return value("expect").orElseThrow(() -> new IllegalArgumentException(name + ": no expect line"));
    }

    /** Why the product cannot run this vector, or empty when it can. */
    Optional<String> skipReason() {
        if (header.stream().anyMatch(e -> !KNOWN_KEYS.contains(e.getKey()))) {
            return Optional.of("unknown header key");
        }
        if (value("armored").filter("yes"::equals).isPresent()) {
            return Optional.of("ASCII armor, which the product never uses");
        }
        if (!values("passphrase").isEmpty()) {
            return Optional.of("scrypt passphrase recipient, which the product does not support");
        }
        if (values("identity").stream().anyMatch(id -> !id.startsWith(X25519_IDENTITY_PREFIX))) {
            return Optional.of("non-X25519 (hybrid ML-KEM) identity, which the product does not support");
        }
        if (value("compressed").filter(c -> !c.equals("zlib")).isPresent()) {
            return Optional.of("unknown compression");
        }
        return Optional.empty();
    }

    /** The age file itself, inflated when the vector is compressed. */
    byte[] ageFile() {
        if (value("compressed").isEmpty()) {
            return body.clone();
        }
        Inflater inflater = new Inflater();
        inflater.setInput(body);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException(name + ": truncated zlib body");
                }
                out.write(buffer, 0, n);
            }
        } catch (DataFormatException e) {
            throw new IllegalArgumentException(name + ": bad zlib body", e);
        } finally {
            inflater.end();
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
