package org.mailv2.client.core.vault;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/** Flipped, truncated, padded, foreign and hostile files: each fails with a protocol error code, never otherwise. */
class VaultFileTamperTest {
    private static final int MEMORY = 14;
    private static final int ITERATIONS = 18;
    private static final int PARALLELISM = 22;
    private static final int SALT_LENGTH = 23;
    private static final int SALT = 24;
    private static final int NONCE = 40;
    private static final int LENGTH = 52;
    private static final int CIPHERTEXT = 56;
    private static final byte[] PLAINTEXT = "{\"k\":1}".getBytes(UTF_8);
    private final VaultFile vaults = new VaultFile(new SecureRandom(), VaultCost.MINIMUM);

    @TempDir
    Path dir;
    private byte[] original;

    private static char[] passphrase() {
        return "correct horse battery staple".toCharArray();
    }

    @BeforeEach
    void writeASmallVault() throws IOException {
        Path vault = dir.resolve("vault.mv2");
        vaults.write(vault, passphrase(), PLAINTEXT);
        original = Files.readAllBytes(vault);
    }

    @Test
    void everyFlippedBitOfEveryByteFails() throws IOException {
        for (int i = 0; i < original.length; i++) {
            for (int mask : new int[] {0x01, 0x80}) {
                byte[] changed = original.clone();
                changed[i] ^= (byte) mask;
                ErrorCode code = failure(changed);
                String where = "byte " + i + " ^ 0x" + Integer.toHexString(mask);
                if (i < MEMORY || i == SALT_LENGTH || (i >= LENGTH && i < CIPHERTEXT)) {
                    assertThat(code).as(where).isEqualTo(ErrorCode.MALFORMED);
                } else if (i < SALT_LENGTH) {
                    assertThat(code).as(where).isIn(ErrorCode.MALFORMED, ErrorCode.DECRYPTION_FAILED);
                } else {
                    assertThat(code).as(where).isEqualTo(ErrorCode.DECRYPTION_FAILED);
                }
            }
        }
    }

    @Test
    void everyTruncationIsMalformedWithoutDerivingAKey() {
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            for (int length = 0; length < original.length; length++) {
                assertThat(failure(Arrays.copyOf(original, length))).as("first %d bytes", length)
                        .isEqualTo(ErrorCode.MALFORMED);
            }
        });
    }

    @Test
    void extraBytesAtTheEndAreMalformed() throws IOException {
        assertThat(failure(Arrays.copyOf(original, original.length + 1))).isEqualTo(ErrorCode.MALFORMED);
    }

    @Test
    void garbageIsMalformed() throws IOException {
        byte[] garbage = new byte[200];
        new SecureRandom().nextBytes(garbage);
        assertThat(failure(garbage)).isEqualTo(ErrorCode.MALFORMED);
        assertThat(failure("{\"accounts\":[]}".getBytes(UTF_8))).isEqualTo(ErrorCode.MALFORMED);

        byte[] magicThenGarbage = garbage.clone();
        System.arraycopy(original, 0, magicThenGarbage, 0, 13);
        assertThat(failure(magicThenGarbage)).isEqualTo(ErrorCode.MALFORMED);
    }

    @Test
    void aFileLargerThanAnyVaultIsRefusedBeforeParsing() throws IOException {
        Path big = dir.resolve("big.mv2");
        try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
            file.write(original);
            file.setLength(VaultLayout.MAX_FILE_BYTES + 1L); // sparse: cheap on disk
        }

        Throwable thrown = catchThrowable(() -> vaults.read(big, passphrase()));

        assertThat(thrown).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED)).hasMessageContaining("larger");
    }

    static Stream<Arguments> hostileHeaders() {
        return Stream.of(
                hostile("memory 4 GiB - 1 KiB", b -> b.putInt(MEMORY, -1), "memory"),
                hostile("memory 4 GiB, which Argon2 itself allows", b -> b.putInt(MEMORY, 4 * 1024 * 1024), "memory"),
                hostile("memory 256 MiB + 1 KiB", b -> b.putInt(MEMORY, 256 * 1024 + 1), "memory"),
                hostile("memory under 8 MiB", b -> b.putInt(MEMORY, 8 * 1024 - 1), "memory"),
                hostile("iterations 2^32 - 1", b -> b.putInt(ITERATIONS, -1), "iterations"),
                hostile("iterations 64, which Argon2 itself allows", b -> b.putInt(ITERATIONS, 64), "iterations"),
                hostile("iterations 0", b -> b.putInt(ITERATIONS, 0), "iterations"),
                hostile("256 MiB times 10 passes", b -> b.putInt(MEMORY, 256 * 1024).putInt(ITERATIONS, 10),
                        "memory times iterations"),
                hostile("parallelism 255", b -> b.put(PARALLELISM, (byte) 255), "parallelism"),
                hostile("parallelism 16", b -> b.put(PARALLELISM, (byte) 16), "parallelism"),
                hostile("parallelism 0", b -> b.put(PARALLELISM, (byte) 0), "parallelism"),
                hostile("salt 255 bytes", b -> b.put(SALT_LENGTH, (byte) 255), "salt"),
                hostile("salt 0 bytes", b -> b.put(SALT_LENGTH, (byte) 0), "salt"),
                hostile("ciphertext 4 GiB", b -> b.putInt(LENGTH, -1), "ciphertext"),
                hostile("ciphertext shorter than a tag", b -> b.putInt(LENGTH, 15), "ciphertext"),
                hostile("version 2", b -> b.put(13, (byte) 2), "version 2"));
    }

    private static Arguments hostile(String name, Consumer<ByteBuffer> change, String message) {
        return Arguments.of(name, change, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileHeaders")
    void hostileHeadersAreRefusedBeforeAnyDerivation(String name, Consumer<ByteBuffer> change, String message)
            throws IOException {
        byte[] file = original.clone();
        change.accept(ByteBuffer.wrap(file));
        Path vault = dir.resolve("hostile.mv2");
        Files.write(vault, file);

        Throwable thrown = assertTimeoutPreemptively(Duration.ofSeconds(1),
                () -> catchThrowable(() -> vaults.read(vault, passphrase())));

        assertThat(thrown).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED)).hasMessageContaining(message);
    }

    /** Reads {@code file} as a vault and returns the code it fails with; anything else fails the test. */
    private ErrorCode failure(byte[] file) throws IOException {
        Path vault = dir.resolve("tampered.mv2");
        Files.write(vault, file);
        Throwable thrown = catchThrowable(() -> vaults.read(vault, passphrase()));
        assertThat(thrown).as("reading a changed file").isInstanceOf(ProtocolException.class);
        return ((ProtocolException) thrown).code();
    }
}
