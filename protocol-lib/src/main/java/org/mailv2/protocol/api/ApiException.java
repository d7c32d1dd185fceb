package org.mailv2.protocol.api;

import java.io.IOException;
import org.mailv2.protocol.error.ErrorCode;

/**
 * A server's refusal or failure, as a type: the HTTP status and problem document become this exception in one place
 * ({@link ApiClient}); callers look at {@link #code()}, never at status codes.
 */
public class ApiException extends IOException {
    private final ErrorCode code;
    private final int status;
    private final Integer bits;

    public ApiException(ErrorCode code, int status, String message, Integer bits) {
        super(message);
        this.code = code;
        this.status = status;
        this.bits = bits;
    }

    public ErrorCode code() {
        return code;
    }

    public int status() {
        return status;
    }

    /** For {@code pow_required}: the bits the server asks for. */
    public Integer bits() {
        return bits;
    }
}
