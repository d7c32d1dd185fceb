package org.mailv2.protocol.resolver;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.LocalDate;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.json.Jcs;
import org.mailv2.protocol.json.Json;
import org.mailv2.protocol.keys.Signature;
import org.mailv2.protocol.keys.SigningDomain;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.keys.SigningPublicKey;
import org.mailv2.protocol.pow.StampHeader;

/**
 * An organisation: its key (which signs invitations for {@code x@org!} accounts), display name, and the routing id of
 * the server that hosts its directory. Signed by the organisation key.
 */
@JsonPropertyOrder({"version", "organisationHash", "organisationKey", "displayName", "routingId", "serial",
        "signature"})
public record OrganisationRecord(int version, Sha256 organisationHash, SigningPublicKey organisationKey,
                                 String displayName, Sha256 routingId, long serial, Signature signature) {
    public static final int VERSION = 1;
    public static final int MAX_DISPLAY_NAME = 200;

    public OrganisationRecord {
        if (version != VERSION) {
            throw new ProtocolException(ErrorCode.UNSUPPORTED_VERSION, "organisation record version " + version);
        }
        if (organisationHash == null || organisationKey == null || routingId == null || signature == null
                || displayName == null) {
            throw new ProtocolException(ErrorCode.MALFORMED, "organisation record field missing");
        }
        if (displayName.isBlank() || displayName.length() > MAX_DISPLAY_NAME
                || displayName.chars().anyMatch(Character::isISOControl)) {
            throw new ProtocolException(ErrorCode.MALFORMED, "display name is 1 to 200 printable characters");
        }
        if (serial < 1) {
            throw new ProtocolException(ErrorCode.MALFORMED, "serial starts at 1");
        }
    }

    public static OrganisationRecord create(Sha256 organisationHash, SigningPrivateKey key, String displayName,
                                            Sha256 routingId, long serial) {
        OrganisationRecord draft = new OrganisationRecord(VERSION, organisationHash, key.publicKey(), displayName,
                routingId, serial, Signature.ofBytes(new byte[Signature.LENGTH]));
        return new OrganisationRecord(VERSION, organisationHash, key.publicKey(), displayName, routingId, serial,
                key.sign(SigningDomain.ORGANISATION_RECORD.message(draft.signedBytes())));
    }

    public static OrganisationRecord parse(byte[] json) {
        return Json.read(json, OrganisationRecord.class);
    }

    public byte[] toJson() {
        return Jcs.canonicalize(this);
    }

    @JsonIgnore
    public byte[] signedBytes() {
        return RecordBytes.withoutSignatures(this, "signature");
    }

    @JsonIgnore
    public Sha256 digest() {
        return Sha256.hash(signedBytes());
    }

    /** Creating an organisation costs proof of work like an address; from and to are the organisation hash. */
    public StampHeader creationStampHeader(int bits, LocalDate today) {
        return new StampHeader(bits, today, organisationHash, organisationHash, digest());
    }

    /** @throws ProtocolException {@code bad_signature} unless signed by the organisation key */
    public void verifySelf() {
        organisationKey.verify(SigningDomain.ORGANISATION_RECORD.message(signedBytes()), signature);
    }
}
