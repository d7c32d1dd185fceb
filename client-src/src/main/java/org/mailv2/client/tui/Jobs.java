package org.mailv2.client.tui;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * Background work: everything that waits on the network or on proof of work runs here, never on the GUI thread. A
 * job reports progress while it runs; its result or failure is handed back on the GUI thread.
 */
public final class Jobs {
    /** Work that may take a while; it reports through {@code job}. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Job job) throws Exception;
    }

    /** A running job as the status bar shows it; fields are written by the worker and read by the GUI thread. */
    public static final class Job {
        private final String title;
        private volatile double fraction = -1;
        private volatile String detail = "";

        Job(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }

        /** Between 0 and 1, or negative while unknown. */
        public double fraction() {
            return fraction;
        }

        public String detail() {
            return detail;
        }

        public void progress(double fraction, String detail) {
            this.fraction = fraction;
            this.detail = detail;
        }
    }

    private final ExecutorService workers;
    private final Consumer<Runnable> guiThread;
    private final List<Job> running = new CopyOnWriteArrayList<>();
    private final Consumer<String> failures;
    private volatile Runnable changed = () -> { };

    /**
     * @param guiThread runs a task on the GUI thread ({@code invokeLater})
     * @param failures shown on the GUI thread when a job fails (the status bar's "last error")
     */
    public Jobs(ExecutorService workers, Consumer<Runnable> guiThread, Consumer<String> failures) {
        this.workers = workers;
        this.guiThread = guiThread;
        this.failures = failures;
    }

    void onChange(Runnable listener) {
        this.changed = listener;
    }

    public List<Job> running() {
        return List.copyOf(running);
    }

    public boolean idle() {
        return running.isEmpty();
    }

    public <T> void start(String title, Work<T> work, Consumer<T> done) {
        Job job = new Job(title);
        running.add(job);
        changed.run();
        workers.execute(() -> {
            try {
                T result = work.run(job);
                guiThread.accept(() -> {
                    running.remove(job);
                    changed.run();
                    done.accept(result);
                });
            } catch (Exception | Error e) {
                String why = Failures.describe(e);
                guiThread.accept(() -> {
                    running.remove(job);
                    changed.run();
                    failures.accept(title + ": " + why);
                });
            }
        });
    }

    public void shutdown() {
        workers.shutdownNow();
    }
}
