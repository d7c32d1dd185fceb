package org.mailv2.protocol.seal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.UUID;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.json.Jcs;
import org.mailv2.protocol.json.Json;
import org.mailv2.protocol.keys.KeyId;
import org.mailv2.protocol.keys.Signature;
import org.mailv2.protocol.keys.SigningPublicKey;
import org.mailv2.protocol.permit.PermitId;
import org.mailv2.protocol.pow.Stamp;

/**
 * What servers see of a message: who (as hashes) to whom, the sizes and hashes of the two ciphertexts, the sender's
 * key id, a stamp or a permit id, and the sender's signature over all of it. Nothing else.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"version", "messageId", "fromHash", "toHash", "senderKeyId", "summarySize", "summarySha256",
        "bodySize", "bodySha256", "stamp", "permitId", "signature"})
public record Envelope(int version, String messageId, Sha256 fromHash, Sha256 toHash, KeyId senderKeyId,
                       long summarySize, Sha256 summarySha256, long bodySize, Sha256 bodySha256,
                       Stamp stamp, PermitId permitId, Signature signature) {
    public static final int VERSION = 1;

    public Envelope {
        UnsignedEnvelope.validate(version, messageId, fromHash, toHash, senderKeyId, summarySize, summarySha256,
                bodySize, bodySha256);
        if (stamp != null && permitId != null) {
            throw new ProtocolException(ErrorCode.MALFORMED, "an envelope carries a stamp or a permit, not both");
        }
        if (signature == null) {
            throw new ProtocolException(ErrorCode.BAD_SIGNATURE, "envelope is not signed");
        }
    }

    /** @throws ProtocolException {@code malformed}, {@code too_large} or a field's own code */
    public static Envelope parse(byte[] json) {
        return Json.read(json, Envelope.class);
    }

    /** The wire form; what the signature covers is {@link #signedBytes()}. */
    public byte[] toJson() {
        return Jcs.canonicalize(this);
    }

    public UnsignedEnvelope unsigned() {
        return new UnsignedEnvelope(version, UUID.fromString(messageId), fromHash, toHash, senderKeyId, summarySize,
                summarySha256, bodySize, bodySha256);
    }

    /** The bytes the signature covers: every field but the signature, canonical, under the envelope domain. */
    public byte[] signedBytes() {
        return unsigned().signedBytes(stamp, permitId);
    }

    /**
     * Checks the signature under the sender's key, which must be the one the envelope names.
     *
     * @throws ProtocolException {@code bad_signature} when the key id or the signature does not match
     */
    public void verifySignature(SigningPublicKey senderKey) {
        if (!senderKey.keyId().equals(senderKeyId)) {
            throw new ProtocolException(ErrorCode.BAD_SIGNATURE, "envelope names another sender key");
        }
        senderKey.verify(signedBytes(), signature);
    }
}
