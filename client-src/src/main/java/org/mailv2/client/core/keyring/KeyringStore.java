package org.mailv2.client.core.keyring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mailv2.client.core.vault.VaultFile;
import org.mailv2.protocol.json.Json;

/** Loads and saves the keyring inside the encrypted vault file (JSON inside AES-256-GCM under Argon2id). */
public final class KeyringStore {
    private final Path vault;
    private final VaultFile file;

    public KeyringStore(Path vault, VaultFile file) {
        this.vault = vault;
        this.file = file;
    }

    public boolean exists() {
        return Files.exists(vault);
    }

    /**
     * @throws org.mailv2.protocol.error.ProtocolException {@code decryption_failed} for a wrong passphrase
     * @throws IOException when the file cannot be read
     */
    public Keyring load(char[] passphrase) throws IOException {
        if (!exists()) {
            return Keyring.empty();
        }
        return Json.read(file.read(vault, passphrase), Keyring.class);
    }

    /** Writes atomically, with a fresh nonce. */
    public void save(Keyring keyring, char[] passphrase) throws IOException {
        file.write(vault, passphrase, Json.write(keyring));
    }
}
