package org.mailv2.protocol.pow;

import java.security.DigestException;
import java.security.MessageDigest;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/**
 * Finds stamps with several threads over disjoint nonce ranges (thread i tries start+i, start+i+n, …). Each try
 * hashes one 40-byte block with the JDK's intrinsified SHA-256 and allocates nothing. Cancel by cancelling the
 * returned future.
 */
public final class StampSolver {
    /** Tries between two looks at the cancel flag and two progress reports. */
    private static final long BATCH = 1 << 18;
    /**
     * Stamps of at most this many bits are solved by {@link #solve} on the calling thread: 2^16 tries take a few
     * milliseconds, less than starting and joining threads on a busy machine (a delivery's 8-bit stamp waited 60-90 ms
     * for its solver thread to be scheduled).
     */
    static final int CALLING_THREAD_MAX_BITS = 16;

    private final int threads;
    private final LongSupplier nanoTime;

    public StampSolver(int threads) {
        this(threads, System::nanoTime);
    }

    public StampSolver(int threads, LongSupplier nanoTime) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads >= 1");
        }
        this.threads = threads;
        this.nanoTime = nanoTime;
    }

    /** One thread per available processor. */
    public static StampSolver allCores() {
        return new StampSolver(Runtime.getRuntime().availableProcessors());
    }

    /**
     * Solves and waits; {@code start} fixes the search so tests are deterministic. A small stamp (at most
     * {@value #CALLING_THREAD_MAX_BITS} bits) is solved on the calling thread alone, trying start, start+1, …; an
     * interrupt stops it within one batch.
     *
     * @throws ProtocolException {@code cancelled} when the calling thread is interrupted
     */
    public Stamp solve(StampHeader header, long start, Consumer<SolveProgress> progress) {
        if (header.bits() <= CALLING_THREAD_MAX_BITS) {
            return solveHere(header, start, progress);
        }
        try {
            return solveAsync(header, start, progress).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProtocolException(ErrorCode.CANCELLED, "stamp solving interrupted", e);
        } catch (CancellationException e) {
            throw new ProtocolException(ErrorCode.CANCELLED, "stamp solving cancelled", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("stamp solver failed", e.getCause());
        }
    }

    /**
     * Starts solving on daemon threads. The future completes with the stamp of the lowest-numbered thread that finds
     * one first; cancelling it stops every thread within one batch.
     */
    public CompletableFuture<Stamp> solveAsync(StampHeader header, long start, Consumer<SolveProgress> progress) {
        CompletableFuture<Stamp> result = new CompletableFuture<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong triesDone = new AtomicLong();
        byte[] challenge = header.challenge();
        long startedAt = nanoTime.getAsLong();
        result.whenComplete((stamp, error) -> stop.set(true));
        for (int i = 0; i < threads; i++) {
            long first = start + i;
            boolean reporter = i == 0;
            Thread worker = new Thread(() -> {
                try {
                    Long nonce = search(challenge, header.bits(), first, threads, stop, triesDone,
                            reporter ? () -> report(progress, triesDone.get(), startedAt, header) : null);
                    if (nonce != null) {
                        result.complete(new Stamp(header, nonce));
                    }
                } catch (RuntimeException | Error e) {
                    result.completeExceptionally(e);
                }
            }, "stamp-solver-" + i);
            worker.setDaemon(true);
            worker.start();
        }
        return result;
    }

    private Stamp solveHere(StampHeader header, long start, Consumer<SolveProgress> progress) {
        if (Thread.currentThread().isInterrupted()) {
            throw new ProtocolException(ErrorCode.CANCELLED, "stamp solving interrupted");
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong triesDone = new AtomicLong();
        long startedAt = nanoTime.getAsLong();
        Long nonce = search(header.challenge(), header.bits(), start, 1, stop, triesDone, () -> {
            report(progress, triesDone.get(), startedAt, header);
            if (Thread.currentThread().isInterrupted()) {
                stop.set(true);
            }
        });
        if (nonce == null) {
            throw new ProtocolException(ErrorCode.CANCELLED, "stamp solving interrupted");
        }
        return new Stamp(header, nonce);
    }

    private void report(Consumer<SolveProgress> progress, long done, long startedAt, StampHeader header) {
        if (progress == null) {
            return;
        }
        double seconds = (nanoTime.getAsLong() - startedAt) / 1e9;
        progress.accept(new SolveProgress(done, seconds > 0 ? done / seconds : 0, header.expectedTries()));
    }

    /** The hot loop: returns the nonce found, or null when stopped. */
    static Long search(byte[] challenge, int bits, long first, long stride, AtomicBoolean stop, AtomicLong triesDone,
                       Runnable onBatch) {
        byte[] block = new byte[40];
        System.arraycopy(challenge, 0, block, 0, 32);
        byte[] out = new byte[32];
        MessageDigest md = Sha256.newDigest();
        int wholeBytes = bits >>> 3;
        int mask = bits % 8 == 0 ? 0 : 0xff << (8 - bits % 8) & 0xff;
        long nonce = first;
        try {
            while (!stop.get()) {
                for (long i = 0; i < BATCH; i++, nonce += stride) {
                    Stamp.writeNonce(block, nonce);
                    md.update(block, 0, 40);
                    md.digest(out, 0, 32);
                    if (hasZeroPrefix(out, wholeBytes, mask)) {
                        triesDone.addAndGet(i + 1);
                        return nonce;
                    }
                }
                triesDone.addAndGet(BATCH);
                if (onBatch != null) {
                    onBatch.run();
                }
            }
            return null;
        } catch (DigestException e) {
            throw new IllegalStateException(e);
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
}
