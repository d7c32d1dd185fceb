package org.mailv2.server.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.server.config.ConfigTemplate;
import org.mailv2.server.tls.SelfSignedCertificate;
import org.mailv2.server.tls.TlsCredentials;

/**
 * Creates a server directory: {@code config.yml} (commented, every option), a self-signed certificate for the
 * hostname, {@code localhost} and {@code 127.0.0.1}, and the server's Ed25519 identity.
 */
public final class ServerInit {
    /** What a new server is known by. */
    public record Created(Path config, Sha256 routingId, Sha256 certificatePin) {
    }

    private ServerInit() {
    }

    /** @throws IOException when {@code dir} already holds a server or cannot be written */
    public static Created init(Path dir, String hostname, int port, String resolver, String resolverPin,
                               String registration, int powAccountBits, int powMessageBits, Clock clock,
                               SecureRandom random)
            throws IOException {
        return init(dir, hostname, port, resolver, resolverPin, registration, powAccountBits, powMessageBits, null,
                clock, random);
    }

    /**
     * As above, with metrics on at {@code metricsPort} (null: off).
     *
     * @throws IOException when {@code dir} already holds a server or cannot be written
     */
    public static Created init(Path dir, String hostname, int port, String resolver, String resolverPin,
                               String registration, int powAccountBits, int powMessageBits, Integer metricsPort,
                               Clock clock, SecureRandom random)
            throws IOException {
        Files.createDirectories(dir);
        Path config = dir.resolve("config.yml");
        if (Files.exists(config)) {
            throw new IOException(config + " exists already; refusing to overwrite a server");
        }
        SigningPrivateKey identity = ServerIdentity.create(dir.resolve("server-identity.key"), random);
        TlsCredentials tls = SelfSignedCertificate.writeTo(dir, hostname, clock, random);
        Files.writeString(config, ConfigTemplate.render(hostname, port, resolver, resolverPin, registration,
                powAccountBits, powMessageBits, metricsPort), StandardCharsets.UTF_8);
        return new Created(config, ServerIdentity.routingId(identity), tls.pin());
    }
}
