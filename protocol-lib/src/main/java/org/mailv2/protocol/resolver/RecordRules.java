package org.mailv2.protocol.resolver;

import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.pow.Stamp;
import org.mailv2.protocol.pow.StampVerifier;

/**
 * The rules a resolver applies before it stores a record: the record verifies on its own; a first record pays proof
 * of work; a later one has a larger serial and, when the signing key changes, is signed by the stored key.
 */
public final class RecordRules {
    private final StampVerifier stamps;
    private final int creationBits;

    public RecordRules(StampVerifier stamps, int creationBits) {
        this.stamps = stamps;
        this.creationBits = creationBits;
    }

    /**
     * @param stored the record the resolver holds for this address, or null for a first record
     * @param creationStamp required when {@code stored} is null, ignored otherwise
     * @throws ProtocolException {@code bad_signature}, {@code pow_required}, {@code pow_invalid},
     *     {@code stamp_expired}, {@code stale_serial} or {@code key_change_unsigned}
     */
    public void checkAddress(AddressRecord stored, AddressRecord incoming, Stamp creationStamp) {
        incoming.verifySelf();
        if (stored == null) {
            requireCreationStamp(creationStamp);
            stamps.verify(creationStamp, incoming.addressHash(), incoming.addressHash(), incoming.digest(),
                    creationBits);
            if (incoming.previousSigningKey() != null) {
                throw new ProtocolException(ErrorCode.KEY_CHANGE_UNSIGNED, "a first record cannot be a rotation");
            }
            return;
        }
        requireSameSubject(stored.addressHash().matches(incoming.addressHash()));
        requireGrowingSerial(stored.serial(), incoming.serial());
        if (!stored.signingKey().equals(incoming.signingKey())) {
            if (!stored.signingKey().equals(incoming.previousSigningKey())) {
                throw new ProtocolException(ErrorCode.KEY_CHANGE_UNSIGNED,
                        "a new signing key must be signed by the current one");
            }
        }
    }

    /** @throws ProtocolException as {@link #checkAddress}, for organisation records */
    public void checkOrganisation(OrganisationRecord stored, OrganisationRecord incoming, Stamp creationStamp) {
        incoming.verifySelf();
        if (stored == null) {
            requireCreationStamp(creationStamp);
            stamps.verify(creationStamp, incoming.organisationHash(), incoming.organisationHash(), incoming.digest(),
                    creationBits);
            return;
        }
        requireSameSubject(stored.organisationHash().matches(incoming.organisationHash()));
        requireGrowingSerial(stored.serial(), incoming.serial());
        if (!stored.organisationKey().equals(incoming.organisationKey())) {
            throw new ProtocolException(ErrorCode.KEY_CHANGE_UNSIGNED, "an organisation key cannot be replaced");
        }
    }

    /** Routing records are self-certifying (the id is the key's hash), so they need no proof of work. */
    public void checkRouting(RoutingRecord stored, RoutingRecord incoming) {
        incoming.verifySelf();
        if (stored != null) {
            requireSameSubject(stored.routingId().matches(incoming.routingId()));
            requireGrowingSerial(stored.serial(), incoming.serial());
        }
    }

    private static void requireCreationStamp(Stamp stamp) {
        if (stamp == null) {
            throw new ProtocolException(ErrorCode.POW_REQUIRED, "a first record needs a proof-of-work stamp");
        }
    }

    private static void requireSameSubject(boolean same) {
        if (!same) {
            throw new ProtocolException(ErrorCode.MALFORMED, "record is for another subject");
        }
    }

    private static void requireGrowingSerial(long stored, long incoming) {
        if (incoming <= stored) {
            throw new ProtocolException(ErrorCode.STALE_SERIAL, "serial " + incoming + " does not exceed " + stored);
        }
    }
}
