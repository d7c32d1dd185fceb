package org.mailv2.protocol.resolver;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.keys.SigningPublicKey;

/**
 * The path of rotations from a key someone pinned to an address's current key. Each step is a rotation record whose
 * previous key is the key reached so far, signed by it and by its own new key, with a higher serial; the current
 * record must hold the key the last step reached. A resolver can leave steps out (the walk then fails) but cannot
 * add one: every step is checked against the key before it, starting from the pin.
 */
public final class KeyChain {
    /** The most key changes a chain may hold; far beyond any real account's rotations. */
    public static final int MAX_CHANGES = 1_000;

    private KeyChain() {
    }

    /**
     * @param addressHash the address the chain is for
     * @param pinned      the key the caller trusts, and the serial of the record it was pinned from
     * @param changes     the resolver's key changes of the address, in any order
     * @param current     the address's current record
     * @return the rotations from {@code pinned} to the current key, oldest first (empty when the current record
     *     holds the pinned key)
     * @throws ProtocolException {@code key_change_unsigned} when no chain of signatures leads from the pinned key to
     *     the current one, {@code bad_signature} when a step names another address or does not verify,
     *     {@code stale_serial} when the current record is older than the pin, {@code too_large} for an absurd chain
     */
    public static List<KeyChange> walk(Sha256 addressHash, SigningPublicKey pinned, long pinnedSerial,
                                       List<KeyChange> changes, AddressRecord current) {
        requireFor(addressHash, current);
        if (current.serial() < pinnedSerial) {
            throw new ProtocolException(ErrorCode.STALE_SERIAL, "the current record " + current.serial()
                    + " is older than the pinned " + pinnedSerial);
        }
        if (changes.size() > MAX_CHANGES) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "more than " + MAX_CHANGES + " key changes");
        }
        List<KeyChange> bySerial = new ArrayList<>(changes);
        bySerial.sort(Comparator.comparingLong(c -> c.record().serial()));
        SigningPublicKey reached = pinned;
        long serial = pinnedSerial;
        List<KeyChange> steps = new ArrayList<>();
        for (KeyChange change : bySerial) {
            AddressRecord r = change.record();
            if (reached.equals(current.signingKey()) && serial <= current.serial()) {
                break;
            }
            if (r.serial() <= serial || !reached.equals(r.previousSigningKey())) {
                continue;
            }
            requireFor(addressHash, r);
            reached = r.signingKey();
            serial = r.serial();
            steps.add(change);
        }
        if (!reached.equals(current.signingKey()) || serial > current.serial()) {
            throw new ProtocolException(ErrorCode.KEY_CHANGE_UNSIGNED, "no chain of rotations leads from the pinned"
                    + " key " + pinned.keyId().shortForm() + " to " + current.signingKey().keyId().shortForm());
        }
        return List.copyOf(steps);
    }

    private static void requireFor(Sha256 addressHash, AddressRecord record) {
        if (!record.addressHash().matches(addressHash)) {
            throw new ProtocolException(ErrorCode.BAD_SIGNATURE, "a record of another address");
        }
        record.verifySelf();
    }
}
