package org.mailv2.protocol.seal;

/**
 * The result of sealing one copy: the envelope to stamp and sign, and the summary ciphertext. The body ciphertext
 * was streamed to the caller's output.
 */
public record SealedMessage(UnsignedEnvelope envelope, byte[] summaryCiphertext) {
    public SealedMessage {
        summaryCiphertext = summaryCiphertext.clone();
    }

    @Override
    public byte[] summaryCiphertext() {
        return summaryCiphertext.clone();
    }
}
