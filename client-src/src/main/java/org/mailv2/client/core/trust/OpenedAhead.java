package org.mailv2.client.core.trust;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.mailv2.client.core.parallel.BoundedParallel;
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
        List<Outcome> outcomes;
        try {
            outcomes = BoundedParallel.map(jobs, Runtime.getRuntime().availableProcessors(),
                    job -> outcome(opener, job));
        } catch (InterruptedIOException interrupted) {
            Thread.currentThread().interrupt(); // nothing is opened ahead: the check opens each message itself
            return;
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        for (int i = 0; i < jobs.size(); i++) {
            byMessage.put(jobs.get(i).envelope().messageId(), new Done(jobs.get(i), outcomes.get(i)));
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
