package org.mailv2.protocol.seal;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.UUID;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.mailv2.protocol.json.Jcs;
import org.mailv2.protocol.json.Json;
import org.mailv2.protocol.keys.SigningDomain;
import org.mailv2.protocol.keys.KeyId;
import org.mailv2.protocol.keys.Signer;
import org.mailv2.protocol.permit.PermitId;
import org.mailv2.protocol.pow.Stamp;

/** A sealed message's envelope before it is stamped (or given a permit) and signed. */
@JsonPropertyOrder({"version", "messageId", "fromHash", "toHash", "senderKeyId", "summarySize", "summarySha256",
        "bodySize", "bodySha256"})
public record UnsignedEnvelope(int version, UUID messageId, Sha256 fromHash, Sha256 toHash, KeyId senderKeyId,
                               long summarySize, Sha256 summarySha256, long bodySize, Sha256 bodySha256) {
    /** A summary is a few hundred bytes; this bounds what a server or client ever buffers for one. */
    public static final long MAX_SUMMARY_BYTES = 64 * 1024;

    public UnsignedEnvelope {
        validate(version, messageId == null ? null : messageId.toString(), fromHash, toHash, senderKeyId, summarySize,
                summarySha256, bodySize, bodySha256);
    }

    /** The digest a stamp binds to: SHA-256 of the canonical JSON of these fields. */
    public Sha256 digest() {
        return Sha256.hash(Jcs.canonicalize(this));
    }

    /** Signs with a stamp (for a stranger) or a permit (from a recipient who issued one); or neither. */
    public Envelope sign(Signer sender, Stamp stamp, PermitId permit) {
        return new Envelope(version, messageId.toString(), fromHash, toHash, senderKeyId, summarySize, summarySha256,
                bodySize, bodySha256, stamp, permit, sender.sign(signedBytes(stamp, permit)));
    }

    /** Every field of the envelope but the signature, canonical, under the envelope signing domain. */
    byte[] signedBytes(Stamp stamp, PermitId permit) {
        ObjectNode tree = (ObjectNode) Json.toTree(this);
        if (stamp != null) {
            tree.put("stamp", stamp.text());
        }
        if (permit != null) {
            tree.put("permitId", permit.text());
        }
        return SigningDomain.ENVELOPE.message(Jcs.canonicalize(tree));
    }

    static void validate(int version, String messageId, Sha256 fromHash, Sha256 toHash, KeyId senderKeyId,
                         long summarySize, Sha256 summarySha256, long bodySize, Sha256 bodySha256) {
        if (version != Envelope.VERSION) {
            throw new ProtocolException(ErrorCode.UNSUPPORTED_VERSION, "envelope version " + version);
        }
        if (messageId == null || !isCanonicalUuid(messageId)) {
            throw new ProtocolException(ErrorCode.MALFORMED, "message id is a lowercase UUID");
        }
        if (fromHash == null || toHash == null || senderKeyId == null || summarySha256 == null || bodySha256 == null) {
            throw new ProtocolException(ErrorCode.MALFORMED, "envelope field missing");
        }
        if (summarySize <= 0 || summarySize > MAX_SUMMARY_BYTES) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "summary size out of range");
        }
        if (bodySize <= 0) {
            throw new ProtocolException(ErrorCode.MALFORMED, "body size out of range");
        }
    }

    private static boolean isCanonicalUuid(String text) {
        try {
            return UUID.fromString(text).toString().equals(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
