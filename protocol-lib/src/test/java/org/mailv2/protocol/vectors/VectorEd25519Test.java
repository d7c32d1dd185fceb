package org.mailv2.protocol.vectors;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.keys.Signature;
import org.mailv2.protocol.keys.SigningPublicKey;

/**
 * Wycheproof ed25519_test.json through the product's parse-then-verify path: {@code valid} must verify, {@code
 * invalid} must be refused by key parsing, signature parsing or verification. The file has no private keys; signing
 * is checked in {@link VectorEd25519SignTest}.
 */
@ExtendWith(TestVectors.Required.class)
class VectorEd25519Test {

    @TestFactory
    Stream<DynamicTest> wycheproofEd25519() {
        return WycheproofCase.dynamicTests("ed25519_test.json", c -> {
            byte[] key = TestVectors.hex(c.group().required("publicKey").required("pk").asText());
            byte[] message = c.bytes("msg");
            byte[] signature = c.bytes("sig");
            if (c.isValid()) {
                assertThatCode(() -> verify(key, message, signature)).doesNotThrowAnyException();
            } else {
                assertThatThrownBy(() -> verify(key, message, signature)).isInstanceOf(ProtocolException.class);
            }
        });
    }

    static void verify(byte[] key, byte[] message, byte[] signature) {
        SigningPublicKey.ofBytes(key).verify(message, Signature.ofBytes(signature));
    }
}
