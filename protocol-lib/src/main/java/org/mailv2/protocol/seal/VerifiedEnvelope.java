package org.mailv2.protocol.seal;

import org.mailv2.protocol.keys.SigningPublicKey;

/**
 * An envelope whose signature verified under the sender's key and whose recipient is the reader. Only
 * {@link MessageOpener#verify} makes one, so opening cannot skip verification.
 */
public final class VerifiedEnvelope {
    private final Envelope envelope;
    private final SigningPublicKey senderKey;

    VerifiedEnvelope(Envelope envelope, SigningPublicKey senderKey) {
        this.envelope = envelope;
        this.senderKey = senderKey;
    }

    public Envelope envelope() {
        return envelope;
    }

    public SigningPublicKey senderKey() {
        return senderKey;
    }
}
