package org.mailv2.protocol.keys;

import java.util.Base64;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/** Unpadded base64url, decoded strictly: one text for one byte string, so signed bytes have one spelling. */
public final class Base64Url {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Base64Url() {
    }

    public static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /** @throws ProtocolException {@code malformed} unless canonical unpadded base64url (of any length) */
    public static byte[] decode(String text, String what) {
        if (text == null || text.length() % 4 == 1) {
            throw new ProtocolException(ErrorCode.MALFORMED, what + " is not unpadded base64url");
        }
        return decode(text, text.length() * 3 / 4, what);
    }

    /** @throws ProtocolException {@code malformed} unless canonical unpadded base64url of exactly {@code length} bytes */
    public static byte[] decode(String text, int length, String what) {
        if (text == null || text.length() != (length * 4 + 2) / 3) {
            throw new ProtocolException(ErrorCode.MALFORMED, what + " is " + length + " bytes of unpadded base64url");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                throw new ProtocolException(ErrorCode.MALFORMED, what + " has a character outside base64url");
            }
        }
        byte[] bytes = DECODER.decode(text);
        if (bytes.length != length || !encode(bytes).equals(text)) {
            throw new ProtocolException(ErrorCode.MALFORMED, what + " is not canonical base64url");
        }
        return bytes;
    }
}
