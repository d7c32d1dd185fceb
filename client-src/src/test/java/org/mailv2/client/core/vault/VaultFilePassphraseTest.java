package org.mailv2.client.core.vault;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/** Changing the passphrase, and moving a vault to another machine through an encrypted export. */
class VaultFilePassphraseTest {
    private static final byte[] PLAINTEXT = "{\"accounts\":[{\"address\":\"alice!\"}]}".getBytes(UTF_8);
    private final VaultFile vaults = new VaultFile(new SecureRandom(), VaultCost.MINIMUM);

    @TempDir
    Path dir;
    private Path vault;

    private static char[] oldPassphrase() {
        return "old passphrase".toCharArray();
    }

    private static char[] newPassphrase() {
        return "new passphrase".toCharArray();
    }

    private static char[] exportPassphrase() {
        return "export passphrase".toCharArray();
    }

    @BeforeEach
    void createVault() throws IOException {
        vault = dir.resolve("vault.mv2");
        vaults.create(vault, oldPassphrase(), PLAINTEXT);
    }

    @Test
    void changePassphraseReEncryptsWithAFreshSaltAndNonce() throws IOException {
        byte[] before = Files.readAllBytes(vault);

        vaults.changePassphrase(vault, oldPassphrase(), newPassphrase());

        assertThat(vaults.read(vault, newPassphrase())).isEqualTo(PLAINTEXT);
        assertDecryptionFails(vault, oldPassphrase());
        byte[] after = Files.readAllBytes(vault);
        assertThat(Arrays.copyOfRange(after, 24, 40)).isNotEqualTo(Arrays.copyOfRange(before, 24, 40));
        assertThat(Arrays.copyOfRange(after, 40, 52)).isNotEqualTo(Arrays.copyOfRange(before, 40, 52));
    }

    @Test
    void aWrongOldPassphraseChangesNothing() throws IOException {
        byte[] before = Files.readAllBytes(vault);

        assertDecryptionFails(() -> vaults.changePassphrase(vault, "not it".toCharArray(), newPassphrase()));

        assertThat(Files.readAllBytes(vault)).isEqualTo(before);
    }

    @Test
    void exportAndImportMoveTheVaultUnderSeparatePassphrases() throws IOException {
        Path export = dir.resolve("alice.mv2export");
        Path otherMachine = dir.resolve("other/vault.mv2");
        Files.createDirectories(otherMachine.getParent());

        vaults.exportTo(vault, oldPassphrase(), export, exportPassphrase());
        assertThat(vaults.read(export, exportPassphrase())).isEqualTo(PLAINTEXT);
        assertDecryptionFails(export, oldPassphrase());

        vaults.importFrom(export, exportPassphrase(), otherMachine, newPassphrase());
        assertThat(vaults.read(otherMachine, newPassphrase())).isEqualTo(PLAINTEXT);
        assertThat(vaults.read(vault, oldPassphrase())).isEqualTo(PLAINTEXT);
    }

    @Test
    void importNeverReplacesAnExistingVault() throws IOException {
        Path export = dir.resolve("alice.mv2export");
        vaults.exportTo(vault, oldPassphrase(), export, exportPassphrase());
        byte[] before = Files.readAllBytes(vault);

        assertThatThrownBy(() -> vaults.importFrom(export, exportPassphrase(), vault, newPassphrase()))
                .isInstanceOf(FileAlreadyExistsException.class);

        assertThat(Files.readAllBytes(vault)).isEqualTo(before);
    }

    @Test
    void exportNeverReplacesAnExistingFile() throws IOException {
        Path target = dir.resolve("notes.txt");
        Files.writeString(target, "precious");

        assertThatThrownBy(() -> vaults.exportTo(vault, oldPassphrase(), target, exportPassphrase()))
                .isInstanceOf(FileAlreadyExistsException.class);

        assertThat(target).hasContent("precious");
    }

    @Test
    void exportWithAWrongPassphraseWritesNothing() {
        Path export = dir.resolve("alice.mv2export");

        assertDecryptionFails(() -> vaults.exportTo(vault, "not it".toCharArray(), export, exportPassphrase()));

        assertThat(export).doesNotExist();
    }

    @Test
    void importWithAWrongExportPassphraseCreatesNoVault() throws IOException {
        Path export = dir.resolve("alice.mv2export");
        vaults.exportTo(vault, oldPassphrase(), export, exportPassphrase());
        Path otherMachine = dir.resolve("other.mv2");

        assertDecryptionFails(() -> vaults.importFrom(export, "not it".toCharArray(), otherMachine, newPassphrase()));

        assertThat(otherMachine).doesNotExist();
    }

    private void assertDecryptionFails(Path file, char[] passphrase) {
        assertDecryptionFails(() -> vaults.read(file, passphrase));
    }

    private static void assertDecryptionFails(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.DECRYPTION_FAILED));
    }
}
