package org.mailv2.server.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;
import org.mailv2.protocol.api.SealedTransfer;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.json.Json;
import org.mailv2.protocol.seal.Envelope;

/** Reading requests strictly: content types, size limits, path parameters, the envelope header. */
final class Requests {
    private static final int MAX_ENVELOPE_HEADER = 8 * 1024;

    private Requests() {
    }

    /**
     * As {@link #json(Context, Class)}, for a body another rule bounds at {@code maxBytes} instead of the usual
     * {@link Json#MAX_DOCUMENT_BYTES} (a recovery copy).
     */
    static <T> T json(Context ctx, Class<T> type, int maxBytes) throws IOException {
        requireType(ctx, "application/json");
        try (InputStream in = ctx.bodyInputStream()) {
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                throw new ProtocolException(ErrorCode.TOO_LARGE, "JSON body over " + maxBytes + " bytes");
            }
            return Json.read(body, type, Json.newFactory(maxBytes));
        }
    }

    /** @throws ProtocolException {@code malformed} (wrong type or JSON) or {@code too_large} */
    static <T> T json(Context ctx, Class<T> type) throws IOException {
        requireType(ctx, "application/json");
        try (InputStream in = ctx.bodyInputStream()) {
            byte[] body = in.readNBytes(Json.MAX_DOCUMENT_BYTES + 1);
            if (body.length > Json.MAX_DOCUMENT_BYTES) {
                throw new ProtocolException(ErrorCode.TOO_LARGE, "JSON body over " + Json.MAX_DOCUMENT_BYTES + " bytes");
            }
            return Json.read(body, type);
        }
    }

    static Envelope envelope(Context ctx) {
        requireType(ctx, SealedTransfer.MEDIA_TYPE);
        String header = ctx.header(SealedTransfer.ENVELOPE_HEADER);
        if (header == null || header.length() > MAX_ENVELOPE_HEADER) {
            throw new ProtocolException(ErrorCode.MALFORMED, "the " + SealedTransfer.ENVELOPE_HEADER
                    + " header is missing or too long");
        }
        byte[] json;
        try {
            json = java.util.Base64.getUrlDecoder().decode(header);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(ErrorCode.MALFORMED, "the envelope header is not base64url", e);
        }
        Envelope envelope = Envelope.parse(json);
        long declared = ctx.req().getContentLengthLong();
        if (declared >= 0 && declared != envelope.summarySize() + envelope.bodySize()) {
            throw new ProtocolException(ErrorCode.TAMPERED, "the request length differs from the signed envelope");
        }
        return envelope;
    }

    static Sha256 hash(Context ctx, String param) {
        return Sha256.parseHex(ctx.pathParam(param));
    }

    static UUID uuid(Context ctx, String param) {
        String text = ctx.pathParam(param);
        try {
            UUID id = UUID.fromString(text);
            if (id.toString().equals(text)) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw new ProtocolException(ErrorCode.MALFORMED, "a message id is a lowercase UUID");
    }

    static long longQuery(Context ctx, String name, long fallback) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return fallback;
        }
        if (!value.matches("[0-9]{1,18}")) {
            throw new ProtocolException(ErrorCode.MALFORMED, name + " is a non-negative number");
        }
        return Long.parseLong(value);
    }

    private static void requireType(Context ctx, String expected) {
        String type = ctx.contentType();
        String bare = type == null ? "" : type.split(";", 2)[0].trim();
        if (!bare.equalsIgnoreCase(expected)) {
            throw new ProtocolException(ErrorCode.MALFORMED, "content type must be " + expected);
        }
    }
}
