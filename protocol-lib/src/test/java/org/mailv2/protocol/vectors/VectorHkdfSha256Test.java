package org.mailv2.protocol.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Wycheproof hkdf_sha256_test.json through {@link JaggedHkdf}: the product's HKDF is jagged's own extract/expand on the
 * JDK's HmacSHA256 (it does not use Bouncy Castle's HKDFBytesGenerator). {@code valid} must reproduce the okm; the
 * {@code invalid} ones ask for more than 255 blocks and must be refused.
 */
@ExtendWith(TestVectors.Required.class)
class VectorHkdfSha256Test {

    @TestFactory
    Stream<DynamicTest> wycheproofHkdfSha256() {
        return WycheproofCase.dynamicTests("hkdf_sha256_test.json", c -> {
            byte[] ikm = c.bytes("ikm");
            byte[] salt = c.bytes("salt");
            byte[] info = c.bytes("info");
            int size = c.test().required("size").asInt();
            if (c.isValid()) {
                assertThat(JaggedHkdf.derive(ikm, salt, info, size)).isEqualTo(c.bytes("okm"));
            } else {
                assertThat(c.flags()).containsExactly("SizeTooLarge");
                assertThatThrownBy(() -> JaggedHkdf.derive(ikm, salt, info, size))
                        .isInstanceOf(IllegalArgumentException.class);
            }
        });
    }
}
