package org.mailv2.protocol.seal;

import java.security.SecureRandom;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.SigningPrivateKey;

/** A test correspondent: an address with its two key pairs. */
record Party(Address address, SigningPrivateKey signing, EncryptionIdentity encryption) {
    static Party named(String address, SecureRandom random) {
        return new Party(Address.parse(address), SigningPrivateKey.generate(random),
                EncryptionIdentity.generate(random));
    }

    MessageSealer sealer(SecureRandom random) {
        return new MessageSealer(signing.keyId(), random);
    }

    MessageOpener opener() {
        return new MessageOpener(address, encryption);
    }
}
