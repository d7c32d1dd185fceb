package org.mailv2.protocol.resolver;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
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

/**
 * An organisation's word that {@code x@org!} is one of its members: its key's signature over (address hash,
 * organisation hash). It travels as an invitation token ({@code base64url(JCS claims) "." signature}) and ends up in
 * the member's address record, where every correspondent can check it — servers only ever see hashes, so the check
 * cannot be theirs alone.
 */
public final class Membership {
    @JsonPropertyOrder({"addressHash", "organisationHash"})
    record Claims(Sha256 addressHash, Sha256 organisationHash) {
    }

    /** A parsed invitation: who it admits to which organisation, and the organisation's signature. */
    public record Invitation(Sha256 addressHash, Sha256 organisationHash, Signature signature) {
    }

    private Membership() {
    }

    static byte[] message(Sha256 addressHash, Sha256 organisationHash) {
        return SigningDomain.ORGANISATION_MEMBER.message(Jcs.canonicalize(new Claims(addressHash, organisationHash)));
    }

    public static String invite(SigningPrivateKey organisationKey, Address member) {
        Sha256 org = member.organisation().orElseThrow(() -> new ProtocolException(ErrorCode.INVALID_ADDRESS,
                "only an address x@org! can join an organisation")).hash();
        byte[] claims = Jcs.canonicalize(new Claims(member.hash(), org));
        return Base64Url.encode(claims) + "." + organisationKey.sign(message(member.hash(), org)).text();
    }

    /** @throws ProtocolException {@code forbidden} unless an invitation for {@code member} */
    public static Invitation parse(String token, Address member) {
        try {
            int dot = token.indexOf('.');
            Claims claims = Json.read(java.util.Base64.getUrlDecoder().decode(token.substring(0, dot)), Claims.class);
            Sha256 org = member.organisation().orElseThrow().hash();
            if (!claims.addressHash().matches(member.hash()) || !claims.organisationHash().matches(org)) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "this invitation is for another address");
            }
            return new Invitation(claims.addressHash(), claims.organisationHash(),
                    Signature.parse(token.substring(dot + 1)));
        } catch (ProtocolException e) {
            throw e.code() == ErrorCode.FORBIDDEN ? e
                    : new ProtocolException(ErrorCode.FORBIDDEN, "not an organisation invitation", e);
        } catch (RuntimeException e) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "not an organisation invitation", e);
        }
    }
}
