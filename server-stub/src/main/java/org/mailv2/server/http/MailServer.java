package org.mailv2.server.http;

import io.javalin.Javalin;
import java.security.SecureRandom;
import java.time.Clock;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.mailv2.protocol.api.ApiException;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.server.tls.TlsCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS server: TLS 1.3 and 1.2 only, no plain-HTTP connector, one log line per request (route pattern, status,
 * time; no ids, no addresses, no tokens), every failure as a problem document.
 */
public final class MailServer implements AutoCloseable {
    /** The JDK's own refusal of client-initiated renegotiation; see {@link #refuseClientRenegotiation()}. */
    public static final String REJECT_CLIENT_RENEGOTIATION = "jdk.tls.rejectClientInitiatedRenegotiation";

    /**
     * Makes the JDK refuse a TLS 1.2 client's renegotiation with a {@code handshake_failure} alert: each renegotiation
     * would cost the server a full handshake for nothing (a denial-of-service lever; testssl's
     * {@code secure_client_renego}). Refused where the handshake happens, in the JDK: Jetty's
     * {@code setRenegotiationAllowed(false)} only closes the connection quietly, which a client cannot tell from a
     * renegotiation that went through. Read when the JDK first handles a handshake: the process sets it before it
     * serves anything ({@code ServerCli.main}); this repeats it for an embedded server.
     */
    public static void refuseClientRenegotiation() {
        System.setProperty(REJECT_CLIENT_RENEGOTIATION, "true");
    }

    static {
        refuseClientRenegotiation();
    }

    private static final Logger LOG = LoggerFactory.getLogger(MailServer.class);
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private static final String[] TLS12_SUITES = {
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256"};

    private final Javalin app;
    private final ServerConnector[] connector = new ServerConnector[1];
    private final EventStreamRoute eventStream;

    MailServer(String listen, int port, int idleTimeoutSeconds, int minRequestBytesPerSecond, TlsCredentials tls,
               PublicRoutes publicRoutes,
               AccountRoutes accountRoutes, MoveRoutes moveRoutes, EventStreamRoute eventStream, HealthRoute health,
               RateLimiter perIp, RequestTimer timer) {
        this.eventStream = eventStream;
        // The key store lives only in memory; its password only has to exist.
        char[] password = java.util.HexFormat.of().formatHex(randomBytes()).toCharArray();
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = org.mailv2.protocol.json.Json.MAX_DOCUMENT_BYTES;
            // Ciphertext does not compress, and compressing answers next to secrets invites CRIME-style attacks.
            config.http.compressionStrategy = io.javalin.compression.CompressionStrategy.NONE;
            config.jetty.modifyServer(server -> server.setErrorHandler(new JettyProblems()));
            config.jetty.addConnector((server, http) -> {
                SslContextFactory.Server ssl = new SslContextFactory.Server();
                ssl.setKeyStore(tls.keyStore(password));
                ssl.setKeyStorePassword(new String(password));
                ssl.setIncludeProtocols(PROTOCOLS);
                ssl.setIncludeCipherSuites(TLS12_SUITES);
                ssl.setSniRequired(false);
                HttpConfiguration https = new HttpConfiguration(http);
                // Slow bodies: the idle timeout alone lets a byte every few seconds hold a thread for hours.
                https.setMinRequestDataRate(minRequestBytesPerSecond);
                SecureRequestCustomizer secure = new SecureRequestCustomizer();
                secure.setSniHostCheck(false);
                https.addCustomizer(secure);
                ServerConnector c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                        new HttpConnectionFactory(https));
                c.setHost(listen);
                c.setPort(port);
                c.setIdleTimeout(idleTimeoutSeconds * 1000L);
                connector[0] = c;
                return c;
            });
            config.requestLogger.http((ctx, ms) -> {
                String route = ctx.endpoint() == null ? null : ctx.endpoint().path;
                LOG.info("{} {} {} {}ms", ctx.method(), route == null ? "(no route)" : route, ctx.status().getCode(),
                        Math.round(ms));
                timer.request(ctx.method().name(), route, ctx.status().getCode(), ms);
            });
            config.routes.before(ctx -> {
                if (!ctx.path().equals(HealthRoute.PATH)) {
                    perIp.acquire(ctx.ip());
                }
            });
            health.register(config.routes);
            publicRoutes.register(config.routes);
            accountRoutes.register(config.routes);
            moveRoutes.register(config.routes);
            eventStream.register(config.routes);
            config.routes.exception(ProtocolException.class, Problems::protocol);
            config.routes.exception(ApiException.class, Problems::upstream);
            config.routes.exception(io.javalin.http.HttpResponseException.class, Problems::framework);
            config.routes.exception(Exception.class, Problems::unexpected);
            config.routes.error(404, ctx -> {
                if (ctx.endpoint() == null) {
                    Problems.write(ctx, ErrorCode.UNKNOWN_RECIPIENT, "no such endpoint", null);
                }
            });
            config.routes.error(405, ctx -> Problems.write(ctx, ErrorCode.MALFORMED, "method not allowed", null));
        });
    }

    /** A server over {@code services}; not started. */
    public static MailServer create(HttpSettings settings, TlsCredentials tls, Services services, Clock clock) {
        return create(settings, tls, services, clock, clock);
    }

    /**
     * As {@link #create(HttpSettings, TlsCredentials, Services, Clock)}, with the clock that times the rate limits'
     * one-minute windows apart: tests move it by hand to open the next window without waiting a minute.
     */
    public static MailServer create(HttpSettings settings, TlsCredentials tls, Services services, Clock clock,
                                    Clock rateClock) {
        return create(settings, tls, services, clock, rateClock, RequestTimer.NONE);
    }

    /** As above, telling {@code timer} how long each request took. */
    public static MailServer create(HttpSettings settings, TlsCredentials tls, Services services, Clock clock,
                                    Clock rateClock, RequestTimer timer) {
        PublicRoutes publicRoutes = new PublicRoutes(settings.info(), services.records(), services.accounts(),
                services.delivery(), services.directory(), services.recovery());
        AccountRoutes accountRoutes = new AccountRoutes(services.auth(), services.accounts(),
                new RateLimiter(settings.requestsPerMinutePerAccount(), rateClock), services.outbox(),
                services.mailboxes(), services.permits(), services.directory(), services.screener(),
                services.recovery());
        EventStreamRoute eventStream = new EventStreamRoute(services.events(), accountRoutes::account);
        MoveRoutes moveRoutes = new MoveRoutes(services.moves(), services.imports(), accountRoutes::account);
        return new MailServer(settings.listen(), settings.port(), settings.idleTimeoutSeconds(),
                settings.minRequestBytesPerSecond(), tls, publicRoutes,
                accountRoutes, moveRoutes, eventStream, new HealthRoute(services.health()),
                new RateLimiter(settings.requestsPerMinutePerIp(), rateClock), timer);
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return b;
    }

    public MailServer start() {
        app.start();
        return this;
    }

    /** The port actually bound (useful with port 0 in tests). */
    public int port() {
        return connector[0].getLocalPort();
    }

    @Override
    public void close() {
        eventStream.close();
        app.stop();
    }

}
