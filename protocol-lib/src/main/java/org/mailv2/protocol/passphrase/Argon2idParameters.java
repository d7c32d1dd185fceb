package org.mailv2.protocol.passphrase;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/**
 * The cost parameters and salt of one Argon2id derivation (RFC 9106, version 0x13). They are stored next to what the
 * derived key protects, so they are validated like any other input read from disk.
 *
 * @param memoryKiB   memory in KiB: at least 8 per lane, at most 4 GiB
 * @param iterations  passes over memory, 1 to 64
 * @param parallelism lanes, 1 to 16
 * @param salt        16 to 64 random bytes; copied in and out
 */
public record Argon2idParameters(int memoryKiB, int iterations, int parallelism, byte[] salt) {
    public static final int MIN_MEMORY_KIB = 8;
    public static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;
    public static final int MAX_ITERATIONS = 64;
    public static final int MAX_PARALLELISM = 16;
    public static final int MIN_SALT_BYTES = 16;
    public static final int MAX_SALT_BYTES = 64;

    /** What {@link #recommended(SecureRandom)} uses: 64 MiB, 3 passes, 1 lane (clients may have only two cores). */
    public static final int RECOMMENDED_MEMORY_KIB = 64 * 1024;
    public static final int RECOMMENDED_ITERATIONS = 3;
    public static final int RECOMMENDED_PARALLELISM = 1;
    public static final int RECOMMENDED_SALT_BYTES = 16;

    /** @throws ProtocolException {@code malformed} for any value outside the bounds above */
    public Argon2idParameters {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new ProtocolException(ErrorCode.MALFORMED, "Argon2id parallelism must be 1.." + MAX_PARALLELISM);
        }
        if (memoryKiB < Math.max(MIN_MEMORY_KIB, 8 * parallelism) || memoryKiB > MAX_MEMORY_KIB) {
            throw new ProtocolException(ErrorCode.MALFORMED,
                    "Argon2id memory must be 8 KiB per lane (at least 8 KiB) up to 4 GiB");
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new ProtocolException(ErrorCode.MALFORMED, "Argon2id iterations must be 1.." + MAX_ITERATIONS);
        }
        if (salt == null || salt.length < MIN_SALT_BYTES || salt.length > MAX_SALT_BYTES) {
            throw new ProtocolException(ErrorCode.MALFORMED,
                    "an Argon2id salt has " + MIN_SALT_BYTES + " to " + MAX_SALT_BYTES + " bytes");
        }
        salt = salt.clone();
    }

    /** Fresh parameters for a new vault: 64 MiB, 3 iterations, 1 lane and a 16-byte salt from {@code random}. */
    public static Argon2idParameters recommended(SecureRandom random) {
        byte[] salt = new byte[RECOMMENDED_SALT_BYTES];
        random.nextBytes(salt);
        return new Argon2idParameters(RECOMMENDED_MEMORY_KIB, RECOMMENDED_ITERATIONS, RECOMMENDED_PARALLELISM, salt);
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Argon2idParameters other && memoryKiB == other.memoryKiB && iterations == other.iterations
                && parallelism == other.parallelism && Arrays.equals(salt, other.salt);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * memoryKiB + iterations) + parallelism) + Arrays.hashCode(salt);
    }

    @Override
    public String toString() {
        return "Argon2idParameters[m=" + memoryKiB + " KiB, t=" + iterations + ", p=" + parallelism + ", salt="
                + HexFormat.of().formatHex(salt) + "]";
    }
}
