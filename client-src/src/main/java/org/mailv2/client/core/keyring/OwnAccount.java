package org.mailv2.client.core.keyring;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.SigningPrivateKey;

/**
 * One of the user's accounts as the vault holds it: the address, where it lives (server URL, certificate pin,
 * routing id), which resolver to ask, and the private keys. Only ever stored inside the encrypted vault.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OwnAccount(String address, String displayName, String serverUrl, Sha256 serverPin, Sha256 routingId,
                         String resolverUrl, Sha256 resolverPin, String signingSecret, String encryptionSecret,
                         Instant createdAt) {
    public Address parsedAddress() {
        return Address.parse(address);
    }

    public SigningPrivateKey signingKey() {
        return SigningPrivateKey.parseSecretText(signingSecret);
    }

    public EncryptionIdentity encryptionIdentity() {
        return EncryptionIdentity.parse(encryptionSecret);
    }

    /** The same account, its keys and address unchanged, living on another server: what a move changes. */
    public OwnAccount movedTo(String newServerUrl, Sha256 newServerPin, Sha256 newRoutingId) {
        return new OwnAccount(address, displayName, newServerUrl, newServerPin, newRoutingId, resolverUrl, resolverPin,
                signingSecret, encryptionSecret, createdAt);
    }

    @Override
    public String toString() {
        return "OwnAccount[" + address + " at " + serverUrl + "]";
    }
}
