package org.mailv2.server.http;

import io.javalin.http.Context;
import java.util.EnumMap;
import java.util.Map;
import org.mailv2.protocol.api.ApiException;
import org.mailv2.protocol.api.Problem;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.json.Json;
import org.mailv2.server.service.PowRequired;
import org.mailv2.server.service.ResolverUnreachable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The server's one error mapper: a stable code becomes an HTTP status and an RFC 9457 problem document. */
final class Problems {
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
    private static final Map<ErrorCode, Integer> STATUS = new EnumMap<>(ErrorCode.class);

    static {
        for (ErrorCode c : ErrorCode.values()) {
            STATUS.put(c, 400);
        }
        STATUS.put(ErrorCode.BAD_SIGNATURE, 403);
        STATUS.put(ErrorCode.POW_REQUIRED, 402);
        STATUS.put(ErrorCode.POW_INVALID, 402);
        STATUS.put(ErrorCode.STAMP_EXPIRED, 402);
        STATUS.put(ErrorCode.STAMP_REPLAYED, 402);
        STATUS.put(ErrorCode.PERMIT_REVOKED, 403);
        STATUS.put(ErrorCode.PERMIT_MISMATCH, 403);
        STATUS.put(ErrorCode.TAMPERED, 422);
        STATUS.put(ErrorCode.DECRYPTION_FAILED, 422);
        STATUS.put(ErrorCode.NOT_RECIPIENT, 422);
        STATUS.put(ErrorCode.SENDER_MISMATCH, 422);
        STATUS.put(ErrorCode.STALE_SERIAL, 409);
        STATUS.put(ErrorCode.KEY_CHANGE_UNSIGNED, 403);
        STATUS.put(ErrorCode.UNKNOWN_RECIPIENT, 404);
        STATUS.put(ErrorCode.TOO_LARGE, 413);
        STATUS.put(ErrorCode.RATE_LIMITED, 429);
        STATUS.put(ErrorCode.TOKEN_EXPIRED, 401);
        STATUS.put(ErrorCode.UNAUTHORIZED, 401);
        STATUS.put(ErrorCode.FORBIDDEN, 403);
        STATUS.put(ErrorCode.BLOCKED, 403);
        STATUS.put(ErrorCode.SUSPENDED, 403);
        STATUS.put(ErrorCode.MOVED, 410);
        STATUS.put(ErrorCode.CONFLICT, 409);
        STATUS.put(ErrorCode.QUOTA_EXCEEDED, 507);
        STATUS.put(ErrorCode.INSUFFICIENT_STORAGE, 507);
        STATUS.put(ErrorCode.INTERNAL, 500);
        STATUS.put(ErrorCode.CANCELLED, 500);
    }

    private Problems() {
    }

    static int status(ErrorCode code) {
        return STATUS.get(code);
    }

    static void protocol(ProtocolException e, Context ctx) {
        Integer bits = e instanceof PowRequired p ? p.bits() : null;
        if (e instanceof RateLimited limited) {
            // Clients wait this long instead of guessing (and hammering): docs/protocol.md, "Rate limits".
            ctx.header("Retry-After", Long.toString(limited.retryAfterSeconds()));
        }
        if (e instanceof ResolverUnreachable unreachable) {
            // Not this server's failure but a neighbour's: 503, and when to come back.
            ctx.header("Retry-After", Long.toString(unreachable.retryAfterSeconds()));
            write(ctx, e.code(), e.getMessage(), null, 503);
            return;
        }
        write(ctx, e.code(), e.getMessage(), bits);
    }

    /** A remote server (resolver) refused or failed while serving this request. */
    static void upstream(ApiException e, Context ctx) {
        write(ctx, e.code(), "upstream: " + e.getMessage(), e.bits());
    }

    /** Javalin's own refusals (e.g. its request size limit) get problem documents too. */
    static void framework(io.javalin.http.HttpResponseException e, Context ctx) {
        write(ctx, codeFor(e.getStatus()), e.getMessage(), null);
    }

    /** The code for a status that Javalin or Jetty chose (they know no codes). */
    static ErrorCode codeFor(int status) {
        return switch (status) {
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.UNKNOWN_RECIPIENT;
            case 413, 414, 431 -> ErrorCode.TOO_LARGE;
            case 429 -> ErrorCode.RATE_LIMITED;
            default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.MALFORMED;
        };
    }

    static void unexpected(Exception e, Context ctx) {
        if (isEarlyEnd(e)) {
            // The client went away mid-request: its problem, not a server bug.
            LOG.info("{} {}: the request ended early", ctx.method(), ctx.endpoint() == null ? "?" : ctx.endpoint().path);
            write(ctx, ErrorCode.MALFORMED, "the request ended early", null);
            return;
        }
        LOG.error("unexpected failure in {} {}", ctx.method(), ctx.endpoint() == null ? "?" : ctx.endpoint().path, e);
        write(ctx, ErrorCode.INTERNAL, "the server failed; try again later", null);
    }

    private static boolean isEarlyEnd(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.eclipse.jetty.io.EofException) {
                return true;
            }
        }
        return false;
    }

    static void write(Context ctx, ErrorCode code, String detail, Integer bits) {
        write(ctx, code, detail, bits, status(code));
    }

    private static void write(Context ctx, ErrorCode code, String detail, Integer bits, int status) {
        ctx.status(status).contentType(Problem.MEDIA_TYPE).result(document(code, detail, bits, status));
    }

    static byte[] document(ErrorCode code, String detail, Integer bits) {
        return document(code, detail, bits, status(code));
    }

    private static byte[] document(ErrorCode code, String detail, Integer bits, int status) {
        return Json.write(new Problem("https://mailv2.org/problems/" + code.wire(), title(code), status, detail,
                code.wire(), bits));
    }

    private static String title(ErrorCode code) {
        String words = code.wire().replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
