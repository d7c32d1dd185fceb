package org.mailv2.protocol.resolver;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.json.Jcs;
import org.mailv2.protocol.json.Json;
import org.mailv2.protocol.keys.Signature;
import org.mailv2.protocol.keys.SigningDomain;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.keys.SigningPublicKey;

/**
 * Where a server is: its routing id (SHA-256 of its Ed25519 key), https URL and the SHA-256 of its TLS certificate,
 * so that self-signed servers are verified by pin. Signed by the server key; a server that moves host updates this
 * one record, not every account.
 */
@JsonPropertyOrder({"version", "routingId", "serverKey", "url", "tlsCertSha256", "serial", "signature"})
public record RoutingRecord(int version, Sha256 routingId, SigningPublicKey serverKey, String url,
                            Sha256 tlsCertSha256, long serial, Signature signature) {
    public static final int VERSION = 1;

    public RoutingRecord {
        if (version != VERSION) {
            throw new ProtocolException(ErrorCode.UNSUPPORTED_VERSION, "routing record version " + version);
        }
        if (routingId == null || serverKey == null || tlsCertSha256 == null || signature == null) {
            throw new ProtocolException(ErrorCode.MALFORMED, "routing record field missing");
        }
        HttpsUrl.requireValid(url);
        if (serial < 1) {
            throw new ProtocolException(ErrorCode.MALFORMED, "serial starts at 1");
        }
        if (!routingIdOf(serverKey).matches(routingId)) {
            throw new ProtocolException(ErrorCode.MALFORMED, "routing id is the hash of the server key");
        }
    }

    public static Sha256 routingIdOf(SigningPublicKey serverKey) {
        return Sha256.hash(serverKey.bytes());
    }

    public static RoutingRecord create(SigningPrivateKey serverKey, String url, Sha256 tlsCertSha256, long serial) {
        Sha256 id = routingIdOf(serverKey.publicKey());
        RoutingRecord draft = new RoutingRecord(VERSION, id, serverKey.publicKey(), url, tlsCertSha256, serial,
                Signature.ofBytes(new byte[Signature.LENGTH]));
        return new RoutingRecord(VERSION, id, serverKey.publicKey(), url, tlsCertSha256, serial,
                serverKey.sign(SigningDomain.ROUTING_RECORD.message(draft.signedBytes())));
    }

    public static RoutingRecord parse(byte[] json) {
        return Json.read(json, RoutingRecord.class);
    }

    public byte[] toJson() {
        return Jcs.canonicalize(this);
    }

    @JsonIgnore
    public byte[] signedBytes() {
        return RecordBytes.withoutSignatures(this, "signature");
    }

    /** @throws ProtocolException {@code bad_signature} unless signed by its server key */
    public void verifySelf() {
        serverKey.verify(SigningDomain.ROUTING_RECORD.message(signedBytes()), signature);
    }
}
