package org.mailv2.protocol.resolver;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.keys.KeyId;
import org.mailv2.protocol.keys.SigningPublicKey;

/**
 * Mail signed just before a rotation is still on its way after it: in the sender's outbox, in a relay's queue for up
 * to 72 hours. A replaced signing key therefore still signs envelopes for {@link #GRACE} after the rotation that
 * replaced it was published, and no longer: a key that leaked is what people rotate away from.
 */
public final class RetiredKeys {
    /** The relay's 72-hour retry window and a day. */
    public static final Duration GRACE = Duration.ofDays(4);

    private RetiredKeys() {
    }

    /**
     * The key with id {@code keyId}, when it is the current record's key, or an earlier key of the address from which
     * a chain of rotations leads to the current one and whose replacement was published less than {@link #GRACE}
     * before {@code at}.
     */
    public static Optional<SigningPublicKey> signing(KeyId keyId, AddressRecord current, List<KeyChange> changes,
                                                     Instant at) {
        if (current.signingKey().keyId().equals(keyId)) {
            return Optional.of(current.signingKey());
        }
        for (KeyChange change : changes) {
            SigningPublicKey key = change.record().signingKey();
            if (!key.keyId().equals(keyId)) {
                continue;
            }
            try {
                List<KeyChange> steps = KeyChain.walk(current.addressHash(), key, change.record().serial(), changes,
                        current);
                if (!steps.isEmpty() && at.isBefore(steps.get(0).publishedAt().plus(GRACE))) {
                    return Optional.of(key);
                }
            } catch (ProtocolException noChain) {
                // Not an ancestor of the current key: not this address's retired key.
            }
        }
        return Optional.empty();
    }
}
