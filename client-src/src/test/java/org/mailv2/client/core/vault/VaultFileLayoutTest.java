package org.mailv2.client.core.vault;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.passphrase.Argon2idParameters;
import org.mailv2.protocol.passphrase.PassphraseKdf;
import org.mailv2.protocol.passphrase.SecretBox;

/** The file format as documented on {@link VaultFile}, read by code that does not share the parser. */
class VaultFileLayoutTest {
    private static final byte[] PLAINTEXT = "{\"k\":1}".getBytes(UTF_8);
    /**
     * Salt 00..0f, nonce 10..1b, passphrase "correct horse battery staple", 8 MiB, 1 pass, 1 lane; checked against an
     * independent implementation (Python's pyca/cryptography Argon2id and AESGCM with the first 56 bytes as AAD).
     */
    private static final String VECTOR = "4d41494c56322d5641554c540a01000020000000000101"
            + "10000102030405060708090a0b0c0d0e0f101112131415161718191a1b00000017"
            + "ce012201358287a189c0721dcadce16283cd5f3baec84f";

    @TempDir
    Path dir;

    private static char[] passphrase() {
        return "correct horse battery staple".toCharArray();
    }

    @Test
    void anIndependentReaderOfTheDocumentedLayoutOpensTheFileWithTheHeaderAsAssociatedData() throws IOException {
        Path vault = dir.resolve("vault.mv2");
        new VaultFile(new SecureRandom(), VaultCost.MINIMUM).write(vault, passphrase(), PLAINTEXT);
        byte[] file = Files.readAllBytes(vault);
        ByteBuffer in = ByteBuffer.wrap(file);
        int saltLength = file[23];
        byte[] salt = Arrays.copyOfRange(file, 24, 24 + saltLength);
        byte[] nonce = Arrays.copyOfRange(file, 24 + saltLength, 36 + saltLength);
        int length = in.getInt(36 + saltLength);
        byte[] header = Arrays.copyOf(file, 40 + saltLength);
        byte[] ciphertext = Arrays.copyOfRange(file, 40 + saltLength, file.length);
        byte[] key = PassphraseKdf.derive(passphrase(),
                new Argon2idParameters(in.getInt(14), in.getInt(18), file[22], salt), 32);

        assertThat(ciphertext).hasSize(length);
        assertThat(SecretBox.openWithNonce(key, nonce, ciphertext, header)).isEqualTo(PLAINTEXT);
        assertThatThrownBy(() -> SecretBox.openWithNonce(key, nonce, ciphertext, null))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.DECRYPTION_FAILED));
    }

    @Test
    void knownAnswerWithFixedRandomness() throws IOException {
        Path vault = dir.resolve("vault.mv2");

        new VaultFile(new CountingRandom(), VaultCost.MINIMUM).write(vault, passphrase(), PLAINTEXT);

        assertThat(HexFormat.of().formatHex(Files.readAllBytes(vault))).isEqualTo(VECTOR);
    }

    @Test
    void theKnownAnswerOpens() throws IOException {
        Path vault = dir.resolve("vault.mv2");
        Files.write(vault, HexFormat.of().parseHex(VECTOR));

        assertThat(new VaultFile().read(vault, passphrase())).isEqualTo(PLAINTEXT);
    }

    /** Hands out 00, 01, 02, ... so that salt and nonce are predictable; for vectors only. */
    private static final class CountingRandom extends SecureRandom {
        private int next;

        @Override
        public void nextBytes(byte[] bytes) {
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) next++;
            }
        }
    }
}
