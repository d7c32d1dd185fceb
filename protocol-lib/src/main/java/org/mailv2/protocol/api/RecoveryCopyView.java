package org.mailv2.protocol.api;

import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.keys.Base64Url;
import org.mailv2.protocol.keys.SigningPublicKey;

/**
 * An account's recovery copy on the wire ({@code PUT /api/v1/recovery}, {@code GET /api/v1/recovery/{hash}}): the
 * public recovery key that may fetch it, and the sealed copy (base64url), which only the recovery phrase opens. A store
 * names the copy it was merged from ({@code previous}, the SHA-256 of its sealed bytes; null when there was none) and is
 * refused with {@code conflict} when another device stored meanwhile; {@code replace} stores a new phrase's copy over
 * another phrase's.
 */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record RecoveryCopyView(SigningPublicKey recoveryKey, String copy, org.mailv2.protocol.digest.Sha256 previous,
                               Boolean replace) {
    /** A copy holds keys, pins and permits, not mail: a mebibyte is far beyond any real one. */
    public static final int MAX_COPY_BYTES = 1 << 20;
    /** The JSON of the largest copy: its base64url and the few other fields. */
    public static final int MAX_DOCUMENT_BYTES = (MAX_COPY_BYTES / 3 + 1) * 4 + 4096;

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
        return new RecoveryCopyView(recoveryKey, Base64Url.encode(copy), null, null);
    }

    /** A store based on the copy whose sealed bytes hash to {@code previous} (null: none was stored). */
    public static RecoveryCopyView of(SigningPublicKey recoveryKey, byte[] copy,
                                      org.mailv2.protocol.digest.Sha256 previous, boolean replace) {
        return new RecoveryCopyView(recoveryKey, Base64Url.encode(copy), previous, replace ? Boolean.TRUE : null);
    }

    public boolean replacing() {
        return Boolean.TRUE.equals(replace);
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
