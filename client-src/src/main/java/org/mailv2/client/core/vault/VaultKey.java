package org.mailv2.client.core.vault;

import java.util.Arrays;
import org.mailv2.protocol.passphrase.Argon2idParameters;

/**
 * A vault key derived once from the passphrase, with the Argon2id parameters (salt included) it was derived under.
 * Saves under it keep those parameters and draw a fresh nonce, so a process pays for one derivation however often it
 * reads and writes the vault; another process (or an agent) holding the same key reads the result without deriving.
 * {@link #close()} wipes the key.
 */
public final class VaultKey implements AutoCloseable {
    private final Argon2idParameters parameters;
    private final byte[] key;

    /** A key handed over from elsewhere (an agent); the arrays are copied. */
    public static VaultKey of(Argon2idParameters parameters, byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("a vault key has 32 bytes");
        }
        return new VaultKey(parameters, key);
    }

    VaultKey(Argon2idParameters parameters, byte[] key) {
        this.parameters = new Argon2idParameters(parameters.memoryKiB(), parameters.iterations(),
                parameters.parallelism(), parameters.salt().clone());
        this.key = key.clone();
    }

    /** The parameters (salt included) the key was derived under. */
    public Argon2idParameters parameters() {
        return parameters;
    }

    /** The key's bytes, for handing it over (an agent); the caller wipes its copy. */
    public byte[] exportKey() {
        return key.clone();
    }

    byte[] key() {
        return key;
    }

    /** Whether a file sealed under {@code other} opens with this key (same cost and salt). */
    boolean fits(Argon2idParameters other) {
        return parameters.memoryKiB() == other.memoryKiB() && parameters.iterations() == other.iterations()
                && parameters.parallelism() == other.parallelism() && Arrays.equals(parameters.salt(), other.salt());
    }

    @Override
    public void close() {
        Arrays.fill(key, (byte) 0);
    }

    @Override
    public String toString() {
        return "VaultKey[" + parameters.memoryKiB() + " KiB x " + parameters.iterations() + "]";
    }
}
