package org.mailv2.protocol.api;

/**
 * How a sealed copy travels in one HTTP request ({@code POST /api/v1/outbox}, {@code POST /api/v1/incoming}): the
 * envelope's canonical JSON, base64url, in the {@link #ENVELOPE_HEADER} header; the body is the summary ciphertext
 * immediately followed by the body ciphertext (their sizes are in the signed envelope), streamed.
 */
public final class SealedTransfer {
    public static final String ENVELOPE_HEADER = "Mailv2-Envelope";
    public static final String MEDIA_TYPE = "application/vnd.mailv2.sealed";

    private SealedTransfer() {
    }
}
