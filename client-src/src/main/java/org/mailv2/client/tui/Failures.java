package org.mailv2.client.tui;

import java.io.IOException;
import org.mailv2.protocol.api.ApiException;
import org.mailv2.protocol.error.ProtocolException;

/** Failures in words for the status bar: what went wrong and its stable code, without a stack trace. */
final class Failures {
    private Failures() {
    }

    static String describe(Throwable e) {
        if (e instanceof ApiException api) {
            return "refused: " + api.getMessage() + " (" + api.code().wire() + ")";
        }
        if (e instanceof ProtocolException p) {
            return p.getMessage() + " (" + p.code().wire() + ")";
        }
        if (e instanceof IOException) {
            return "cannot reach the server: "
                    + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
