package org.mailv2.client.cli;

import org.mailv2.client.core.text.UntrustedText;
import java.io.IOException;
import org.mailv2.protocol.api.ApiException;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import picocli.CommandLine;

/**
 * The CLI's one exit-code mapper (documented in the README): 0 success, 1 unexpected failure, 2 usage, 3 a message or
 * key failed verification, 4 network failure, 5 not found, 6 refused by a server or by policy.
 */
final class ExitCodes implements CommandLine.IExecutionExceptionHandler {
    static final int UNEXPECTED = 1;
    static final int VERIFICATION = 3;
    static final int NETWORK = 4;
    static final int NOT_FOUND = 5;
    static final int REFUSED = 6;

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        var err = cli.getErr();
        if (e instanceof ApiException api) {
            err.println("mailv2: the server refused: " + UntrustedText.line(api.getMessage()) + " (" + api.code().wire() + ")");
        } else if (e instanceof ProtocolException p) {
            err.println("mailv2: " + UntrustedText.line(p.getMessage()) + " (" + p.code().wire() + ")");
        } else if (e instanceof IOException io) {
            err.println("mailv2: " + UntrustedText.line(io.getMessage()));
        } else {
            err.println("mailv2: unexpected failure: " + UntrustedText.line(String.valueOf(e)));
        }
        return forFailure(e);
    }

    /** The exit code for a failure that was reported in other words (a list post not finished, say). */
    static int forFailure(Exception e) {
        if (e instanceof ApiException api) {
            return forCode(api.code());
        }
        if (e instanceof ProtocolException p) {
            return forCode(p.code());
        }
        return e instanceof IOException ? NETWORK : UNEXPECTED;
    }

    static int forCode(ErrorCode code) {
        return switch (code) {
            case BAD_SIGNATURE, TAMPERED, DECRYPTION_FAILED, SENDER_MISMATCH, NOT_RECIPIENT, KEY_CHANGE_UNSIGNED,
                 BAD_KEY, STALE_SERIAL -> VERIFICATION;
            case UNKNOWN_RECIPIENT -> NOT_FOUND;
            case MALFORMED, INVALID_ADDRESS -> CommandLine.ExitCode.USAGE;
            default -> REFUSED;
        };
    }
}
