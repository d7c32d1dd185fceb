package org.mailv2.protocol.error;

/**
 * The single root of protocol failures: bad signatures, rejected proof of work, malformed objects, tampered
 * ciphertexts. Transport failures are not protocol failures and use {@link java.io.IOException}.
 */
public class ProtocolException extends RuntimeException {
    private final ErrorCode code;

    public ProtocolException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ProtocolException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    @Override
    public String toString() {
        return "ProtocolException[" + code.wire() + "]: " + getMessage();
    }
}
