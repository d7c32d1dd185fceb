package org.mailv2.client.core.parallel;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one job per item on at most a given number of threads and answers the results in the items' order. The first
 * failure stops the jobs not yet started; those already running finish (what they settled stays settled, as a plain
 * loop that failed at that item would leave it) and the failure is thrown once all have ended. With one thread the
 * items go in order on the caller's thread.
 */
public final class BoundedParallel {
    /** One item's job. */
    @FunctionalInterface
    public interface Job<T, R> {
        R run(T item) throws IOException;
    }

    private BoundedParallel() {
    }

    /**
     * @throws IOException the first job's failure (others suppressed), or {@link InterruptedIOException} when the
     *     calling thread is interrupted (the running jobs are interrupted too, and awaited)
     */
    public static <T, R> List<R> map(List<T> items, int threads, Job<T, R> job) throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        if (threads == 1 || items.size() <= 1) {
            List<R> results = new ArrayList<>(items.size());
            for (T item : items) {
                results.add(job.run(item));
            }
            return results;
        }
        Object[] results = new Object[items.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int workers = Math.min(threads, items.size());
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "mailv2-parallel");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                running.add(pool.submit(() -> {
                    int i;
                    while (failure.get() == null && (i = next.getAndIncrement()) < results.length) {
                        try {
                            results[i] = job.run(items.get(i));
                        } catch (Throwable failed) {
                            if (!failure.compareAndSet(null, failed)) {
                                failure.get().addSuppressed(failed);
                            }
                        }
                    }
                }));
            }
            awaitAll(running, pool);
        } finally {
            pool.shutdownNow();
        }
        Throwable failed = failure.get();
        if (failed instanceof IOException io) {
            throw io;
        } else if (failed instanceof RuntimeException runtime) {
            throw runtime;
        } else if (failed instanceof Error error) {
            throw error;
        } else if (failed != null) {
            throw new IOException(failed);
        }
        @SuppressWarnings("unchecked")
        List<R> ordered = (List<R>) Arrays.asList(results);
        return ordered;
    }

    private static void awaitAll(List<Future<?>> running, ExecutorService pool) throws InterruptedIOException {
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (InterruptedException interrupted) {
                pool.shutdownNow();
                awaitQuietly(running);
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while copies were going out");
            } catch (ExecutionException notThrownByWorkers) {
                throw new IllegalStateException(notThrownByWorkers.getCause());
            }
        }
    }

    /** After an interrupt: the jobs that run settle what they did before the caller goes on. */
    private static void awaitQuietly(List<Future<?>> running) {
        boolean interrupted = false;
        for (Future<?> f : running) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException again) {
                    interrupted = true;
                } catch (ExecutionException | java.util.concurrent.CancellationException ignored) {
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
