package org.mailv2.client.core.vault;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A save that fails leaves the previous vault whole, and readers never see half a vault. */
class VaultFileAtomicityTest {
    private static final byte[] OLD = "{\"version\":1}".getBytes(UTF_8);
    private static final byte[] NEW = "{\"version\":2}".getBytes(UTF_8);
    private final VaultFile vaults = new VaultFile(new SecureRandom(), VaultCost.MINIMUM);

    @TempDir
    Path dir;

    private static char[] passphrase() {
        return "correct horse battery staple".toCharArray();
    }

    @Test
    void aSaveInterruptedWhileWritingLeavesThePreviousVaultAndNoTemporaryFile() throws IOException {
        Path vault = dir.resolve("vault.mv2");
        vaults.write(vault, passphrase(), OLD);

        Thread.currentThread().interrupt(); // the temporary file's channel closes at its first write
        try {
            assertThatThrownBy(() -> vaults.write(vault, passphrase(), NEW))
                    .isInstanceOf(ClosedByInterruptException.class);
        } finally {
            Thread.interrupted();
        }

        assertThat(vaults.read(vault, passphrase())).isEqualTo(OLD);
        assertThat(entries()).containsExactly(vault);
    }

    @Test
    void aTargetThatIsADirectoryFailsAndKeepsItsContent() throws IOException {
        Path target = dir.resolve("vault.mv2");
        Files.createDirectory(target);
        Files.writeString(target.resolve("keep.txt"), "keep");

        assertThatThrownBy(() -> vaults.write(target, passphrase(), NEW)).isInstanceOf(IOException.class);

        assertThat(target.resolve("keep.txt")).hasContent("keep");
        assertThat(entries()).containsExactly(target);
    }

    @Test
    void aMissingDirectoryFailsWithoutCreatingIt() {
        Path vault = dir.resolve("absent/vault.mv2");

        assertThatThrownBy(() -> vaults.write(vault, passphrase(), NEW)).isInstanceOf(IOException.class);

        assertThat(vault.getParent()).doesNotExist();
    }

    @Test
    void aReaderDuringSavesAlwaysSeesAWholeVault() throws Exception {
        Path vault = dir.resolve("vault.mv2");
        vaults.write(vault, passphrase(), version(0));
        AtomicBoolean saving = new AtomicBoolean(true);
        CompletableFuture<List<String>> reader = CompletableFuture.supplyAsync(() -> {
            List<String> seen = new ArrayList<>();
            do {
                try {
                    seen.add(new String(vaults.read(vault, passphrase()), UTF_8));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            } while (saving.get());
            return seen;
        });

        for (int i = 1; i <= 20; i++) {
            vaults.write(vault, passphrase(), version(i));
        }
        saving.set(false);

        assertThat(reader.get()).isNotEmpty().allMatch(text -> text.matches("\\{\"version\":\\d+}"));
        assertThat(vaults.read(vault, passphrase())).isEqualTo(version(20));
        assertThat(entries()).containsExactly(vault);
    }

    private static byte[] version(int i) {
        return ("{\"version\":" + i + "}").getBytes(UTF_8);
    }

    private List<Path> entries() throws IOException {
        try (var files = Files.list(dir)) {
            return files.toList();
        }
    }
}
