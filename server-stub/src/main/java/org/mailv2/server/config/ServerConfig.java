package org.mailv2.server.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A server's configuration, read from {@code config.yml}. Every option has a default; relative paths are resolved
 * against the directory of the file. {@link ConfigTemplate} writes the commented file.
 */
public record ServerConfig(String hostname, String listen, Integer port, String publicUrl, String dataDir,
                           Tls tls, String identityKey, String resolver, String resolverPin, String registration,
                           Pow pow, Limits limits, Database database, Relay relay, Metrics metrics) {
    public record Tls(String certificate, String privateKey) {
        public Tls {
            certificate = certificate == null ? "server.crt" : certificate;
            privateKey = privateKey == null ? "server.key" : privateKey;
        }
    }

    public record Pow(Integer accountBits, Integer messageBits) {
        public Pow {
            accountBits = bits(accountBits, 26);
            messageBits = bits(messageBits, 24);
        }
    }

    public record Limits(Long maxMessageBytes, Long quotaBytes, Integer requestsPerMinutePerAccount,
                         Integer requestsPerMinutePerIp, Integer idleTimeoutSeconds, Integer invitationDays,
                         Integer eventStreamsPerAccount, Integer minRequestBytesPerSecond) {
        public Limits {
            maxMessageBytes = positive(maxMessageBytes, 128L << 20);
            quotaBytes = positive(quotaBytes, 10L << 30);
            requestsPerMinutePerAccount = positive(requestsPerMinutePerAccount, 600);
            requestsPerMinutePerIp = positive(requestsPerMinutePerIp, 1200);
            idleTimeoutSeconds = positive(idleTimeoutSeconds, 60);
            invitationDays = positive(invitationDays, 14);
            eventStreamsPerAccount = positive(eventStreamsPerAccount, 8);
            minRequestBytesPerSecond = positive(minRequestBytesPerSecond, 256);
        }
    }

    public record Database(String kind, String url, String user, String passwordFile) {
        public Database {
            kind = kind == null ? "sqlite" : kind.toLowerCase(Locale.ROOT);
            if (!kind.equals("sqlite") && !kind.equals("postgresql")) {
                throw new IllegalArgumentException("database.kind is sqlite or postgresql");
            }
            if (kind.equals("postgresql") && (url == null || !url.startsWith("jdbc:postgresql:"))) {
                throw new IllegalArgumentException("database.url must be a jdbc:postgresql: URL");
            }
        }
    }

    public record Relay(Integer retryWindowHours, Integer workers, Integer leaseSeconds) {
        public Relay {
            retryWindowHours = positive(retryWindowHours, 72);
            workers = positive(workers, 2);
            leaseSeconds = positive(leaseSeconds, 300);
        }
    }

    /**
     * The Prometheus listener: plain HTTP on 127.0.0.1 only, off while {@code port} is absent (0 picks a free port,
     * for tests).
     */
    public record Metrics(Integer port) {
        public Metrics {
            if (port != null && (port < 0 || port > 65535)) {
                throw new IllegalArgumentException("metrics.port is 0..65535");
            }
        }

        public boolean enabled() {
            return port != null;
        }
    }

    public ServerConfig {
        if (hostname == null || hostname.isBlank()) {
            throw new IllegalArgumentException("hostname is required");
        }
        listen = listen == null ? "0.0.0.0" : listen;
        port = port == null ? 2424 : port;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port is 0..65535");
        }
        dataDir = dataDir == null ? "." : dataDir;
        tls = tls == null ? new Tls(null, null) : tls;
        identityKey = identityKey == null ? "server-identity.key" : identityKey;
        resolver = resolver == null ? "self" : resolver;
        if (!resolver.equals("self") && !resolver.startsWith("https://")) {
            throw new IllegalArgumentException("resolver is 'self' or an https URL");
        }
        registration = registration == null ? "open" : registration.toLowerCase(Locale.ROOT);
        if (!registration.equals("open") && !registration.equals("invite")) {
            throw new IllegalArgumentException("registration is 'open' or 'invite'");
        }
        pow = pow == null ? new Pow(null, null) : pow;
        limits = limits == null ? new Limits(null, null, null, null, null, null, null, null) : limits;
        database = database == null ? new Database(null, null, null, null) : database;
        relay = relay == null ? new Relay(null, null, null) : relay;
        metrics = metrics == null ? new Metrics(null) : metrics;
    }

    /** @throws IOException when the file cannot be read; IllegalArgumentException when an option is invalid */
    public static ServerConfig load(Path file) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return yaml.readValue(Files.readAllBytes(file), ServerConfig.class);
    }

    public boolean selfResolver() {
        return resolver.equals("self");
    }

    /** The URL the routing record publishes. */
    public String effectivePublicUrl(int boundPort) {
        return publicUrl != null ? publicUrl : "https://" + hostname + ":" + boundPort;
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(hostname, listen, newPort, publicUrl, dataDir, tls, identityKey, resolver, resolverPin,
                registration, pow, limits, database, relay, metrics);
    }

    private static Integer bits(Integer value, int fallback) {
        int v = value == null ? fallback : value;
        if (v < 0 || v > 40) {
            throw new IllegalArgumentException("proof-of-work bits are 0..40");
        }
        return v;
    }

    private static Integer positive(Integer value, int fallback) {
        if (value != null && value <= 0) {
            throw new IllegalArgumentException("limits are positive");
        }
        return value == null ? fallback : value;
    }

    private static Long positive(Long value, long fallback) {
        if (value != null && value <= 0) {
            throw new IllegalArgumentException("limits are positive");
        }
        return value == null ? fallback : value;
    }
}
