package org.mailv2.protocol.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mailv2.protocol.keys.EncryptionRecipient;

/**
 * RFC 7748 §5.2 and §6.1 known answers (circl's copies) through {@link EncryptionRecipient#ofBytes} and the JDK
 * agreement jagged uses. Of the iterated test only 1 and 1,000 iterations run: the 1,000,000 case takes minutes and
 * adds nothing the first two do not cover, so no test is generated for it.
 */
@ExtendWith(TestVectors.Required.class)
class VectorX25519Rfc7748Test {
    private static final int MAX_ITERATIONS = 1_000;

    @TestFactory
    Stream<DynamicTest> knownAnswers() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode kat : TestVectors.json("x25519/rfc7748_kat_test.json.gz")) {
            byte[] scalar = TestVectors.hex(kat.required("scalar").asText());
            byte[] input = TestVectors.hex(kat.required("input").asText());
            byte[] output = TestVectors.hex(kat.required("output").asText());
            tests.add(TestVectors.test("KAT " + (tests.size() + 1) + " scalar " + kat.get("scalar").asText(),
                    () -> {
                        EncryptionRecipient.ofBytes(input);
                        assertThat(JdkX25519.agree(scalar, input)).isEqualTo(output);
                    }));
        }
        assertThat(tests).hasSize(6);
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> iterated() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode entry : TestVectors.json("x25519/rfc7748_times_test.json.gz")) {
            int times = entry.required("times").asInt();
            if (times > MAX_ITERATIONS) {
                continue;
            }
            byte[] expected = TestVectors.hex(entry.required("key").asText());
            tests.add(TestVectors.test(times + " iterations", () -> {
                byte[] k = basePoint();
                byte[] u = basePoint();
                for (int i = 0; i < times; i++) {
                    byte[] next = JdkX25519.agree(k, u);
                    u = k;
                    k = next;
                }
                assertThat(k).isEqualTo(expected);
            }));
        }
        assertThat(tests).hasSize(2);
        return tests.stream();
    }

    private static byte[] basePoint() {
        byte[] point = new byte[32];
        point[0] = 9;
        return point;
    }
}
