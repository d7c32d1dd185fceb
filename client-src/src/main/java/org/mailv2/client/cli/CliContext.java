package org.mailv2.client.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import org.mailv2.client.core.agent.AgentClient;
import org.mailv2.client.core.agent.AgentPaths;
import org.mailv2.client.core.cache.SummaryCache;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.keyring.KeyringStore;
import org.mailv2.client.core.paths.ClientPaths;
import org.mailv2.client.core.session.ClientSession;
import org.mailv2.client.core.vault.VaultFile;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.pow.StampSolver;

/**
 * What every subcommand needs: where the files are, the vault, the passphrase source, time and randomness. The vault
 * is unlocked once per command (one Argon2id derivation); every change goes through {@link KeyringStore#update}, which
 * re-reads, merges and writes under the vault's lock, so commands running at once lose nothing.
 */
final class CliContext {
    final ClientPaths paths;
    final KeyringStore keyrings;
    final Passphrases passphrases;
    final Clock clock = Clock.systemUTC();
    final SecureRandom random = new SecureRandom();
    final StampSolver solver = StampSolver.allCores();

    private final Map<String, String> env;
    private Keyring unlocked;

    CliContext(String profile, Path passphraseFile, Map<String, String> env) throws IOException {
        this.env = env;
        this.paths = ClientPaths.resolve(env, Path.of(System.getProperty("user.home")), profile);
        this.paths.ensureCreated();
        this.keyrings = new KeyringStore(paths.vault(), new VaultFile());
        this.passphrases = new Passphrases(passphraseFile, env);
    }

    /**
     * The sender of this profile. {@code MAILV2_RATE_LIMIT_WAIT} (seconds, default 30) bounds how long one send may
     * wait out the own server's rate limit before it leaves the rest of its copies queued for {@code mailv2 sync}.
     */
    org.mailv2.client.core.send.Sender sender() {
        String wait = env.get("MAILV2_RATE_LIMIT_WAIT");
        java.time.Duration maxWait = wait == null || wait.isBlank()
                ? org.mailv2.client.core.send.Pacing.DEFAULT_WAIT : java.time.Duration.ofSeconds(Long.parseLong(wait));
        return new org.mailv2.client.core.send.Sender(clock, random, solver, paths.outbox(), maxWait,
                org.mailv2.client.core.send.Pacing.Pause.SLEEP);
    }

    /** The environment the command runs in (NO_COLOR, EDITOR, …). */
    Map<String, String> env() {
        return env;
    }

    /** The keyring and the passphrase that opened it (the caller wipes the passphrase; the store keeps a copy). */
    record Opened(Keyring keyring, char[] passphrase) {
    }

    /**
     * The unlocked keyring: with the key the vault's agent holds when one runs ({@code mailv2 unlock}), else from the
     * passphrase (one Argon2id derivation).
     */
    Opened open() throws IOException {
        if (keyrings.exists()) {
            var fromAgent = new AgentClient(agentSocket()).key();
            if (fromAgent.isPresent()) {
                try {
                    unlocked = keyrings.unlock(fromAgent.get());
                    return new Opened(unlocked, new char[0]);
                } catch (ProtocolException stale) {
                    // The passphrase changed since the agent was given the key: ask for it.
                }
            }
        }
        char[] passphrase = keyrings.exists() ? passphrases.existing() : passphrases.fresh();
        unlocked = keyrings.unlock(passphrase);
        return new Opened(unlocked, passphrase);
    }

    boolean vaultExists() {
        return keyrings.exists();
    }

    /** Where this vault's agent listens. */
    Path agentSocket() throws IOException {
        return AgentPaths.socket(env, paths.vault());
    }

    /** The session the shared client layer runs in; the caller closes it (which wipes the key). */
    ClientSession session() throws IOException {
        Keyring keyring = unlocked != null ? keyrings.read() : unlock();
        return new ClientSession(paths, keyrings, keyring, clock, random, solver, sender());
    }

    /** The summary cache of the current account, under the vault's cache key (made and saved on first use). */
    SummaryCache cache() throws IOException {
        keyring();
        Keyring keyed = keyrings.update(k -> k.withCacheKey(random));
        return new SummaryCache(paths.cacheDb(), keyed.cacheKeyBytes(), random);
    }

    /** Applies {@code change} to the vault's newest keyring and saves it (see {@link KeyringStore#update}). */
    Keyring update(KeyringStore.Change change) throws IOException {
        if (unlocked == null) {
            unlock();
        }
        Keyring changed = keyrings.update(change);
        shareQuietly(changed);
        return changed;
    }

    /**
     * A command that changed the vault's shared parts (a subscription, a permit, a pin) stores the account's shared
     * state at once, so the account's other devices find it at their next sync; an unreachable server leaves it due.
     */
    private void shareQuietly(Keyring changed) {
        try {
            org.mailv2.client.core.account.RecoveryCopies.exchangeAll(changed,
                    account -> org.mailv2.client.core.account.Connection.open(account, clock).server(),
                    keyrings::update, random, clock, false);
        } catch (IOException | RuntimeException later) {
            // The next session that ends, or the next sync, stores it.
        }
    }

    /** The keyring, for commands that only read it. */
    Keyring keyring() throws IOException {
        return unlocked != null ? keyrings.read() : unlock();
    }

    private Keyring unlock() throws IOException {
        Opened opened = open();
        Arrays.fill(opened.passphrase(), '\0');
        return opened.keyring();
    }
}
