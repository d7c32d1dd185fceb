package org.mailv2.client.core.vault;

import java.security.SecureRandom;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.passphrase.Argon2idParameters;

/**
 * The Argon2id cost of a vault file: what new files are written with, and the bounds every file must respect before
 * its parameters are used. A vault file may come from another machine (an export), so its parameters are hostile
 * input: the bounds cap the memory a file can make the client allocate and the time it can make it spend.
 *
 * <ul>
 *   <li>memory {@value #MIN_MEMORY_KIB} KiB (8 MiB) to {@value #MAX_MEMORY_KIB} KiB (256 MiB, four times the
 *       recommended 64 MiB and within the heap of a default JVM on a small machine);</li>
 *   <li>iterations 1 to {@value #MAX_ITERATIONS};</li>
 *   <li>parallelism 1 to {@value #MAX_PARALLELISM} (Bouncy Castle computes lanes on one thread, so more lanes only
 *       cost time);</li>
 *   <li>work, memory times iterations, at most {@value #MAX_WORK_KIB} KiB-passes: four times the recommended cost,
 *       about one second here, so no file takes much longer to open than a strong one.</li>
 * </ul>
 *
 * @param memoryKiB   Argon2id memory in KiB
 * @param iterations  Argon2id passes over memory
 * @param parallelism Argon2id lanes
 */
public record VaultCost(int memoryKiB, int iterations, int parallelism) {
    public static final int MIN_MEMORY_KIB = 8 * 1024;
    public static final int MAX_MEMORY_KIB = 256 * 1024;
    public static final int MAX_ITERATIONS = 10;
    public static final int MAX_PARALLELISM = 4;
    public static final long MAX_WORK_KIB = 4L * Argon2idParameters.RECOMMENDED_MEMORY_KIB
            * Argon2idParameters.RECOMMENDED_ITERATIONS;

    /** 64 MiB, 3 iterations, 1 lane: the cost of {@link Argon2idParameters#recommended(SecureRandom)}. */
    public static final VaultCost RECOMMENDED = new VaultCost(Argon2idParameters.RECOMMENDED_MEMORY_KIB,
            Argon2idParameters.RECOMMENDED_ITERATIONS, Argon2idParameters.RECOMMENDED_PARALLELISM);

    /** 8 MiB, 1 iteration, 1 lane: the cheapest cost a vault may have, for tests only (about 10 ms). */
    public static final VaultCost MINIMUM = new VaultCost(MIN_MEMORY_KIB, 1, 1);

    /** @throws ProtocolException {@code malformed} for any value outside the bounds in the class description */
    public VaultCost {
        check(memoryKiB, iterations, parallelism);
    }

    /**
     * The cost of parameters read from a file (unsigned 32-bit fields), checked against the bounds before any value is
     * narrowed to an {@code int}.
     *
     * @throws ProtocolException {@code malformed} when they are out of bounds
     */
    static VaultCost of(long memoryKiB, long iterations, int parallelism) {
        check(memoryKiB, iterations, parallelism);
        return new VaultCost((int) memoryKiB, (int) iterations, parallelism);
    }

    private static void check(long memoryKiB, long iterations, int parallelism) {
        if (memoryKiB < MIN_MEMORY_KIB || memoryKiB > MAX_MEMORY_KIB) {
            throw malformed("Argon2id memory must be 8 MiB to 256 MiB, not " + memoryKiB + " KiB");
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw malformed("Argon2id iterations must be 1 to " + MAX_ITERATIONS + ", not " + iterations);
        }
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw malformed("Argon2id parallelism must be 1 to " + MAX_PARALLELISM + ", not " + parallelism);
        }
        if (memoryKiB * iterations > MAX_WORK_KIB) {
            throw malformed("Argon2id memory times iterations must be at most " + MAX_WORK_KIB + " KiB, not "
                    + memoryKiB * iterations);
        }
    }

    /** Parameters of this cost with a fresh 16-byte salt from {@code random}. */
    Argon2idParameters newParameters(SecureRandom random) {
        byte[] salt = new byte[Argon2idParameters.RECOMMENDED_SALT_BYTES];
        random.nextBytes(salt);
        return new Argon2idParameters(memoryKiB, iterations, parallelism, salt);
    }

    private static ProtocolException malformed(String message) {
        return new ProtocolException(ErrorCode.MALFORMED, message);
    }
}
