package org.mailv2.client.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.keyring.KeyringStore;
import org.mailv2.client.core.paths.ClientPaths;
import org.mailv2.client.core.vault.VaultFile;
import org.mailv2.protocol.pow.StampSolver;

/** What every subcommand needs: where the files are, the vault, the passphrase source, time and randomness. */
final class CliContext {
    final ClientPaths paths;
    final KeyringStore keyrings;
    final Passphrases passphrases;
    final Clock clock = Clock.systemUTC();
    final SecureRandom random = new SecureRandom();
    final StampSolver solver = StampSolver.allCores();

    private final Map<String, String> env;

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

    /** The keyring and the passphrase that opened it (the caller wipes the passphrase). */
    record Opened(Keyring keyring, char[] passphrase) {
    }

    /**
     * The summary cache of the current account, with the cache key from the vault (made and saved on first use). The
     * passphrase is wiped before this returns.
     */
    org.mailv2.client.core.cache.SummaryCache cache(Opened opened) throws IOException {
        try {
            return new org.mailv2.client.core.cache.SummaryCache(paths.cacheDb(), keyed(opened).cacheKeyBytes(),
                    random);
        } finally {
            java.util.Arrays.fill(opened.passphrase(), '\0');
        }
    }

    /**
     * The opened keyring with a cache key, made and saved now if it had none: saved before anything is sealed under
     * it (cache rows, list post journals), so nothing ever is under a key the vault lacks.
     */
    Keyring keyed(Opened opened) throws IOException {
        Keyring keyring = opened.keyring();
        if (keyring.cacheKey() == null) {
            keyring = keyring.withCacheKey(random);
            keyrings.save(keyring, opened.passphrase());
        }
        return keyring;
    }

    /** A change to the keyring that may talk to servers. */
    @FunctionalInterface
    interface KeyringChange {
        org.mailv2.client.core.keyring.Keyring apply(org.mailv2.client.core.keyring.Keyring keyring) throws Exception;
    }

    /** Opens the vault, applies {@code change}, saves the result, and wipes the passphrase whatever happens. */
    org.mailv2.client.core.keyring.Keyring update(KeyringChange change) throws Exception {
        Opened opened = open();
        try {
            org.mailv2.client.core.keyring.Keyring changed = change.apply(opened.keyring());
            keyrings.save(changed, opened.passphrase());
            return changed;
        } finally {
            java.util.Arrays.fill(opened.passphrase(), '\0');
        }
    }

    /** The keyring, for commands that only read it; the passphrase is wiped at once. */
    org.mailv2.client.core.keyring.Keyring keyring() throws IOException {
        Opened opened = open();
        java.util.Arrays.fill(opened.passphrase(), '\0');
        return opened.keyring();
    }

    Opened open() throws IOException {
        char[] passphrase = keyrings.exists() ? passphrases.existing() : passphrases.fresh();
        return new Opened(keyrings.load(passphrase), passphrase);
    }
}
