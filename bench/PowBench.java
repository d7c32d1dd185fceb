import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.pow.Stamp;
import org.mailv2.protocol.pow.StampHeader;
import org.mailv2.protocol.pow.StampSolver;

/**
 * Tries per second of the proof-of-work solver through its public API only: {@code new StampSolver(n).solveAsync}
 * on a 64-bit header (never solves), warmed up, then measured from the solver's own progress reports, then
 * cancelled. Run as a single-file source program (see bench/pow.sh):
 *
 * <pre>java -cp "protocol-lib/target/classes:$(cat bench/out/cp.txt)" bench/PowBench.java 1 2</pre>
 *
 * Arguments: thread counts (default 1 2). Environment: BENCH_SECONDS (measuring time per thread count, default 5),
 * BENCH_WARMUP (seconds before measuring, default 3 for the first thread count and 1 after, when the JIT is done),
 * BENCH_WINDOW (default 1 s). Prints one line per thread count:
 * {@code threads=N tries=T seconds=S tries_per_second=R best_window=B windows=W}: R is the mean over the measuring
 * time, B the best window (other load on a shared machine only ever slows a window down).
 */
public class PowBench {
    private record Sample(long nanos, long tries) {
    }

    public static void main(String[] args) throws Exception {
        double seconds = env("BENCH_SECONDS", 5);
        double warmup = env("BENCH_WARMUP", 3);
        List<Integer> threadCounts = new ArrayList<>();
        for (String a : args) {
            threadCounts.add(Integer.parseInt(a));
        }
        if (threadCounts.isEmpty()) {
            threadCounts = List.of(1, 2);
        }
        StampHeader header = new StampHeader(64, LocalDate.of(2025, 1, 1), Sha256.hash("alice@bench.example"),
                Sha256.hash("bob@bench.example"), Sha256.hash("bench envelope"));
        System.err.printf("# java %s (%s), %s s warm-up, %s s measured per thread count%n",
                System.getProperty("java.version"), System.getProperty("java.vm.name"), warmup, seconds);
        boolean first = true;
        for (int threads : threadCounts) {
            measure(header, threads, first ? warmup : Math.min(warmup, 1), seconds);
            first = false;
        }
    }

    private static double measure(StampHeader header, int threads, double warmup, double seconds)
            throws InterruptedException {
        List<Sample> samples = new ArrayList<>();
        long started = System.nanoTime();
        CompletableFuture<Stamp> future = new StampSolver(threads).solveAsync(header, 0L, p -> {
            long now = System.nanoTime();
            synchronized (samples) {
                samples.add(new Sample(now, p.triesDone()));
            }
        });
        sleep(warmup);
        long from = System.nanoTime();
        sleep(seconds);
        long to = System.nanoTime();
        future.cancel(true);
        if (future.isDone() && !future.isCancelled()) {
            throw new IllegalStateException("a 64-bit stamp was solved?! " + future.join());
        }
        int windows = Math.max(1, (int) Math.round(seconds / env("BENCH_WINDOW", 1)));
        List<Sample> marks = new ArrayList<>();
        int count;
        synchronized (samples) {
            count = samples.size();
            // The first report at or after each window boundary, and the last report before the end.
            int k = 0;
            Sample last = null;
            for (Sample s : samples) {
                if (s.nanos > to) {
                    break;
                }
                while (k < windows && s.nanos >= from + (long) ((to - from) * (double) k / windows)) {
                    if (marks.isEmpty() || marks.get(marks.size() - 1) != s) {
                        marks.add(s);
                    }
                    k++;
                }
                last = s;
            }
            if (last != null && (marks.isEmpty() || marks.get(marks.size() - 1) != last)) {
                marks.add(last);
            }
        }
        // Let the workers see the cancel (within one batch) before anything else runs.
        long interval = count > 1 ? (to - started) / count : 1_000_000_000L;
        Thread.sleep(Math.max(200, 3 * interval / 1_000_000));
        if (marks.size() < 2) {
            throw new IllegalStateException("too few progress reports (" + count + "); raise BENCH_SECONDS");
        }
        Sample a = marks.get(0);
        Sample b = marks.get(marks.size() - 1);
        double best = 0;
        for (int i = 1; i < marks.size(); i++) {
            Sample p = marks.get(i - 1);
            Sample q = marks.get(i);
            best = Math.max(best, (q.tries - p.tries) / ((q.nanos - p.nanos) / 1e9));
        }
        double secs = (b.nanos - a.nanos) / 1e9;
        long tries = b.tries - a.tries;
        double rate = tries / secs;
        System.out.printf("threads=%d tries=%d seconds=%.3f tries_per_second=%.0f best_window=%.0f windows=%d%n",
                threads, tries, secs, rate, best, marks.size() - 1);
        System.out.flush();
        return rate;
    }

    private static void sleep(double seconds) throws InterruptedException {
        Thread.sleep((long) (seconds * 1000));
    }

    private static double env(String name, double fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : Double.parseDouble(v.trim());
    }
}
