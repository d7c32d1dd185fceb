package org.mailv2.protocol.api;

import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.keys.Base64Url;
import org.mailv2.protocol.keys.SigningPublicKey;

/**
 * An account's recovery copy on the wire ({@code PUT /api/v1/recovery}, {@code GET /api/v1/recovery/{hash}}): the
 * public recovery key that may fetch it, and the sealed copy (base64url), which only the recovery phrase opens.
 */
public record RecoveryCopyView(SigningPublicKey recoveryKey, String copy) {
    /** A copy holds keys, pins and permits, not mail: a mebibyte is far beyond any real one. */
    public static final int MAX_COPY_BYTES = 1 << 20;

    public RecoveryCopyView {
        if (recoveryKey == null || copy == null) {
            throw new ProtocolException(ErrorCode.MALFORMED, "a recovery copy names its key and carries the copy");
        }
        if (copy.length() > (MAX_COPY_BYTES / 3 + 1) * 4) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "a recovery copy is at most " + MAX_COPY_BYTES
                    + " bytes");
        }
    }

    public static RecoveryCopyView of(SigningPublicKey recoveryKey, byte[] copy) {
        return new RecoveryCopyView(recoveryKey, Base64Url.encode(copy));
    }

    /** @throws ProtocolException {@code malformed} for bad base64url, {@code too_large} over the limit */
    public byte[] copyBytes() {
        byte[] bytes = Base64Url.decode(copy, "the recovery copy");
        if (bytes.length > MAX_COPY_BYTES) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "a recovery copy is at most " + MAX_COPY_BYTES + " bytes");
        }
        return bytes;
    }
}
