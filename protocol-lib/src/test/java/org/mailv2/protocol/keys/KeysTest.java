package org.mailv2.protocol.keys;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

class KeysTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void signsAndVerifies() {
        SigningPrivateKey key = SigningPrivateKey.generate(RANDOM);
        byte[] message = "hello".getBytes(UTF_8);
        Signature sig = key.sign(message);
        key.publicKey().verify(message, sig);
        assertThatThrownBy(() -> key.publicKey().verify("hellO".getBytes(UTF_8), sig))
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.BAD_SIGNATURE);
    }

    @Test
    void signatureMustBeExactly64Bytes() {
        SigningPrivateKey key = SigningPrivateKey.generate(RANDOM);
        byte[] sig = key.sign(new byte[] {1}).bytes();
        byte[] longer = Arrays.copyOf(sig, 65); // JDK 17 would accept this one (Wycheproof tcId 37)
        assertThatThrownBy(() -> Signature.ofBytes(longer))
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.BAD_SIGNATURE);
        assertThatThrownBy(() -> Signature.ofBytes(Arrays.copyOf(sig, 63)))
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.BAD_SIGNATURE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "0100000000000000000000000000000000000000000000000000000000000000", // identity
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // order 2
        "0000000000000000000000000000000000000000000000000000000000000080", // order 4
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", // order 8
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", // order 8
        "0000000000000000000000000000000000000000000000000000000000000000", // order 4
    })
    void rejectsSmallOrderSigningKeys(String hex) {
        assertThatThrownBy(() -> SigningPublicKey.ofBytes(HexFormat.of().parseHex(hex)))
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.BAD_KEY);
    }

    @Test
    void rejectsKeysOfTheWrongLength() {
        assertThatThrownBy(() -> SigningPublicKey.ofBytes(new byte[31]))
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.BAD_KEY);
        assertThatThrownBy(() -> EncryptionRecipient.ofBytes(new byte[33]))
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.BAD_KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
        "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    })
    void rejectsSmallOrderEncryptionKeys(String hex) {
        assertThatThrownBy(() -> EncryptionRecipient.ofBytes(HexFormat.of().parseHex(hex)))
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.BAD_KEY);
    }

    @Test
    void textFormsRoundTrip() {
        SigningPrivateKey key = SigningPrivateKey.generate(RANDOM);
        assertThat(SigningPublicKey.parse(key.publicKey().text())).isEqualTo(key.publicKey());
        assertThat(SigningPrivateKey.parseSecretText(key.secretText()).publicKey()).isEqualTo(key.publicKey());
        Signature sig = key.sign(new byte[0]);
        assertThat(Signature.parse(sig.text())).isEqualTo(sig);

        EncryptionIdentity identity = EncryptionIdentity.generate(RANDOM);
        assertThat(identity.secretText()).startsWith("AGE-SECRET-KEY-1");
        assertThat(identity.recipient().text()).startsWith("age1");
        assertThat(EncryptionIdentity.parse(identity.secretText()).recipient()).isEqualTo(identity.recipient());
        assertThat(EncryptionRecipient.parse(identity.recipient().text())).isEqualTo(identity.recipient());
    }

    @Test
    void rejectsNonCanonicalText() {
        SigningPrivateKey key = SigningPrivateKey.generate(RANDOM);
        String text = key.publicKey().text();
        assertThatThrownBy(() -> SigningPublicKey.parse(text + "="))
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.MALFORMED);
        String lastCharChanged = text.substring(0, 42) + (text.charAt(42) == 'A' ? 'B' : 'A');
        // the last character carries 4 unused bits; only one spelling is canonical
        if (!lastCharChanged.equals(text)) {
            assertThatThrownBy(() -> Signature.parse(key.sign(new byte[0]).text().replaceFirst(".$", "B")))
                    .isInstanceOf(ProtocolException.class);
        }
        EncryptionIdentity identity = EncryptionIdentity.generate(RANDOM);
        assertThatThrownBy(() -> EncryptionRecipient.parse(identity.recipient().text().toUpperCase()))
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.MALFORMED);
        String r = identity.recipient().text();
        String badChecksum = r.substring(0, r.length() - 1) + (r.endsWith("q") ? "p" : "q");
        assertThatThrownBy(() -> EncryptionRecipient.parse(badChecksum)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void privateKeysShowOnlyTheirKeyId() {
        SigningPrivateKey key = SigningPrivateKey.generate(RANDOM);
        assertThat(key.toString()).isEqualTo("SigningPrivateKey[" + key.keyId() + "]")
                .doesNotContain(key.secretText().substring(22));
        EncryptionIdentity identity = EncryptionIdentity.generate(RANDOM);
        assertThat(identity.toString()).doesNotContain("AGE-SECRET").contains(identity.recipient().keyId().hex());
    }

    @Test
    void keyIdIsFirst16BytesOfSha256() {
        SigningPrivateKey key = SigningPrivateKey.ofSeed(new byte[32]);
        byte[] digest = org.mailv2.protocol.digest.Sha256.hash(key.publicKey().bytes()).bytes();
        assertThat(key.keyId().hex()).isEqualTo(HexFormat.of().formatHex(Arrays.copyOf(digest, 16)));
    }

    @Test
    void bindingTiesEncryptionKeyToIdentity() {
        SigningPrivateKey key = SigningPrivateKey.generate(RANDOM);
        EncryptionRecipient enc = EncryptionIdentity.generate(RANDOM).recipient();
        Signature binding = KeyBinding.sign(key, enc);
        KeyBinding.verify(key.publicKey(), enc, binding);
        EncryptionRecipient other = EncryptionIdentity.generate(RANDOM).recipient();
        assertThatThrownBy(() -> KeyBinding.verify(key.publicKey(), other, binding))
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.BAD_SIGNATURE);
    }
}
