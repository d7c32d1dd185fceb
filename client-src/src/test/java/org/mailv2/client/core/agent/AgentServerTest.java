package org.mailv2.client.core.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.client.core.keyring.KeyringStore;
import org.mailv2.client.core.vault.VaultCost;
import org.mailv2.client.core.vault.VaultFile;
import org.mailv2.client.core.vault.VaultKey;

class AgentServerTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    /** A vault with one change in it, and its derived key. */
    private VaultKey vaultKey(Path vault) throws Exception {
        try (KeyringStore store = new KeyringStore(vault, new VaultFile(RANDOM, VaultCost.MINIMUM))) {
            store.unlock("an agent test passphrase".toCharArray());
            store.update(k -> k.withCacheKey(RANDOM));
            return store.keyCopy().orElseThrow();
        }
    }

    private static void awaitStopped(AgentServer server, Thread serving) throws Exception {
        serving.join(Duration.ofSeconds(20).toMillis());
        assertThat(serving.isAlive()).isFalse();
        assertThat(server.stopped()).isTrue();
    }

    @Test
    void theAgentHandsItsKeyToItsUserAndForgetsItWhenLocked() throws Exception {
        Path vault = dir.resolve("vault");
        VaultKey key = vaultKey(vault);
        Path socket = AgentPaths.socket(Map.of("XDG_RUNTIME_DIR", dir.toString()), vault);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())))
                .isEqualTo("rwx------");
        AgentServer server = new AgentServer(socket, VaultKey.of(key.parameters(), key.exportKey()),
                Duration.ofMinutes(5));
        Thread serving = new Thread(server::serve);
        serving.start();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");

        AgentClient client = new AgentClient(socket);
        assertThat(client.running()).isTrue();
        // The key from the agent opens the vault without a passphrase.
        try (KeyringStore store = new KeyringStore(vault, new VaultFile(RANDOM, VaultCost.MINIMUM))) {
            assertThat(store.unlock(client.key().orElseThrow()).cacheKey()).isNotNull();
        }
        assertThat(client.lock()).isTrue();
        awaitStopped(server, serving);
        assertThat(socket).doesNotExist();
        assertThat(client.key()).isEmpty();
        assertThat(client.running()).isFalse();
    }

    @Test
    void anIdleAgentForgetsTheKey() throws Exception {
        Path vault = dir.resolve("vault");
        Path socket = AgentPaths.socket(Map.of("XDG_RUNTIME_DIR", dir.toString()), vault);
        AgentServer server = new AgentServer(socket, vaultKey(vault), Duration.ofMillis(300));
        Thread serving = new Thread(server::serve);
        serving.start();
        awaitStopped(server, serving);
        assertThat(new AgentClient(socket).key()).isEmpty();
    }

    @Test
    void eachVaultHasItsOwnSocket() throws Exception {
        Map<String, String> env = Map.of("XDG_RUNTIME_DIR", dir.toString());
        assertThat(AgentPaths.socket(env, dir.resolve("a/vault"))).isNotEqualTo(AgentPaths.socket(env,
                dir.resolve("b/vault")));
        assertThat(AgentPaths.socket(env, dir.resolve("a/vault")).getParent()).isEqualTo(dir.resolve("mailv2"));
    }
}
