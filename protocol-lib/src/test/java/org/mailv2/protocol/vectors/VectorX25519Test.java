package org.mailv2.protocol.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.GeneralSecurityException;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.keys.EncryptionRecipient;

/**
 * Wycheproof x25519_test.json through the product's two gates: {@link EncryptionRecipient#ofBytes} (refuses
 * small-order keys) and the JDK agreement jagged runs ({@link JdkX25519}). The file has only {@code valid} and {@code
 * acceptable} cases. Policy for both: a nonzero expected secret must be accepted by both gates and reproduced; the 31
 * {@code ZeroSharedSecret} cases must be stopped by at least one gate, as age requires.
 */
@ExtendWith(TestVectors.Required.class)
class VectorX25519Test {

    @TestFactory
    Stream<DynamicTest> wycheproofX25519() {
        return WycheproofCase.dynamicTests("x25519_test.json", c -> {
            byte[] publicKey = c.bytes("public");
            byte[] privateKey = c.bytes("private");
            byte[] shared = c.bytes("shared");
            assertThat(c.result()).isIn("valid", "acceptable");
            boolean zero = c.flags().contains("ZeroSharedSecret");
            assertThat(zero).as("ZeroSharedSecret flag matches an all-zero expected secret")
                    .isEqualTo(isAllZero(shared));
            if (zero) {
                assertThat(isRecipientRefused(publicKey) || isAgreementRefused(privateKey, publicKey))
                        .as("all-zero secret stopped by EncryptionRecipient.ofBytes or the JDK agreement").isTrue();
            } else {
                EncryptionRecipient.ofBytes(publicKey);
                assertThat(JdkX25519.agree(privateKey, publicKey)).isEqualTo(shared);
            }
        });
    }

    static boolean isRecipientRefused(byte[] publicKey) {
        try {
            EncryptionRecipient.ofBytes(publicKey);
            return false;
        } catch (ProtocolException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_KEY);
            return true;
        }
    }

    static boolean isAgreementRefused(byte[] privateKey, byte[] publicKey) {
        try {
            JdkX25519.agree(privateKey, publicKey);
            return false;
        } catch (GeneralSecurityException e) {
            return true;
        }
    }

    private static boolean isAllZero(byte[] bytes) {
        int acc = 0;
        for (byte b : bytes) {
            acc |= b;
        }
        return acc == 0;
    }
}
