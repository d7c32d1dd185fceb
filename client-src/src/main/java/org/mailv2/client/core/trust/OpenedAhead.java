package org.mailv2.client.core.trust;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.keys.SigningPublicKey;
import org.mailv2.protocol.seal.Envelope;
import org.mailv2.protocol.seal.MessageOpener;
import org.mailv2.protocol.seal.Summary;
import org.mailv2.protocol.seal.VerifiedEnvelope;

/**
 * Signatures verified and summaries opened ahead, on every core, for {@link SenderTrust}: the same two calls its
 * check would make with the same key and bytes, so the check takes their outcome instead of making them. Which key a
 * message is checked with, and what its outcome means, is still decided by the check, one message after another; an
 * outcome is taken only for the very envelope, key and ciphertext it was computed for, and only once.
 */
final class OpenedAhead {
    /** One message to open ahead: its envelope and summary ciphertext, and the key the check would verify it with. */
    record Job(Envelope envelope, byte[] summaryCiphertext, SigningPublicKey key) {
    }

    /** What verifying and opening gave: the envelope and summary, or the failure the calls threw. */
    record Outcome(VerifiedEnvelope verified, Summary summary, ProtocolException failure) {
    }

    private record Done(Job job, Outcome outcome) {
    }

    private final Map<String, Done> byMessage = new ConcurrentHashMap<>();

    /** Verifies and opens {@code jobs}, spread over the available cores. */
    void open(MessageOpener opener, List<Job> jobs) {
        int threads = Math.min(Runtime.getRuntime().availableProcessors(), jobs.size());
        if (threads <= 1) {
            jobs.forEach(job -> byMessage.put(job.envelope().messageId(), new Done(job, outcome(opener, job))));
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "mailv2-open-ahead");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int part = 0; part < threads; part++) {
                List<Job> mine = jobs.subList(jobs.size() * part / threads, jobs.size() * (part + 1) / threads);
                parts.add(pool.submit(() -> mine.forEach(job -> byMessage.put(job.envelope().messageId(),
                        new Done(job, outcome(opener, job))))));
            }
            for (Future<?> f : parts) {
                f.get();
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt(); // what is not opened ahead is opened by the check itself
        } catch (ExecutionException bug) {
            throw new IllegalStateException(bug.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The outcome computed for exactly this envelope, key and ciphertext, removed so it is taken once; null when
     * there is none (the check then verifies and opens itself).
     */
    Outcome take(Envelope envelope, SigningPublicKey key, byte[] summaryCiphertext) {
        Done done = byMessage.remove(envelope.messageId());
        if (done == null || !(done.job().envelope() == envelope || done.job().envelope().equals(envelope))
                || !done.job().key().equals(key)
                || !Arrays.equals(done.job().summaryCiphertext(), summaryCiphertext)) {
            return null;
        }
        return done.outcome();
    }

    private static Outcome outcome(MessageOpener opener, Job job) {
        try {
            VerifiedEnvelope verified = opener.verify(job.envelope(), job.key());
            return new Outcome(verified, opener.openSummary(verified, job.summaryCiphertext()), null);
        } catch (ProtocolException failed) {
            return new Outcome(null, null, failed);
        }
    }
}
