package org.mailv2.client.core.vault;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

class VaultFileTest {
    private static final byte[] PLAINTEXT = "{\"accounts\":[{\"address\":\"alice!\"}]}".getBytes(UTF_8);
    private final VaultFile vaults = new VaultFile(new SecureRandom(), VaultCost.MINIMUM);

    @TempDir
    Path dir;

    private static char[] passphrase() {
        return "correct horse battery staple".toCharArray();
    }

    @Test
    void roundTrip() throws IOException {
        Path vault = dir.resolve("vault.mv2");

        vaults.write(vault, passphrase(), PLAINTEXT);

        assertThat(vaults.read(vault, passphrase())).isEqualTo(PLAINTEXT);
    }

    @Test
    void roundTripOfAnEmptyAndANonAsciiPlaintextUnderANonAsciiPassphrase() throws IOException {
        Path vault = dir.resolve("vault.mv2");
        char[] passphrase = "pässwörd 🔑".toCharArray();

        vaults.write(vault, passphrase, new byte[0]);
        assertThat(vaults.read(vault, passphrase)).isEmpty();

        byte[] text = "{\"name\":\"Zoë 日本\"}".getBytes(UTF_8);
        vaults.write(vault, passphrase, text);
        assertThat(vaults.read(vault, passphrase)).isEqualTo(text);
    }

    @Test
    void everySaveOfTheSamePlaintextHasAFreshSaltNonceAndCiphertext() throws IOException {
        Path vault = dir.resolve("vault.mv2");
        Set<String> salts = new HashSet<>();
        Set<String> nonces = new HashSet<>();
        Set<String> ciphertexts = new HashSet<>();

        for (int i = 0; i < 5; i++) {
            vaults.write(vault, passphrase(), PLAINTEXT);
            byte[] file = Files.readAllBytes(vault);
            salts.add(hex(file, 24, 40));
            nonces.add(hex(file, 40, 52));
            ciphertexts.add(hex(file, 56, file.length));
            assertThat(vaults.read(vault, passphrase())).isEqualTo(PLAINTEXT);
        }

        assertThat(salts).hasSize(5);
        assertThat(nonces).hasSize(5);
        assertThat(ciphertexts).hasSize(5);
    }

    @Test
    void wrongPassphraseSaysSoInWordsAPersonUnderstands() throws IOException {
        Path vault = dir.resolve("vault.mv2");
        vaults.write(vault, passphrase(), PLAINTEXT);

        assertThatThrownBy(() -> vaults.read(vault, "correct horse battery stapler".toCharArray()))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.DECRYPTION_FAILED))
                .hasMessage("wrong passphrase, or the vault file was changed");
    }

    @Test
    void layoutIsAsDocumented() throws IOException {
        Path vault = dir.resolve("vault.mv2");
        vaults.write(vault, passphrase(), PLAINTEXT);
        byte[] file = Files.readAllBytes(vault);
        ByteBuffer in = ByteBuffer.wrap(file);

        assertThat(new String(file, 0, 13, UTF_8)).isEqualTo("MAILV2-VAULT\n");
        assertThat(file[13]).isEqualTo((byte) 1);
        assertThat(in.getInt(14)).isEqualTo(8 * 1024);
        assertThat(in.getInt(18)).isEqualTo(1);
        assertThat(file[22]).isEqualTo((byte) 1);
        assertThat(file[23]).isEqualTo((byte) 16);
        assertThat(in.getInt(52)).isEqualTo(PLAINTEXT.length + 16);
        assertThat(file).hasSize(56 + PLAINTEXT.length + 16);
    }

    @Test
    void theDefaultCostIsTheRecommendedOne() throws IOException {
        Path vault = dir.resolve("vault.mv2");

        new VaultFile().write(vault, passphrase(), PLAINTEXT);

        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(vault));
        assertThat(in.getInt(14)).isEqualTo(64 * 1024);
        assertThat(in.getInt(18)).isEqualTo(3);
        assertThat(in.get(22)).isEqualTo((byte) 1);
        assertThat(VaultCost.RECOMMENDED).isEqualTo(new VaultCost(64 * 1024, 3, 1));
    }

    @Test
    void theVaultIsOwnerOnlyEvenWhenItReplacesAWorldReadableFile() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path vault = dir.resolve("vault.mv2");
        Files.writeString(vault, "old");
        Files.setPosixFilePermissions(vault, PosixFilePermissions.fromString("rw-r--r--"));

        vaults.write(vault, passphrase(), PLAINTEXT);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(vault))).isEqualTo("rw-------");

        Path created = dir.resolve("created.mv2");
        vaults.create(created, passphrase(), PLAINTEXT);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created))).isEqualTo("rw-------");
    }

    @Test
    void savesLeaveNoTemporaryFilesBehind() throws IOException {
        Path vault = dir.resolve("vault.mv2");
        vaults.create(vault, passphrase(), PLAINTEXT);
        vaults.write(vault, passphrase(), PLAINTEXT);
        vaults.write(vault, passphrase(), PLAINTEXT);

        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(vault);
        }
    }

    @Test
    void createRefusesAnExistingFileAndLeavesItAlone() throws IOException {
        Path vault = dir.resolve("vault.mv2");
        vaults.create(vault, passphrase(), PLAINTEXT);
        byte[] before = Files.readAllBytes(vault);

        assertThatThrownBy(() -> vaults.create(vault, passphrase(), "{}".getBytes(UTF_8)))
                .isInstanceOf(FileAlreadyExistsException.class);

        assertThat(Files.readAllBytes(vault)).isEqualTo(before);
    }

    @Test
    void readingAMissingVaultIsNoSuchFile() {
        assertThatThrownBy(() -> vaults.read(dir.resolve("missing.mv2"), passphrase()))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aPlaintextOverTheLimitIsTooLargeAndNothingIsWritten() {
        Path vault = dir.resolve("vault.mv2");
        byte[] huge = new byte[VaultFile.MAX_PLAINTEXT_BYTES + 1];

        assertThatThrownBy(() -> vaults.write(vault, passphrase(), huge))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE));
        assertThat(vault).doesNotExist();
    }

    @Test
    void theCallersArraysAreNotChanged() throws IOException {
        Path vault = dir.resolve("vault.mv2");
        char[] passphrase = passphrase();
        byte[] plaintext = PLAINTEXT.clone();

        vaults.write(vault, passphrase, plaintext);
        vaults.read(vault, passphrase);

        assertThat(passphrase).isEqualTo(passphrase());
        assertThat(plaintext).isEqualTo(PLAINTEXT);
    }

    private static String hex(byte[] bytes, int from, int to) {
        return HexFormat.of().formatHex(Arrays.copyOfRange(bytes, from, to));
    }
}
