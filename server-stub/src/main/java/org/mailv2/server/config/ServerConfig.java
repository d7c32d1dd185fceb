package org.mailv2.server.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import okhttp3.HttpUrl;
import org.mailv2.protocol.api.Timeouts;

/**
 * A server's configuration, read from {@code config.yml}. Every option has a default; relative paths are resolved
 * against the directory of the file. {@link ConfigTemplate} writes the commented file.
 */
public record ServerConfig(String hostname, String listen, Integer port, String publicUrl, String dataDir,
                           Tls tls, String identityKey, String resolver, String resolverPin, String registration,
                           Pow pow, Limits limits, Database database, Relay relay, Metrics metrics,
                           Outgoing outgoing) {
    /** Unknown options and options given twice are refused: a typo must not silently leave a default in force. */
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

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

    /**
     * The relay queue. {@code routeCacheSeconds}: how long the relay uses a recipient's routing without asking the
     * resolver again (a {@code moved} answer drops it at once). {@code movedGraceSeconds}: how long after an account
     * moved away this server forwards its mail to the new server before refusing it with {@code moved}.
     */
    public record Relay(Integer retryWindowHours, Integer workers, Integer leaseSeconds, Integer routeCacheSeconds,
                        Integer movedGraceSeconds) {
        public Relay {
            retryWindowHours = positive(retryWindowHours, 72);
            workers = positive(workers, 2);
            leaseSeconds = positive(leaseSeconds, 300);
            routeCacheSeconds = positive(routeCacheSeconds, 300);
            movedGraceSeconds = positive(movedGraceSeconds, 30 * 24 * 3600);
        }
    }

    /**
     * How long this server waits for the servers it calls (the relay's recipients, a remote resolver): to connect,
     * for each read, and for a whole call to a relay target or to the resolver (what bounds a neighbour that answers
     * a byte at a time). The relay's call limit also bounds the upload of one body: 600 s passes 128 MiB at 220 KB/s.
     */
    public record Outgoing(Integer connectTimeoutSeconds, Integer readTimeoutSeconds, Integer relayCallTimeoutSeconds,
                           Integer resolverCallTimeoutSeconds) {
        public Outgoing {
            connectTimeoutSeconds = positive(connectTimeoutSeconds, 10);
            readTimeoutSeconds = positive(readTimeoutSeconds, 30);
            relayCallTimeoutSeconds = positive(relayCallTimeoutSeconds, 600);
            resolverCallTimeoutSeconds = positive(resolverCallTimeoutSeconds, 30);
            if (relayCallTimeoutSeconds < readTimeoutSeconds || resolverCallTimeoutSeconds < readTimeoutSeconds) {
                throw new IllegalArgumentException("outgoing: the call timeouts are at least readTimeoutSeconds");
            }
        }

        public Timeouts relay() {
            return timeouts(relayCallTimeoutSeconds);
        }

        public Timeouts resolver() {
            return timeouts(resolverCallTimeoutSeconds);
        }

        private Timeouts timeouts(int callSeconds) {
            return new Timeouts(Duration.ofSeconds(connectTimeoutSeconds), Duration.ofSeconds(readTimeoutSeconds),
                    Duration.ofSeconds(callSeconds));
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
        if (!resolver.equals("self") && !isHttpsUrl(resolver)) {
            throw new IllegalArgumentException("resolver is 'self' or an https URL");
        }
        if (publicUrl != null && !isHttpsUrl(publicUrl)) {
            throw new IllegalArgumentException("publicUrl is an https URL (https://host[:port][/path])");
        }
        if (publicUrl == null && !isHttpsUrl("https://" + hostname + ":443")) {
            throw new IllegalArgumentException("hostname is a host name (it makes the URL https://<hostname>:<port>)");
        }
        if (resolverPin != null && !resolverPin.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("resolverPin is the resolver certificate's SHA-256, 64 lowercase hex"
                    + " digits");
        }
        registration = registration == null ? "open" : registration.toLowerCase(Locale.ROOT);
        if (!registration.equals("open") && !registration.equals("invite")) {
            throw new IllegalArgumentException("registration is 'open' or 'invite'");
        }
        pow = pow == null ? new Pow(null, null) : pow;
        limits = limits == null ? new Limits(null, null, null, null, null, null, null, null) : limits;
        database = database == null ? new Database(null, null, null, null) : database;
        relay = relay == null ? new Relay(null, null, null, null, null) : relay;
        metrics = metrics == null ? new Metrics(null) : metrics;
        outgoing = outgoing == null ? new Outgoing(null, null, null, null) : outgoing;
    }

    /**
     * @throws ConfigException when the file is not valid YAML or an option is unknown, mistyped or invalid
     * @throws IOException when the file cannot be read
     */
    public static ServerConfig load(Path file) throws IOException {
        try {
            return parse(Files.readAllBytes(file));
        } catch (ConfigException e) {
            throw new ConfigException(file + ": " + e.getMessage(), e.getCause());
        }
    }

    /**
     * Reads a configuration from the text of a {@code config.yml}.
     *
     * @throws ConfigException when the text is not valid YAML, or an option is unknown, mistyped or invalid
     */
    public static ServerConfig parse(byte[] yamlText) throws ConfigException {
        ServerConfig config;
        try {
            config = YAML.readValue(yamlText, ServerConfig.class);
        } catch (ValueInstantiationException e) {
            // An option the records' constructors refused: their message names it.
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ConfigException(cause.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigException("unreadable: " + e.getMessage(), e);
        }
        if (config == null) {
            throw new ConfigException("hostname is required (the file is empty)");
        }
        return config;
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
                registration, pow, limits, database, relay, metrics, outgoing);
    }

    /**
     * https, a host, an optional port and path; no user info, query or fragment: what a routing record takes, and
     * what the HTTPS client parses too (it also refuses, e.g., a host label over 63 characters).
     */
    private static boolean isHttpsUrl(String url) {
        if (url.length() > 2048 || HttpUrl.parse(url) == null) {
            return false;
        }
        try {
            URI uri = new URI(url);
            return "https".equals(uri.getScheme()) && uri.getHost() != null && uri.getRawUserInfo() == null
                    && uri.getRawQuery() == null && uri.getRawFragment() == null
                    && (uri.getRawPath() == null || !uri.getRawPath().contains(".."));
        } catch (URISyntaxException e) {
            return false;
        }
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
