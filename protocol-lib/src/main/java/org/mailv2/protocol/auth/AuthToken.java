package org.mailv2.protocol.auth;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * A short-lived bearer token an account signs for one server: {@code base64url(JCS claims) "." base64url(sig)}, the
 * signature in the auth-token domain. Strict by construction: one algorithm (Ed25519), one audience (the server's
 * routing id), at most {@link #MAX_LIFETIME}, no header to negotiate anything.
 */
public final class AuthToken {
    public static final Duration MAX_LIFETIME = Duration.ofMinutes(15);
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(2);
    private static final int MAX_TOKEN_CHARS = 1024;

    /** What a token says: who, for which server, issued and expiring when (epoch seconds). */
    @JsonPropertyOrder({"sub", "aud", "iat", "exp"})
    public record Claims(Sha256 sub, Sha256 aud, long iat, long exp) {
        public Claims {
            if (sub == null || aud == null) {
                throw new ProtocolException(ErrorCode.MALFORMED, "token claims incomplete");
            }
            if (exp <= iat || exp - iat > MAX_LIFETIME.toSeconds()) {
                throw new ProtocolException(ErrorCode.MALFORMED, "token lifetime out of range");
            }
        }
    }

    private AuthToken() {
    }

    /** A token for {@code account} at the server {@code routingId}, valid for {@code lifetime} from now. */
    public static String issue(SigningPrivateKey key, Sha256 account, Sha256 routingId, Clock clock, Duration lifetime) {
        return issue(key, account, routingId, clock, lifetime, SigningDomain.AUTH_TOKEN);
    }

    /**
     * As {@link #issue(SigningPrivateKey, Sha256, Sha256, Clock, Duration)} in another domain: a recovery token
     * ({@link SigningDomain#RECOVERY_TOKEN}) is signed by a key derived from the recovery phrase, not the account's.
     */
    public static String issue(SigningPrivateKey key, Sha256 account, Sha256 routingId, Clock clock, Duration lifetime,
                               SigningDomain domain) {
        long now = clock.instant().getEpochSecond();
        Claims claims = new Claims(account, routingId, now, now + lifetime.toSeconds());
        byte[] payload = Jcs.canonicalize(claims);
        Signature sig = key.sign(domain.message(payload));
        return Base64Url.encode(payload) + "." + sig.text();
    }

    /**
     * Reads the claims without checking the signature (the verifier needs {@code sub} to find the key).
     *
     * @throws ProtocolException {@code malformed} for anything but a well-formed token
     */
    public static Claims peek(String token) {
        return Json.read(payload(token), Claims.class);
    }

    /**
     * @throws ProtocolException {@code malformed} for a bad token, {@code bad_signature} when the signature or the
     *     audience does not match, {@code token_expired} outside its validity
     */
    public static Claims verify(String token, SigningPublicKey key, Sha256 expectedAudience, Clock clock) {
        return verify(token, key, expectedAudience, clock, SigningDomain.AUTH_TOKEN);
    }

    /** As {@link #verify(String, SigningPublicKey, Sha256, Clock)}, for a token signed in {@code domain}. */
    public static Claims verify(String token, SigningPublicKey key, Sha256 expectedAudience, Clock clock,
                                SigningDomain domain) {
        byte[] payload = payload(token);
        Claims claims = Json.read(payload, Claims.class);
        if (!java.util.Arrays.equals(Jcs.canonicalize(claims), payload)) {
            throw new ProtocolException(ErrorCode.MALFORMED, "token claims are not canonical");
        }
        Signature sig = Signature.parse(token.substring(token.indexOf('.') + 1));
        key.verify(domain.message(payload), sig);
        if (!claims.aud().matches(expectedAudience)) {
            throw new ProtocolException(ErrorCode.BAD_SIGNATURE, "token is for another server");
        }
        Instant now = clock.instant();
        if (now.isBefore(Instant.ofEpochSecond(claims.iat()).minus(CLOCK_SKEW))
                || !now.isBefore(Instant.ofEpochSecond(claims.exp()))) {
            throw new ProtocolException(ErrorCode.TOKEN_EXPIRED, "token is not valid now");
        }
        return claims;
    }

    private static byte[] payload(String token) {
        if (token == null || token.length() > MAX_TOKEN_CHARS) {
            throw new ProtocolException(ErrorCode.MALFORMED, "token missing or too long");
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            throw new ProtocolException(ErrorCode.MALFORMED, "a token is <claims>.<signature>");
        }
        String claims = token.substring(0, dot);
        byte[] decoded;
        try {
            decoded = java.util.Base64.getUrlDecoder().decode(claims);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(ErrorCode.MALFORMED, "token claims are not base64url", e);
        }
        if (!Base64Url.encode(decoded).equals(claims)) {
            throw new ProtocolException(ErrorCode.MALFORMED, "token claims are not canonical base64url");
        }
        return decoded;
    }
}
