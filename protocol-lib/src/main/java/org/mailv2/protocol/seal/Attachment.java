package org.mailv2.protocol.seal;

import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/** A file to attach: its name as the recipient will see it, its MIME type, and where to stream it from. */
public record Attachment(String name, String contentType, ByteSource content) {
    public Attachment {
        if (name == null || name.isBlank() || name.length() > 255 || name.contains("/") || name.contains("\\")
                || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new ProtocolException(ErrorCode.MALFORMED, "attachment name must be a plain file name");
        }
        if (contentType == null || !contentType.matches("[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+")) {
            throw new ProtocolException(ErrorCode.MALFORMED, "attachment content type is type/subtype");
        }
        if (content == null) {
            throw new ProtocolException(ErrorCode.MALFORMED, "attachment without content");
        }
    }
}
