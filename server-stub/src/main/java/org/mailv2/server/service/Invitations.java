package org.mailv2.server.service;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.json.Jcs;
import org.mailv2.protocol.json.Json;
import org.mailv2.protocol.keys.Base64Url;
import org.mailv2.protocol.keys.Signature;
import org.mailv2.protocol.keys.SigningDomain;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.server.store.InvitationStore;
import org.mailv2.server.store.IssuedInvitation;
import org.mailv2.server.store.StampStore;

/**
 * Invitations to register on an invite-only server: {@code base64url(JCS claims) "." signature}, signed by the
 * server's identity key for one address, valid until a date, usable once. Each one issued is recorded (by its id, not
 * the token) so the operator can list it and revoke it; a revoked one is refused. Tokens issued before invitations
 * were recorded have no record and stay valid until they expire.
 */
public final class Invitations {
    @JsonPropertyOrder({"addressHash", "routingId", "exp"})
    record Claims(Sha256 addressHash, Sha256 routingId, long exp) {
    }

    private final SigningPrivateKey serverKey;
    private final Sha256 routingId;
    private final InvitationStore issued;
    private final Clock clock;

    public Invitations(SigningPrivateKey serverKey, Sha256 routingId, InvitationStore issued, Clock clock) {
        this.serverKey = serverKey;
        this.routingId = routingId;
        this.issued = issued;
        this.clock = clock;
    }

    /** Signs a new invitation and records it. @return the token, for the invited person only */
    public String issue(Sha256 addressHash, Duration validity) {
        Instant now = clock.instant();
        Instant expires = Instant.ofEpochSecond(now.plus(validity).getEpochSecond());
        byte[] claims = Jcs.canonicalize(new Claims(addressHash, routingId, expires.getEpochSecond()));
        String token = Base64Url.encode(claims) + "." + serverKey.sign(SigningDomain.INVITATION.message(claims)).text();
        issued.record(new IssuedInvitation(idOf(token), addressHash, now, expires, null, null));
        return token;
    }

    /**
     * The id an invitation is listed and revoked by: a prefix of the token's SHA-256, so the token itself, a
     * credential, never has to be stored or shown again.
     */
    public static String idOf(String token) {
        return Sha256.hash("invitation-id:" + token).hex().substring(0, 16);
    }

    /**
     * Checks the invitation for {@code addressHash} and spends it.
     *
     * @throws ProtocolException {@code forbidden} when it is missing, forged, for another address or server, expired,
     *     revoked or already used
     */
    public void redeem(String token, Sha256 addressHash, StampStore spent) {
        Instant expires = check(token, addressHash);
        LocalDate forgettable = LocalDate.ofInstant(expires, ZoneOffset.UTC).plusDays(1);
        if (!spent.spend(Sha256.hash("invitation:" + token), forgettable)) {
            throw forbidden("the invitation was used already");
        }
        issued.redeemed(idOf(token), clock.instant());
    }

    /**
     * Checks the invitation for {@code addressHash} without spending it (before work that may fail, such as a
     * remote publish; {@link #redeem} spends it afterwards).
     *
     * @return when it expires
     * @throws ProtocolException {@code forbidden} when it is missing, forged, for another address or server,
     *     expired or revoked
     */
    public Instant check(String token, Sha256 addressHash) {
        if (token == null || token.length() > 1024 || token.indexOf('.') <= 0) {
            throw forbidden("registration here needs an invitation");
        }
        int dot = token.indexOf('.');
        byte[] claimsBytes;
        Claims claims;
        try {
            claimsBytes = java.util.Base64.getUrlDecoder().decode(token.substring(0, dot));
            claims = Json.read(claimsBytes, Claims.class);
            serverKey.publicKey().verify(SigningDomain.INVITATION.message(claimsBytes),
                    Signature.parse(token.substring(dot + 1)));
        } catch (ProtocolException | IllegalArgumentException e) {
            throw forbidden("the invitation is not valid");
        }
        if (!claims.routingId().matches(routingId) || !claims.addressHash().matches(addressHash)) {
            throw forbidden("the invitation is for another address or server");
        }
        Instant expires = Instant.ofEpochSecond(claims.exp());
        if (!clock.instant().isBefore(expires)) {
            throw forbidden("the invitation has expired");
        }
        if (issued.find(idOf(token)).map(i -> i.revokedAt() != null).orElse(false)) {
            throw forbidden("the invitation was revoked");
        }
        return expires;
    }

    private static ProtocolException forbidden(String why) {
        return new ProtocolException(ErrorCode.FORBIDDEN, why);
    }
}
