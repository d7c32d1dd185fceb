package org.mailv2.server.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.resolver.RoutingRecord;
import org.mailv2.server.tls.PemFiles;

/** The server's Ed25519 identity, kept in one owner-only file; its public key's hash is the routing id. */
public final class ServerIdentity {
    private ServerIdentity() {
    }

    public static SigningPrivateKey create(Path file, SecureRandom random) throws IOException {
        SigningPrivateKey key = SigningPrivateKey.generate(random);
        PemFiles.writePrivate(file, key.secretText() + "\n");
        return key;
    }

    /** @throws IOException when the file is missing or does not hold a key */
    public static SigningPrivateKey load(Path file) throws IOException {
        try {
            return SigningPrivateKey.parseSecretText(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (RuntimeException e) {
            throw new IOException(file + " does not hold a server identity key", e);
        }
    }

    public static Sha256 routingId(SigningPrivateKey key) {
        return RoutingRecord.routingIdOf(key.publicKey());
    }
}
