package org.mailv2.server.service;

import java.time.Clock;
import org.mailv2.protocol.api.RecoveryCopyView;
import org.mailv2.protocol.auth.AuthToken;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.keys.SigningDomain;
import org.mailv2.server.store.Database;
import org.mailv2.server.store.RecoveryCopy;

/**
 * Keeps each account's recovery copy, which the server cannot read, and hands it only to whoever proves to hold the
 * recovery phrase: a token signed by the recovery key the account registered with the copy. A stranger learns nothing,
 * not even whether the account has a copy: every failure is the same {@code unauthorized}.
 */
public final class RecoveryService {
    private static final String SCHEME = "Mailv2-Recovery ";

    private final Database db;
    private final Sha256 routingId;
    private final Clock clock;

    public RecoveryService(Database db, Sha256 routingId, Clock clock) {
        this.db = db;
        this.routingId = routingId;
        this.clock = clock;
    }

    /**
     * Stores the copy, compare-and-set: it must name the stored copy it was merged from ({@code previous}, null when
     * none is stored), or, to put a new phrase's copy over another phrase's, say {@code replace}.
     *
     * @throws ProtocolException {@code malformed} or {@code too_large} for a bad copy, {@code conflict} when another
     *     device stored meanwhile (nothing is kept)
     */
    public void put(Sha256 account, RecoveryCopyView view) {
        byte[] copy = view.copyBytes();
        db.inTransaction(() -> {
            RecoveryCopy stored = db.accounts().recoveryCopy(account).orElse(null);
            boolean newPhrase = stored != null && !stored.recoveryKey().equals(view.recoveryKey());
            Sha256 storedHash = stored == null ? null : Sha256.hash(stored.copy());
            boolean basedOnStored = storedHash == null ? view.previous() == null
                    : view.previous() != null && view.previous().matches(storedHash);
            if (newPhrase ? !view.replacing() : !basedOnStored) {
                throw new ProtocolException(ErrorCode.CONFLICT, "the recovery copy changed meanwhile: merge the"
                        + " stored one and store again");
            }
            if (!db.accounts().putRecoveryCopy(new RecoveryCopy(account, view.recoveryKey(), copy, clock.instant()))) {
                throw new ProtocolException(ErrorCode.UNAUTHORIZED, "no such account here");
            }
            return null;
        });
    }

    /**
     * @param authorization the request's {@code Authorization: Mailv2-Recovery <token>} header
     * @throws ProtocolException {@code unauthorized} for anything but a valid token for {@code account} signed by its
     *     registered recovery key (also when it has no copy), {@code token_expired}, {@code suspended} once the token
     *     verified
     */
    public RecoveryCopyView fetch(Sha256 account, String authorization) {
        if (authorization == null || !authorization.startsWith(SCHEME)) {
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, "this request needs a recovery token");
        }
        String token = authorization.substring(SCHEME.length()).trim();
        RecoveryCopy stored;
        try {
            AuthToken.Claims claims = AuthToken.peek(token);
            if (!claims.sub().matches(account)) {
                throw new ProtocolException(ErrorCode.UNAUTHORIZED, "the token is for another account");
            }
            stored = db.accounts().recoveryCopy(account).orElseThrow(() ->
                    new ProtocolException(ErrorCode.UNAUTHORIZED, "no recovery copy"));
            AuthToken.verify(token, stored.recoveryKey(), routingId, clock, SigningDomain.RECOVERY_TOKEN);
        } catch (ProtocolException e) {
            if (e.code() == ErrorCode.TOKEN_EXPIRED || e.code() == ErrorCode.UNAUTHORIZED) {
                throw e;
            }
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, "the recovery token is not valid", e);
        }
        if (db.accounts().find(account).map(org.mailv2.server.store.Account::suspended).orElse(false)) {
            throw new ProtocolException(ErrorCode.SUSPENDED, "the operator suspended this account");
        }
        return RecoveryCopyView.of(stored.recoveryKey(), stored.copy());
    }
}
