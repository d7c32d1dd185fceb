package org.mailv2.protocol.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mailv2.protocol.json.Jcs;

/**
 * RFC 8785 test data (cyberphone/json-canonicalization): each jcs/input file canonicalized by {@link
 * Jcs#canonicalizeText} must equal the jcs/output bytes and the jcs/outhex hex dump exactly.
 */
@ExtendWith(TestVectors.Required.class)
class VectorJcsTest {

    @TestFactory
    Stream<DynamicTest> rfc8785TestData() throws IOException {
        List<String> names;
        try (Stream<Path> files = Files.list(TestVectors.path("jcs/input"))) {
            names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        }
        assertThat(names).hasSize(6);
        return names.stream().map(name -> TestVectors.test(name, () -> {
            byte[] canonical = Jcs.canonicalizeText(TestVectors.bytes("jcs/input/" + name));
            byte[] expected = TestVectors.bytes("jcs/output/" + name);
            String hexDump = new String(TestVectors.bytes("jcs/outhex/" + name.replace(".json", ".txt")),
                    StandardCharsets.US_ASCII);
            assertThat(TestVectors.hex(hexDump.replaceAll("\\s+", ""))).as("outhex agrees with output")
                    .isEqualTo(expected);
            assertThat(new String(canonical, StandardCharsets.UTF_8))
                    .isEqualTo(new String(expected, StandardCharsets.UTF_8));
            assertThat(canonical).isEqualTo(expected);
        }));
    }
}
