package org.mailv2.client.core.keyring;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.SigningPrivateKey;

/**
 * One of the user's accounts as the vault holds it: the address, where it lives (server URL, certificate pin,
 * routing id), which resolver to ask, and the private keys — the current ones, those retired by rotations (oldest
 * first; they still open the mail sealed to them) and, while a rotation is being published, the next ones; and the
 * entropy of its recovery phrase, once one was made. Only ever stored inside the encrypted vault; vaults from before
 * key rotation and recovery phrases have none of these.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OwnAccount(String address, String displayName, String serverUrl, Sha256 serverPin, Sha256 routingId,
                         String resolverUrl, Sha256 resolverPin, String signingSecret, String encryptionSecret,
                         Instant createdAt,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) List<KeyGeneration> retiredKeys,
                         KeyGeneration pendingKeys, String recoveryEntropy, String recoveryCopyDigest) {
    public OwnAccount {
        retiredKeys = retiredKeys == null ? List.of() : List.copyOf(retiredKeys);
    }

    /** An account that never rotated its keys. */
    public OwnAccount(String address, String displayName, String serverUrl, Sha256 serverPin, Sha256 routingId,
                      String resolverUrl, Sha256 resolverPin, String signingSecret, String encryptionSecret,
                      Instant createdAt) {
        this(address, displayName, serverUrl, serverPin, routingId, resolverUrl, resolverPin, signingSecret,
                encryptionSecret, createdAt, List.of(), null, null, null);
    }

    public Address parsedAddress() {
        return Address.parse(address);
    }

    public SigningPrivateKey signingKey() {
        return SigningPrivateKey.parseSecretText(signingSecret);
    }

    public EncryptionIdentity encryptionIdentity() {
        return EncryptionIdentity.parse(encryptionSecret);
    }

    /** Every identity that may open mail to this account: the current one first, then the retired, newest first. */
    @JsonIgnore
    public List<EncryptionIdentity> encryptionIdentities() {
        List<EncryptionIdentity> all = new ArrayList<>(retiredKeys.size() + 1);
        all.add(encryptionIdentity());
        for (int i = retiredKeys.size() - 1; i >= 0; i--) {
            all.add(retiredKeys.get(i).encryptionIdentity());
        }
        return all;
    }

    /** The same account, its keys and address unchanged, living on another server: what a move changes. */
    public OwnAccount movedTo(String newServerUrl, Sha256 newServerPin, Sha256 newRoutingId) {
        return new OwnAccount(address, displayName, newServerUrl, newServerPin, newRoutingId, resolverUrl, resolverPin,
                signingSecret, encryptionSecret, createdAt, retiredKeys, pendingKeys, recoveryEntropy,
                recoveryCopyDigest);
    }

    /** The account with the next keys made and kept, before the rotation is published. */
    public OwnAccount withPendingKeys(KeyGeneration next) {
        return new OwnAccount(address, displayName, serverUrl, serverPin, routingId, resolverUrl, resolverPin,
                signingSecret, encryptionSecret, createdAt, retiredKeys, next, recoveryEntropy, recoveryCopyDigest);
    }

    /** The account after its pending keys were published: they are current, the previous ones retired at {@code at}. */
    public OwnAccount rotated(Instant at) {
        if (pendingKeys == null) {
            throw new IllegalStateException("no pending keys to rotate to");
        }
        List<KeyGeneration> retired = new ArrayList<>(retiredKeys);
        retired.add(new KeyGeneration(signingSecret, encryptionSecret, at));
        return new OwnAccount(address, displayName, serverUrl, serverPin, routingId, resolverUrl, resolverPin,
                pendingKeys.signingSecret(), pendingKeys.encryptionSecret(), createdAt, retired, null, recoveryEntropy,
                recoveryCopyDigest);
    }

    /**
     * The account with a recovery phrase's entropy (hex; the phrase is made from it when shown) and the digest of the
     * recovery copy last stored at its server (null: none stored yet, or it changed since).
     */
    public OwnAccount withRecovery(String entropy, String copyDigest) {
        return new OwnAccount(address, displayName, serverUrl, serverPin, routingId, resolverUrl, resolverPin,
                signingSecret, encryptionSecret, createdAt, retiredKeys, pendingKeys, entropy, copyDigest);
    }

    @Override
    public String toString() {
        return "OwnAccount[" + address + " at " + serverUrl + "]";
    }
}
