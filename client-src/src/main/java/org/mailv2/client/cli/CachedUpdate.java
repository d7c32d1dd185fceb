package org.mailv2.client.cli;

import java.util.Arrays;
import org.mailv2.client.core.cache.SummaryCache;
import org.mailv2.client.core.keyring.Keyring;

/**
 * For commands that sync: opens the vault once (one Argon2id derivation), opens the summary cache under its key, and
 * saves the keyring afterwards only when the command changed it.
 */
final class CachedUpdate {
    /** A change to the keyring that reads or fills the cache (and may talk to servers). */
    @FunctionalInterface
    interface Change {
        Keyring apply(Keyring keyring, SummaryCache cache) throws Exception;
    }

    private CachedUpdate() {
    }

    static Keyring run(CliContext ctx, Change change) throws Exception {
        CliContext.Opened opened = ctx.open();
        try {
            Keyring keyring = ctx.keyed(opened);
            try (SummaryCache cache = new SummaryCache(ctx.paths.cacheDb(), keyring.cacheKeyBytes(), ctx.random)) {
                Keyring changed = change.apply(keyring, cache);
                if (!changed.equals(keyring)) {
                    ctx.keyrings.save(changed, opened.passphrase());
                }
                return changed;
            }
        } finally {
            Arrays.fill(opened.passphrase(), '\0');
        }
    }
}
