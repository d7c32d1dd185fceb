package org.mailv2.client.core.cache;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.passphrase.SecretBox;

/**
 * The summary cache's row format under fuzzing: a row's sealed column opened under the cache key and read as a
 * summary document. The first input byte picks what the rest is: the plaintext of a row sealed under the right key
 * (odd: what another version of the client may have written), or the sealed column itself (even: a damaged file). A
 * row may be refused only with a {@link ProtocolException} ({@code decryption_failed}, {@code malformed}) or a
 * {@link CacheException}; anything else is a finding. {@code mvn verify} replays
 * {@code src/test/resources/org/mailv2/client/core/cache/SummaryCacheFuzzTestInputs/}; {@code JAZZER_FUZZ=1 mvn -B
 * -pl client-src -am test -Dtest=SummaryCacheFuzzTest -Dsurefire.failIfNoSpecifiedTests=false} fuzzes it.
 */
class SummaryCacheFuzzTest {
    private static final byte[] KEY = new byte[32];
    private static final Sha256 ACCOUNT = Sha256.hash("bob!");
    private static final String ID = "00000000-0000-4000-8000-000000000001";
    private static final SecretBox BOX = new SecretBox(new SecureRandom());
    private static final SummaryCache CACHE = open();

    private static SummaryCache open() {
        try {
            Path dir = Files.createTempDirectory("mailv2-cache-fuzz-");
            dir.toFile().deleteOnExit();
            return new SummaryCache(dir.resolve("cache.db"), KEY, new SecureRandom());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "1m")
    void summaryCacheRow(byte[] data) {
        if (data.length == 0) {
            return;
        }
        byte[] rest = java.util.Arrays.copyOfRange(data, 1, data.length);
        byte[] column = (data[0] & 1) == 1
                ? BOX.seal(KEY, rest, ("mailv2/cache/v1\0" + ACCOUNT.hex() + "\0" + ID).getBytes(
                        java.nio.charset.StandardCharsets.UTF_8))
                : rest;
        try {
            SummaryCache.Entry entry = CACHE.readRow(ACCOUNT, ID, 1, "inbox", "seen,flagged", column,
                    SummaryCache.TRUST_RULE);
            entry.verified();
        } catch (ProtocolException | CacheException refused) {
            // a row this cache cannot read
        }
    }
}
