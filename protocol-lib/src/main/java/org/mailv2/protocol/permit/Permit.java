package org.mailv2.protocol.permit;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/**
 * A recipient-issued exemption from proof of work, registered at the recipient's own server: deliveries naming it
 * need no stamp when the signed envelope's sender matches {@code senderHash}. Revoking it at that server makes it
 * worthless at once.
 */
public record Permit(PermitId permitId, Sha256 recipientHash, Sha256 senderHash, Purpose purpose, Instant createdAt) {
    public enum Purpose {
        @JsonProperty("list") LIST,
        @JsonProperty("contact") CONTACT
    }

    public Permit {
        if (permitId == null || recipientHash == null || senderHash == null || purpose == null || createdAt == null) {
            throw new ProtocolException(ErrorCode.MALFORMED, "a permit needs id, recipient, sender, purpose, date");
        }
    }

    /**
     * Checks that this permit may carry a delivery from {@code sender} to {@code recipient}.
     *
     * @throws ProtocolException {@code permit_mismatch} when either differs from what the permit was issued for
     */
    public void requireCovers(Sha256 sender, Sha256 recipient) {
        if (!senderHash.matches(sender) || !recipientHash.matches(recipient)) {
            throw new ProtocolException(ErrorCode.PERMIT_MISMATCH, "permit was issued for another sender or recipient");
        }
    }
}
