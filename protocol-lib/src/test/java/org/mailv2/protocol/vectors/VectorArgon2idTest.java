package org.mailv2.protocol.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mailv2.protocol.passphrase.Argon2idParameters;
import org.mailv2.protocol.passphrase.PassphraseKdf;

/**
 * The RFC 9106 §5.3 Argon2id vector (phc-winner-argon2 kats/argon2id): parameters, inputs and the final tag are read
 * from the file, and {@link PassphraseKdf} with secret K and associated data X must reproduce the tag.
 */
@ExtendWith(TestVectors.Required.class)
class VectorArgon2idTest {
    private static final Pattern COSTS = Pattern.compile(
            "Memory: (\\d+) KiB, Iterations: (\\d+), Parallelism: (\\d+) lanes, Tag length: (\\d+) bytes");

    @TestFactory
    Stream<DynamicTest> rfc9106() {
        String kat = new String(TestVectors.bytes("argon2/argon2id"), StandardCharsets.US_ASCII);
        assertThat(kat).contains("Argon2id version number 19");
        Matcher costs = COSTS.matcher(kat);
        assertThat(costs.find()).as("cost line").isTrue();
        Argon2idParameters parameters = new Argon2idParameters(Integer.parseInt(costs.group(1)),
                Integer.parseInt(costs.group(2)), Integer.parseInt(costs.group(3)), field(kat, "Salt"));
        int tagLength = Integer.parseInt(costs.group(4));
        byte[] tag = field(kat, "Tag");
        return Stream.of(TestVectors.test("RFC 9106 §5.3 " + parameters, () -> {
            assertThat(tag).hasSize(tagLength);
            byte[] derived = PassphraseKdf.derive(field(kat, "Password"), parameters, field(kat, "Secret"),
                    field(kat, "Associated data"), tagLength);
            assertThat(TestVectors.hex(derived)).isEqualTo(TestVectors.hex(tag));
        }));
    }

    /** The hex bytes on the line {@code Name[n]: 01 02 …} (or {@code Tag: …}), checked against the stated length. */
    static byte[] field(String kat, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\[(\\d+)\\])?: ([0-9a-f ]+)$").matcher(kat);
        assertThat(m.find()).as(name + " line").isTrue();
        byte[] bytes = TestVectors.hex(m.group(2).replace(" ", ""));
        if (m.group(1) != null) {
            assertThat(bytes).as(name).hasSize(Integer.parseInt(m.group(1)));
        }
        return bytes;
    }
}
