package org.mailv2.protocol.lists;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.json.Jcs;
import org.mailv2.protocol.json.Json;
import org.mailv2.protocol.keys.Base64Url;
import org.mailv2.protocol.keys.Signature;
import org.mailv2.protocol.keys.SigningDomain;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.keys.SigningPublicKey;

/**
 * An invitation to an invite-only list, for one address, until a time: {@code base64url(JCS claims) "." signature},
 * signed by the list's key. The list's owner checks it when the subscription request arrives.
 */
public final class ListInvitation {
    @JsonPropertyOrder({"list", "addressHash", "exp"})
    record Claims(String list, Sha256 addressHash, long exp) {
    }

    private ListInvitation() {
    }

    public static String issue(SigningPrivateKey listKey, Address list, Address invitee, Clock clock,
                               Duration validity) {
        byte[] claims = Jcs.canonicalize(new Claims(list.display(), invitee.hash(),
                clock.instant().plus(validity).getEpochSecond()));
        return Base64Url.encode(claims) + "." + listKey.sign(SigningDomain.LIST_INVITATION.message(claims)).text();
    }

    /**
     * @throws ProtocolException {@code forbidden} unless a valid, unexpired invitation to {@code list} for
     *     {@code invitee} signed by {@code listKey}
     */
    public static void verify(String token, SigningPublicKey listKey, Address list, Address invitee, Clock clock) {
        try {
            int dot = token.indexOf('.');
            byte[] claimsBytes = java.util.Base64.getUrlDecoder().decode(token.substring(0, dot));
            Claims claims = Json.read(claimsBytes, Claims.class);
            listKey.verify(SigningDomain.LIST_INVITATION.message(claimsBytes), Signature.parse(token.substring(dot + 1)));
            if (!Address.parse(claims.list()).equals(list) || !claims.addressHash().matches(invitee.hash())
                    || !clock.instant().isBefore(Instant.ofEpochSecond(claims.exp()))) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "the invitation is for another list or address,"
                        + " or has expired");
            }
        } catch (ProtocolException | IllegalArgumentException | StringIndexOutOfBoundsException e) {
            if (e instanceof ProtocolException p && p.code() == ErrorCode.FORBIDDEN) {
                throw p;
            }
            throw new ProtocolException(ErrorCode.FORBIDDEN, "not a valid invitation to this list", e);
        }
    }
}
