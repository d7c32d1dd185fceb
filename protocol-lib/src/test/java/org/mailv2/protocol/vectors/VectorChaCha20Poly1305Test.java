package org.mailv2.protocol.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Wycheproof chacha20_poly1305_test.json through the JDK's "ChaCha20-Poly1305" Cipher with an IvParameterSpec, as
 * jagged uses it for age stanza bodies and payload chunks. {@code valid} must encrypt to {@code ct || tag} and decrypt
 * back; {@code invalid} (modified tags, nonces other than 12 bytes) must fail to decrypt.
 */
@ExtendWith(TestVectors.Required.class)
class VectorChaCha20Poly1305Test {

    @TestFactory
    Stream<DynamicTest> wycheproofChaCha20Poly1305() {
        return WycheproofCase.dynamicTests("chacha20_poly1305_test.json", c -> {
            byte[] key = c.bytes("key");
            byte[] iv = c.bytes("iv");
            byte[] aad = c.bytes("aad");
            byte[] sealed = TestVectors.concat(c.bytes("ct"), c.bytes("tag"));
            if (c.isValid()) {
                assertThat(run(Cipher.ENCRYPT_MODE, key, iv, aad, c.bytes("msg"))).isEqualTo(sealed);
                assertThat(run(Cipher.DECRYPT_MODE, key, iv, aad, sealed)).isEqualTo(c.bytes("msg"));
            } else {
                assertThatThrownBy(() -> run(Cipher.DECRYPT_MODE, key, iv, aad, sealed))
                        .isInstanceOf(GeneralSecurityException.class);
                if (c.flags().contains("InvalidNonceSize")) {
                    assertThatThrownBy(() -> run(Cipher.ENCRYPT_MODE, key, iv, aad, c.bytes("msg")))
                            .isInstanceOf(GeneralSecurityException.class);
                }
            }
        });
    }

    static byte[] run(int mode, byte[] key, byte[] iv, byte[] aad, byte[] input) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("ChaCha20-Poly1305");
        cipher.init(mode, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(iv));
        cipher.updateAAD(aad);
        return cipher.doFinal(input);
    }
}
