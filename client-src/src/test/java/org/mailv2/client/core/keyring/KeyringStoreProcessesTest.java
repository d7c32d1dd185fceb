package org.mailv2.client.core.keyring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.client.core.vault.VaultCost;
import org.mailv2.client.core.vault.VaultFile;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.SigningPrivateKey;

/** The vault's lock holds across processes: other JVMs and this one change the vault at once, and nothing is lost. */
class KeyringStoreProcessesTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int CHANGES = 15;

    @TempDir
    Path dir;

    /** A second process: adds {@code CHANGES} contacts named after its argument, one vault update each. */
    public static void main(String[] args) throws Exception {
        Path vault = Path.of(args[0]);
        try (KeyringStore store = new KeyringStore(vault, new VaultFile(RANDOM, VaultCost.MINIMUM))) {
            store.unlock(args[1].toCharArray());
            for (int i = 0; i < CHANGES; i++) {
                String name = args[2] + "-" + i + "!";
                store.update(k -> k.withContact(contact(name)));
            }
        }
    }

    static Contact contact(String address) {
        return new Contact(address, SigningPrivateKey.generate(RANDOM).publicKey(),
                EncryptionIdentity.generate(RANDOM).recipient(), 1, Instant.parse("2026-12-01T00:00:00Z"),
                Contact.Status.PINNED);
    }

    @Test
    void twoOtherProcessesAndThisOneLoseNoUpdate() throws Exception {
        Path vault = dir.resolve("vault");
        String passphrase = "a passphrase for three processes";
        try (KeyringStore store = new KeyringStore(vault, new VaultFile(RANDOM, VaultCost.MINIMUM))) {
            store.unlock(passphrase.toCharArray());
            store.update(k -> k.withCacheKey(RANDOM));
            List<Process> others = new ArrayList<>();
            for (String name : List.of("left", "right")) {
                others.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"), KeyringStoreProcessesTest.class.getName(),
                        vault.toString(), passphrase, name).inheritIO().start());
            }
            for (int i = 0; i < CHANGES; i++) {
                String name = "here-" + i + "!";
                store.update(k -> k.withContact(contact(name)));
            }
            for (Process p : others) {
                assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).isZero();
            }
            assertThat(store.read().contacts()).hasSize(3 * CHANGES);
        }
    }
}
