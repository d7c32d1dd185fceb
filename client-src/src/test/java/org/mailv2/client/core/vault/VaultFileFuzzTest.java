package org.mailv2.client.core.vault;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.passphrase.SecretBox;

/**
 * The vault file's parser under fuzzing: what {@link VaultFile#read} does with a file before and after the key
 * derivation (the derivation itself is left out: at up to 256 MiB a run it would leave the fuzzer nothing else to do).
 * A file may be refused only with a {@link ProtocolException} ({@code malformed}, {@code decryption_failed}); anything
 * else — an exception of the byte buffer, a negative size, an allocation the header asks for — is a finding. {@code mvn
 * verify} replays the seeds and findings in {@code src/test/resources/org/mailv2/client/core/vault/
 * VaultFileFuzzTestInputs/}; {@code JAZZER_FUZZ=1 mvn -B -pl client-src -am test -Dtest=VaultFileFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false} fuzzes it.
 */
class VaultFileFuzzTest {
    private static final byte[] KEY = new byte[SecretBox.KEY_LENGTH];

    @FuzzTest(maxDuration = "1m")
    void vaultFile(byte[] data) {
        try {
            VaultLayout.Sealed sealed = VaultLayout.parse(data);
            VaultKey key = new VaultKey(sealed.parameters(), KEY);
            if (key.fits(sealed.parameters())) {
                Arrays.fill(SecretBox.openWithNonce(KEY, sealed.nonce(), sealed.ciphertext(), sealed.header()),
                        (byte) 0);
            }
        } catch (ProtocolException refused) {
            // a file that is not a vault, or not this key's
        }
    }
}
