package org.mailv2.server.service;

import java.time.Clock;
import org.mailv2.protocol.auth.AuthToken;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.server.store.Database;

/**
 * Turns an {@code Authorization: Mailv2 <token>} header into the account it proves: the token must be signed by the
 * account's current signing key, for this server, and valid now.
 */
public final class Authenticator {
    private static final String SCHEME = "Mailv2 ";

    private final Database db;
    private final AccountRecords records;
    private final Sha256 routingId;
    private final Clock clock;
    private final java.time.Duration movedGrace;

    public Authenticator(Database db, AccountRecords records, Sha256 routingId, Clock clock) {
        this(db, records, routingId, clock, DeliveryService.DEFAULT_MOVED_GRACE);
    }

    /**
     * @param movedGrace how long an account that moved away may still use this server (its reads during the move's
     *     grace period); after that its requests are answered {@code moved}
     */
    public Authenticator(Database db, AccountRecords records, Sha256 routingId, Clock clock,
                         java.time.Duration movedGrace) {
        this.movedGrace = movedGrace;
        this.db = db;
        this.records = records;
        this.routingId = routingId;
        this.clock = clock;
    }

    /**
     * @throws ProtocolException {@code unauthorized}, {@code token_expired}, {@code suspended}, or {@code moved} for an
     *     account that moved away longer ago than the grace period (protocol §7.6)
     */
    public Sha256 authenticate(String authorization) {
        if (authorization == null || !authorization.startsWith(SCHEME)) {
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, "this request needs an auth token");
        }
        String token = authorization.substring(SCHEME.length()).trim();
        try {
            AuthToken.Claims claims = AuthToken.peek(token);
            var account = db.accounts().find(claims.sub())
                    .orElseThrow(() -> new ProtocolException(ErrorCode.UNAUTHORIZED, "no such account here"));
            AddressRecord record = records.current(claims.sub())
                    .orElseThrow(() -> new ProtocolException(ErrorCode.UNAUTHORIZED, "account has no record"));
            return requireHere(requireActive(account, verify(token, claims, record)));
        } catch (ProtocolException e) {
            if (e.code() == ErrorCode.TOKEN_EXPIRED || e.code() == ErrorCode.UNAUTHORIZED
                    || e.code() == ErrorCode.SUSPENDED || e.code() == ErrorCode.MOVED) {
                throw e;
            }
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, "the auth token is not valid", e);
        }
    }

    private Sha256 verify(String token, AuthToken.Claims claims, AddressRecord record) {
        try {
            return AuthToken.verify(token, record.signingKey(), routingId, clock).sub();
        } catch (ProtocolException e) {
            // The key may have been replaced at the resolver since the copy here was taken: look once more.
            if (e.code() == ErrorCode.TOKEN_EXPIRED || !records.refresh(claims.sub())) {
                throw e;
            }
            AddressRecord fresh = records.current(claims.sub()).orElseThrow(() -> e);
            return AuthToken.verify(token, fresh.signingKey(), routingId, clock).sub();
        }
    }

    /** Checked after the token verifies: an account that moved away is told so once its grace period is over. */
    private Sha256 requireHere(Sha256 subject) {
        var departure = db.moves().departure(subject).orElse(null);
        if (departure != null && !clock.instant().isBefore(departure.movedAt().plus(movedGrace))) {
            throw new ProtocolException(ErrorCode.MOVED, "this account moved to another server");
        }
        return subject;
    }

    /**
     * Checked after the token verifies, so that only the account's holder learns it is suspended; anyone else gets
     * the same {@code unauthorized} as for any bad token.
     */
    private static Sha256 requireActive(org.mailv2.server.store.Account account, Sha256 subject) {
        if (account.suspended()) {
            throw new ProtocolException(ErrorCode.SUSPENDED, "this account is suspended by the server's operator");
        }
        return subject;
    }
}
