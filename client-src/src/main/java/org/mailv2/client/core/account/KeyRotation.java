package org.mailv2.client.core.account;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import org.mailv2.client.core.keyring.KeyGeneration;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.keyring.KeyringStore;
import org.mailv2.client.core.keyring.OwnAccount;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.api.AddressRecordSubmission;
import org.mailv2.protocol.api.ApiClient;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.keys.KeyId;
import org.mailv2.protocol.resolver.AddressRecord;

/**
 * Replaces an account's signing and encryption keys. The new keys are saved in the vault before anything is
 * published (pending), so a rotation cut off anywhere is finished by running it again, with the same keys; then the
 * next record, signed by the old and the new signing key, goes to the resolver; then the vault makes the new keys
 * current and keeps the old ones, so every message sealed to them still opens. Correspondents take the new keys
 * through the old key's signature, however many rotations they missed (the resolver keeps the chain).
 */
public final class KeyRotation {
    /** What a rotation did: the published record, the key it replaced, and whether it finished an earlier run. */
    public record Rotated(AddressRecord record, KeyId previousKey, KeyId newKey, boolean resumed) {
    }

    /** Saves a change to the vault (merged with its newest state) and answers the keyring saved. */
    @FunctionalInterface
    public interface Vault {
        Keyring update(KeyringStore.Change change) throws IOException;
    }

    private final Vault vault;
    private final ApiClient resolver;
    private final Clock clock;
    private final SecureRandom random;

    public KeyRotation(Vault vault, ApiClient resolver, Clock clock, SecureRandom random) {
        this.vault = vault;
        this.resolver = resolver;
        this.clock = clock;
        this.random = random;
    }

    /**
     * Rotates the keys of {@code address}, an account of the vault.
     *
     * @throws ProtocolException {@code unknown_recipient} when the resolver holds no record for it, {@code bad_key}
     *     when the resolver's record holds neither the account's keys nor its pending ones (a resolver that lies gets
     *     nothing signed), {@code stale_serial} when the record changed meanwhile
     * @throws IOException when the resolver cannot be reached (the pending keys stay; run again)
     */
    public Rotated rotate(Address address) throws IOException {
        KeyGeneration fresh = KeyGeneration.generate(random);
        Keyring withPending = vault.update(k -> {
            OwnAccount a = account(k, address);
            return a.pendingKeys() != null ? k : k.replacingAccount(a.withPendingKeys(fresh));
        });
        OwnAccount me = account(withPending, address);
        KeyGeneration next = me.pendingKeys();
        boolean resumed = next != fresh;
        AddressRecord current = resolver.address(address.hash()).orElseThrow(() -> new ProtocolException(
                ErrorCode.UNKNOWN_RECIPIENT, address.display() + " has no record at the resolver"));
        if (!current.addressHash().matches(address.hash())) {
            throw new ProtocolException(ErrorCode.BAD_KEY, "the resolver answered for another address");
        }
        current.verifySelf();
        AddressRecord published;
        if (current.signingKey().equals(next.signingKey().publicKey())) {
            published = current; // published before the run that made these keys was cut off
        } else if (current.signingKey().equals(me.signingKey().publicKey())) {
            published = current.rotatedTo(me.signingKey(), next.signingKey(), next.encryptionIdentity().recipient());
            resolver.publish(new AddressRecordSubmission(published, null));
        } else {
            throw new ProtocolException(ErrorCode.BAD_KEY, "the resolver's record for " + address.display()
                    + " holds another key (" + current.signingKey().keyId().shortForm() + ") than this vault's");
        }
        KeyId previous = me.signingKey().keyId();
        vault.update(k -> {
            OwnAccount a = account(k, address);
            boolean stillPending = a.pendingKeys() != null
                    && a.pendingKeys().signingSecret().equals(next.signingSecret());
            return stillPending ? k.replacingAccount(a.rotated(clock.instant())) : k;
        });
        return new Rotated(published, previous, next.signingKey().keyId(), resumed);
    }

    private static OwnAccount account(Keyring keyring, Address address) {
        return keyring.account(address).orElseThrow(() -> new ProtocolException(ErrorCode.UNKNOWN_RECIPIENT,
                address.display() + " is not an account of this vault"));
    }
}
