package org.mailv2.protocol.error;

import java.util.Locale;

/**
 * Stable error codes shared by the protocol library, the server's problem+json answers, the CLI's exit codes and the
 * TUI status bar. The wire form ({@link #wire()}) never changes once published.
 */
public enum ErrorCode {
    /** Input that does not parse or violates a format rule (length, charset, JSON shape). */
    MALFORMED,
    /** An address that does not follow the address grammar. */
    INVALID_ADDRESS,
    /** A key of the wrong length, not on the curve, or of small order. */
    BAD_KEY,
    /** A signature that does not verify, or is not exactly 64 bytes. */
    BAD_SIGNATURE,
    /** A protocol version this library does not speak. */
    UNSUPPORTED_VERSION,
    /** No stamp where one is needed, or one with fewer bits than required. */
    POW_REQUIRED,
    /** A stamp whose hash, binding or format is wrong. */
    POW_INVALID,
    /** A stamp dated outside the accepted window. */
    STAMP_EXPIRED,
    /** A stamp that was already spent. */
    STAMP_REPLAYED,
    /** A permit that its recipient revoked. */
    PERMIT_REVOKED,
    /** A permit presented by a sender other than the one it was issued to, or for another recipient. */
    PERMIT_MISMATCH,
    /** A ciphertext whose size or hash differs from what the signed envelope says. */
    TAMPERED,
    /** A ciphertext that fails to decrypt or authenticate. */
    DECRYPTION_FAILED,
    /** The reader's key or address is not among the message's recipients. */
    NOT_RECIPIENT,
    /** The sender inside the encrypted message differs from the signer of the envelope. */
    SENDER_MISMATCH,
    /** A resolver record whose serial does not grow. */
    STALE_SERIAL,
    /** A key change not signed by the previous key. */
    KEY_CHANGE_UNSIGNED,
    /** An address, record or resource that does not exist. */
    UNKNOWN_RECIPIENT,
    /** Input beyond a configured size limit. */
    TOO_LARGE,
    /** Too many requests. */
    RATE_LIMITED,
    /** An auth token outside its validity. */
    TOKEN_EXPIRED,
    /** A request without valid credentials, or for a resource of another account. */
    UNAUTHORIZED,
    /** A request refused by policy (registration closed, invitation missing or invalid). */
    FORBIDDEN,
    /** The same message id was delivered before with other content. */
    CONFLICT,
    /** The account's storage is full. */
    QUOTA_EXCEEDED,
    /**
     * The server's own storage (its disk or its database) is full, whatever the account's quota: nothing was stored;
     * the same request may succeed once the operator made room (507, passing).
     */
    INSUFFICIENT_STORAGE,
    /** The recipient blocked this sender: its server refuses every further message from it (403). */
    BLOCKED,
    /**
     * The server's operator suspended the account: its logins and mail for it are refused (403) until it is resumed;
     * its data is kept.
     */
    SUSPENDED,
    /**
     * The account moved to another server and this one no longer takes its mail (410): resolve the address record
     * again and deliver to the routing it names now. Passing, never a final refusal.
     */
    MOVED,
    /** The server failed; the request may be retried. */
    INTERNAL,
    /** The solver was cancelled before it found a stamp. */
    CANCELLED;

    /** The code as it appears on the wire, e.g. {@code pow_required}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException for a wire string that names no code
     */
    public static ErrorCode fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
