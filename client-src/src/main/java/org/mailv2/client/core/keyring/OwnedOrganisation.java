package org.mailv2.client.core.keyring;

import org.mailv2.protocol.keys.SigningPrivateKey;

/** An organisation the user created: its name, title and key (which signs members' invitations). */
public record OwnedOrganisation(String name, String title, String keySecret) {
    public SigningPrivateKey key() {
        return SigningPrivateKey.parseSecretText(keySecret);
    }

    @Override
    public String toString() {
        return "OwnedOrganisation[" + name + "]";
    }
}
