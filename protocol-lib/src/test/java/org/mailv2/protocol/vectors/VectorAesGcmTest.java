package org.mailv2.protocol.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.passphrase.SecretBox;

/**
 * Wycheproof aes_gcm_test.json through {@link SecretBox}. The product accepts only 256-bit keys, 96-bit nonces and
 * 128-bit tags. Inside that shape, {@code valid} must seal to exactly {@code ct || tag} (with the explicit nonce, and
 * through {@link SecretBox#seal} fed the vector's nonce) and open back, and {@code invalid} must fail with {@code
 * decryption_failed}. Outside it every vector, valid or not, must be refused before any decryption: {@code bad_key}
 * for the key, {@code malformed} for the nonce.
 */
@ExtendWith(TestVectors.Required.class)
class VectorAesGcmTest {

    @TestFactory
    Stream<DynamicTest> wycheproofAesGcm() {
        return WycheproofCase.dynamicTests("aes_gcm_test.json", c -> {
            byte[] key = c.bytes("key");
            byte[] nonce = c.bytes("iv");
            byte[] aad = c.bytes("aad");
            byte[] message = c.bytes("msg");
            byte[] sealed = TestVectors.concat(c.bytes("ct"), c.bytes("tag"));
            ErrorCode refusal = refusal(c);
            if (refusal == ErrorCode.DECRYPTION_FAILED) {
                assertThat(SecretBox.sealWithNonce(key, nonce, message, aad)).isNotEqualTo(sealed);
                assertRefused(() -> SecretBox.openWithNonce(key, nonce, sealed, aad), refusal);
            } else if (refusal != null) {
                assertRefused(() -> SecretBox.sealWithNonce(key, nonce, message, aad), refusal);
                assertRefused(() -> SecretBox.openWithNonce(key, nonce, sealed, aad), refusal);
                if (refusal == ErrorCode.BAD_KEY) {
                    assertRefused(() -> new SecretBox(new SecureRandom()).seal(key, message, aad), refusal);
                }
            } else if (c.isValid()) {
                assertThat(SecretBox.sealWithNonce(key, nonce, message, aad)).isEqualTo(sealed);
                assertThat(SecretBox.openWithNonce(key, nonce, sealed, aad)).isEqualTo(message);
                SecretBox box = new SecretBox(new FixedNonceRandom(nonce));
                byte[] full = TestVectors.concat(nonce, sealed);
                assertThat(box.seal(key, message, aad)).isEqualTo(full);
                assertThat(box.open(key, full, aad)).isEqualTo(message);
            } else {
                assertRefused(() -> SecretBox.openWithNonce(key, nonce, sealed, aad), ErrorCode.DECRYPTION_FAILED);
                byte[] full = TestVectors.concat(nonce, sealed);
                assertRefused(() -> new SecretBox(new SecureRandom()).open(key, full, aad), ErrorCode.DECRYPTION_FAILED);
            }
        });
    }

    /**
     * The code SecretBox must refuse this vector's shape with, or null when the shape is the product's. A foreign tag
     * size can only show when opening: SecretBox always makes 16-byte tags, so such a {@code ct || tag} cannot
     * authenticate. (The file's groups all use 128-bit tags today.)
     */
    static ErrorCode refusal(WycheproofCase c) {
        if (c.groupInt("keySize") != 8 * SecretBox.KEY_LENGTH) {
            return ErrorCode.BAD_KEY;
        }
        if (c.groupInt("ivSize") != 8 * SecretBox.NONCE_LENGTH) {
            return ErrorCode.MALFORMED;
        }
        if (c.groupInt("tagSize") != 8 * SecretBox.TAG_LENGTH) {
            return ErrorCode.DECRYPTION_FAILED;
        }
        return null;
    }

    static void assertRefused(ThrowingCallable action, ErrorCode code) {
        assertThatThrownBy(action).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }
}
