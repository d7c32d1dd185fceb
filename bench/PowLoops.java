import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.nio.ByteOrder;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Experiment (not part of the product): alternative hot loops for StampSolver.search, one thread, to see how much
 * of a try is MessageDigest bookkeeping and how much is the SHA-256 compression itself. Self-contained (no
 * protocol-lib classes); the try is the same as in the solver: SHA-256(challenge(32) || nonce(8, big endian)).
 *
 * <pre>java --add-opens java.base/sun.security.provider=ALL-UNNAMED bench/PowLoops.java [ROUNDS [LOOP...]]</pre>
 *
 * Loops:
 *  search    — StampSolver.search's loop specialised: stride 1 and bits 64 as constants, the 8-byte zero check
 *              unrolled; same byte-by-byte nonce, md.update(block, 0, 40), md.digest(out, 0, 32)
 *  exact     — StampSolver.search verbatim (stride and bits as parameters, hasZeroPrefix loop, Stamp.writeNonce)
 *  fresh-md  — search with a new MessageDigest per batch of 2^18 tries. Why: the JDK's SHA2 allocates its int[64]
 *              message schedule W the first time its Java compression code runs (interpreter/C1, before the
 *              intrinsic takes over), and from then on every reset zeroes W (Arrays.fill, 256 bytes) although the
 *              intrinsic never reads it; an instance created once the loop is compiled only ever sees the
 *              intrinsic, so W stays null and the reset skips the fill.
 *  search-vh — search with the nonce written by one big-endian long VarHandle store
 *  compress  — no MessageDigest: the JDK's intrinsic SHA2.implCompress0 called directly (MethodHandle, needs the
 *              --add-opens above) on a block padded once (0x80, zeros, length 320 bits), state reset by an 8-int
 *              copy, only state[0..1] looked at. The floor a Java loop on the JDK intrinsic can reach; it
 *              reaches into JDK internals, so it shows headroom rather than a proposal.
 * Measured on a 2-core AMD EPYC with SHA-NI (JDK 17.0.15 / 25.0.3, ns per try): search 53.6 / 52.4, exact about
 * the same, fresh-md no change, search-vh slower (56-58 / 56-80), compress 45.5 / 46.2 (1.13-1.25x search).
 * The loops run round-robin (a warm-up, then ROUNDS rounds of BENCH_WINDOW seconds each, default 3 x 1 s), so
 * other load on the machine hits them alike; best and median window per loop are printed.
 */
public class PowLoops {
    private static final long BATCH = 1 << 18;
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final byte[] CHALLENGE = sha256("v1:64:250101:bench".getBytes());
    private static volatile boolean stop;
    private static volatile long sink;

    interface Loop {
        /** Runs tries until stop, returns how many. */
        long run(long first);
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        double window = env("BENCH_WINDOW", 1);
        Map<String, Loop> loops = new LinkedHashMap<>();
        loops.put("search", PowLoops::search);
        loops.put("exact", first -> exact(CHALLENGE, 64, first, 1));
        loops.put("fresh-md", PowLoops::freshDigestPerBatch);
        loops.put("search-vh", PowLoops::searchVarHandle);
        Loop compress = Compress.loop();
        if (compress != null) {
            loops.put("compress", compress);
        } else {
            System.err.println("# compress skipped: run with --add-opens java.base/sun.security.provider=ALL-UNNAMED");
        }
        System.out.printf("# java %s, 1 thread, %d rounds of %.1f s%n", System.getProperty("java.version"), rounds,
                window);
        if (args.length > 1) { // only the loops named after ROUNDS, in that order
            Map<String, Loop> chosen = new LinkedHashMap<>();
            for (int i = 1; i < args.length; i++) {
                chosen.put(args[i], loops.get(args[i]));
            }
            loops = chosen;
        }
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        for (String name : loops.keySet()) {
            time(loops.get(name), 2.0); // warm-up (JIT)
            rates.put(name, new ArrayList<>());
        }
        for (int r = 0; r < rounds; r++) {
            for (var e : loops.entrySet()) {
                rates.get(e.getKey()).add(time(e.getValue(), window));
            }
        }
        double base = median(rates.getOrDefault("search", rates.values().iterator().next()));
        for (var e : rates.entrySet()) {
            double med = median(e.getValue());
            double best = e.getValue().stream().mapToDouble(Double::doubleValue).max().orElse(0);
            System.out.printf("%-10s median %,12.0f tries/s  best %,12.0f tries/s  %5.1f ns/try  x%.2f vs %s%n",
                    e.getKey(), med, best, 1e9 / med, med / base, rates.containsKey("search") ? "search" : "first");
        }
    }

    private static double time(Loop loop, double seconds) throws InterruptedException {
        stop = false;
        long[] tries = new long[1];
        Thread t = new Thread(() -> tries[0] = loop.run(0));
        long t0 = System.nanoTime();
        t.start();
        Thread.sleep((long) (seconds * 1000));
        stop = true;
        t.join();
        long t1 = System.nanoTime();
        return tries[0] / ((t1 - t0) / 1e9);
    }

    /** StampSolver.search as it is (without the AtomicLong/progress, which run once per 2^18 tries). */
    static long search(long first) {
        byte[] block = new byte[40];
        System.arraycopy(CHALLENGE, 0, block, 0, 32);
        byte[] out = new byte[32];
        MessageDigest md = newDigest();
        long nonce = first;
        long done = 0;
        try {
            while (!stop) {
                for (long i = 0; i < BATCH; i++, nonce++) {
                    for (int k = 0; k < 8; k++) {
                        block[32 + k] = (byte) (nonce >>> (56 - 8 * k));
                    }
                    md.update(block, 0, 40);
                    md.digest(out, 0, 32);
                    if (out[0] == 0 && out[1] == 0 && out[2] == 0 && out[3] == 0 && out[4] == 0 && out[5] == 0
                            && out[6] == 0 && out[7] == 0) {
                        sink = nonce;
                    }
                }
                done += BATCH;
            }
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
        return done;
    }

    static long freshDigestPerBatch(long first) {
        byte[] block = new byte[40];
        System.arraycopy(CHALLENGE, 0, block, 0, 32);
        byte[] out = new byte[32];
        long nonce = first;
        long done = 0;
        try {
            while (!stop) {
                MessageDigest md = newDigest(); // once per 2^18 tries
                for (long i = 0; i < BATCH; i++, nonce++) {
                    for (int k = 0; k < 8; k++) {
                        block[32 + k] = (byte) (nonce >>> (56 - 8 * k));
                    }
                    md.update(block, 0, 40);
                    md.digest(out, 0, 32);
                    if (out[0] == 0 && out[1] == 0 && out[2] == 0 && out[3] == 0 && out[4] == 0 && out[5] == 0
                            && out[6] == 0 && out[7] == 0) {
                        sink = nonce;
                    }
                }
                done += BATCH;
            }
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
        return done;
    }

    /** StampSolver.search verbatim, minus the AtomicLong/progress/stop plumbing that runs once per 2^18 tries. */
    static long exact(byte[] challenge, int bits, long first, long stride) {
        byte[] block = new byte[40];
        System.arraycopy(challenge, 0, block, 0, 32);
        byte[] out = new byte[32];
        MessageDigest md = newDigest();
        int wholeBytes = bits >>> 3;
        int mask = bits % 8 == 0 ? 0 : 0xff << (8 - bits % 8) & 0xff;
        long nonce = first;
        long done = 0;
        try {
            while (!stop) {
                for (long i = 0; i < BATCH; i++, nonce += stride) {
                    writeNonce(block, nonce);
                    md.update(block, 0, 40);
                    md.digest(out, 0, 32);
                    if (hasZeroPrefix(out, wholeBytes, mask)) {
                        sink = nonce;
                    }
                }
                done += BATCH;
            }
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
        return done;
    }

    static void writeNonce(byte[] block, long nonce) {
        for (int i = 0; i < 8; i++) {
            block[32 + i] = (byte) (nonce >>> (56 - 8 * i));
        }
    }

    private static boolean hasZeroPrefix(byte[] hash, int wholeBytes, int mask) {
        for (int i = 0; i < wholeBytes; i++) {
            if (hash[i] != 0) {
                return false;
            }
        }
        return mask == 0 || (hash[wholeBytes] & mask) == 0;
    }

    static long searchVarHandle(long first) {
        byte[] block = new byte[40];
        System.arraycopy(CHALLENGE, 0, block, 0, 32);
        byte[] out = new byte[32];
        MessageDigest md = newDigest();
        long nonce = first;
        long done = 0;
        try {
            while (!stop) {
                for (long i = 0; i < BATCH; i++, nonce++) {
                    LONG_BE.set(block, 32, nonce);
                    md.update(block, 0, 40);
                    md.digest(out, 0, 32);
                    if ((long) LONG_BE.get(out, 0) == 0) {
                        sink = nonce;
                    }
                }
                done += BATCH;
            }
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
        return done;
    }

    /** Direct calls to the intrinsic compression function; null unless sun.security.provider is open to us. */
    static final class Compress {
        private static final MethodHandle IMPL_COMPRESS0;
        private static final Object SPI;
        private static final int[] STATE;

        static {
            MethodHandle mh = null;
            Object spi = null;
            int[] state = null;
            try {
                Class<?> sha2 = Class.forName("sun.security.provider.SHA2");
                Class<?> sha256 = Class.forName("sun.security.provider.SHA2$SHA256");
                Constructor<?> c = sha256.getDeclaredConstructor();
                c.setAccessible(true);
                spi = c.newInstance();
                Field f = sha2.getDeclaredField("state");
                f.setAccessible(true);
                state = (int[]) f.get(spi);
                mh = MethodHandles.privateLookupIn(sha2, MethodHandles.lookup())
                        .findVirtual(sha2, "implCompress0", MethodType.methodType(void.class, byte[].class, int.class))
                        .asType(MethodType.methodType(void.class, Object.class, byte[].class, int.class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                mh = null;
            }
            IMPL_COMPRESS0 = mh;
            SPI = spi;
            STATE = state;
        }

        static Loop loop() {
            if (IMPL_COMPRESS0 == null) {
                return null;
            }
            // Self-check against MessageDigest on one try.
            byte[] block = paddedBlock();
            LONG_BE.set(block, 32, 12345L);
            compressOnce(block);
            byte[] expected = sha256(Arrays.copyOf(block, 40));
            for (int i = 0; i < 8; i++) {
                if (STATE[i] != (int) VarHandleInts.BE.get(expected, 4 * i)) {
                    throw new IllegalStateException("direct compression disagrees with MessageDigest");
                }
            }
            return Compress::search;
        }

        private static final int[] IV = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c,
                0x1f83d9ab, 0x5be0cd19};

        static byte[] paddedBlock() {
            byte[] block = new byte[64];
            System.arraycopy(CHALLENGE, 0, block, 0, 32);
            block[40] = (byte) 0x80;
            block[62] = 320 >>> 8;
            block[63] = (byte) 320;
            return block;
        }

        static void compressOnce(byte[] block) {
            System.arraycopy(IV, 0, STATE, 0, 8);
            try {
                IMPL_COMPRESS0.invokeExact(SPI, block, 0);
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }

        static long search(long first) {
            byte[] block = paddedBlock();
            int[] state = STATE;
            long nonce = first;
            long done = 0;
            try {
                while (!stop) {
                    for (long i = 0; i < BATCH; i++, nonce++) {
                        LONG_BE.set(block, 32, nonce);
                        System.arraycopy(IV, 0, state, 0, 8);
                        IMPL_COMPRESS0.invokeExact(SPI, block, 0);
                        if (state[0] == 0 && state[1] == 0) { // the digest's first 64 bits
                            sink = nonce;
                        }
                    }
                    done += BATCH;
                }
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            return done;
        }
    }

    static final class VarHandleInts {
        static final VarHandle BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sha256(byte[] data) {
        return newDigest().digest(data);
    }

    private static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private static double env(String name, double fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : Double.parseDouble(v.trim());
    }
}
