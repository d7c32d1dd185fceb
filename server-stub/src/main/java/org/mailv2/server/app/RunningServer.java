package org.mailv2.server.app;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.mailv2.protocol.api.ApiClient;
import org.mailv2.protocol.api.ServerInfo;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.pow.StampVerifier;
import org.mailv2.protocol.resolver.RecordRules;
import org.mailv2.protocol.resolver.Resolver;
import org.mailv2.protocol.resolver.RoutingRecord;
import org.mailv2.server.config.ServerConfig;
import org.mailv2.server.http.HttpSettings;
import org.mailv2.server.http.MailServer;
import org.mailv2.server.http.Services;
import org.mailv2.server.metrics.MetricsEndpoint;
import org.mailv2.server.metrics.ServerMeters;
import org.mailv2.server.service.AccountRecords;
import org.mailv2.server.service.AccountService;
import org.mailv2.server.service.Authenticator;
import org.mailv2.server.service.DeliveryService;
import org.mailv2.server.service.HealthCheck;
import org.mailv2.server.service.Invitations;
import org.mailv2.server.service.ImportService;
import org.mailv2.server.service.MailboxService;
import org.mailv2.server.service.MoveService;
import org.mailv2.server.service.Postmaster;
import org.mailv2.server.service.DeliveryStatusNotifier;
import org.mailv2.server.service.DirectoryService;
import org.mailv2.server.service.NewMailEvents;
import org.mailv2.server.service.OutboxService;
import org.mailv2.server.service.PermitService;
import org.mailv2.server.service.RecordService;
import org.mailv2.server.service.RelayWorker;
import org.mailv2.server.service.ScreenerService;
import org.mailv2.server.store.BlobStore;
import org.mailv2.server.store.Database;
import org.mailv2.server.store.file.FileBlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A server assembled from its configuration directory and started: storage, services, HTTPS, routing record. */
public final class RunningServer implements AutoCloseable {
    public static final String VERSION = "0.1.0";
    private static final Logger LOG = LoggerFactory.getLogger(RunningServer.class);
    /** With a remote resolver: how old the copy of an account's record may be when a token is checked against it. */
    private static final Duration RECORD_MAX_AGE = Duration.ofMinutes(1);
    /** With a remote resolver: the least time between two fetches of one record after failed checks. */
    private static final Duration RECORD_REFRESH_GAP = Duration.ofSeconds(5);

    private final ServerConfig config;
    private final Database db;
    private final MailServer http;
    private final RelayWorker relay;
    private final NewMailEvents events;
    private final Sha256 routingId;
    private final Sha256 pin;
    private final String url;
    private final Invitations invitations;
    private final MetricsEndpoint metrics;

    private RunningServer(ServerConfig config, Database db, MailServer http, RelayWorker relay, NewMailEvents events,
                          Sha256 routingId, Sha256 pin, String url, Invitations invitations, MetricsEndpoint metrics) {
        this.metrics = metrics;
        this.events = events;
        this.config = config;
        this.db = db;
        this.http = http;
        this.relay = relay;
        this.routingId = routingId;
        this.pin = pin;
        this.url = url;
        this.invitations = invitations;
    }

    /** @throws IOException when a file is missing, the database cannot be opened, or the resolver refuses */
    public static RunningServer start(Path configFile, Clock clock) throws IOException {
        return start(configFile, clock, clock);
    }

    /**
     * As {@link #start(Path, Clock)}, with the clock that times the request limits' one-minute windows apart (tests
     * move it by hand instead of waiting for the next minute).
     */
    public static RunningServer start(Path configFile, Clock clock, Clock rateClock) throws IOException {
        return start(configFile, clock, rateClock, new StorageLayer() { });
    }

    /**
     * Wraps the storage a server opens before its services use it. Tests put a disk that fills up under a real server
     * with it; the defaults leave the storage as opened.
     */
    public interface StorageLayer {
        default BlobStore blobs(BlobStore opened) {
            return opened;
        }

        default Database database(Database opened) {
            return opened;
        }
    }

    /** As {@link #start(Path, Clock, Clock)}, over storage wrapped by {@code layer}. */
    public static RunningServer start(Path configFile, Clock clock, Clock rateClock, StorageLayer layer)
            throws IOException {
        Path dir = configFile.toAbsolutePath().getParent();
        ServerConfig config = ServerConfig.load(configFile);
        Path dataDir = dir.resolve(config.dataDir());
        SigningPrivateKey key = ServerIdentity.load(dir.resolve(config.identityKey()));
        Sha256 routingId = ServerIdentity.routingId(key);
        var tls = org.mailv2.server.tls.PemFiles.read(dir.resolve(config.tls().privateKey()),
                dir.resolve(config.tls().certificate()));
        Database db = layer.database(ServerStorage.openDatabase(config, dir, dataDir));
        try {
            BlobStore blobs = layer.blobs(new FileBlobStore(dataDir.resolve("blobs")));
            RecordService records = new RecordService(db, new RecordRules(new StampVerifier(clock),
                    config.pow().accountBits()), clock);
            ApiClient remoteResolver = config.selfResolver() ? null : ApiClient.connect(config.resolver(),
                    config.resolverPin() == null ? null : Sha256.parseHex(config.resolverPin()),
                    config.outgoing().resolver());
            Resolver resolver = config.selfResolver() ? records : remoteResolver;
            AccountService.RecordPublisher publisher = config.selfResolver() ? records::publish
                    : (record, stamp) -> remoteResolver.publish(
                            new org.mailv2.protocol.api.AddressRecordSubmission(record, stamp));
            Invitations invitations = new Invitations(key, routingId, db.invitations(), clock);
            AccountRecords accountRecords = new AccountRecords(db, remoteResolver,
                    new RecordRules(new StampVerifier(clock), config.pow().accountBits()), RECORD_MAX_AGE,
                    RECORD_REFRESH_GAP, clock);
            AccountService accounts = new AccountService(db, blobs, routingId, config.registration().equals("invite"),
                    invitations, config.pow().accountBits(), config.limits().quotaBytes(), publisher,
                    config.selfResolver(), resolver, clock);
            NewMailEvents events = new NewMailEvents(db, config.limits().eventStreamsPerAccount());
            ServerMeters meters = new ServerMeters(db, events, clock);
            DeliveryService delivery = new DeliveryService(db, blobs, resolver, config.pow().messageBits(),
                    config.limits().maxMessageBytes(), clock, events::stored, meters,
                    Duration.ofSeconds(config.relay().movedGraceSeconds()), routingId);
            Postmaster.Identity postmaster = Postmaster.ensure(dataDir.resolve("postmaster.key"), routingId, db,
                    resolver, publisher, config.selfResolver(), config.pow().accountBits(),
                    config.limits().quotaBytes(), clock, new SecureRandom());
            DeliveryStatusNotifier notifier = new DeliveryStatusNotifier(postmaster, resolver, delivery, clock,
                    new SecureRandom());
            RelayWorker relay = new RelayWorker(db, blobs, resolver,
                    Duration.ofHours(config.relay().retryWindowHours()),
                    Duration.ofSeconds(config.relay().leaseSeconds()), notifier, config.relay().workers(),
                    workerName(routingId), config.outgoing().relay(),
                    Duration.ofSeconds(config.relay().routeCacheSeconds()), clock);
            delivery.onForwarded(relay::wakeUp);
            delivery.onStoredElsewhere(events.changes()::changed);
            Services services = new Services(records, accounts, new Authenticator(db, accountRecords, routingId, clock,
                    Duration.ofSeconds(config.relay().movedGraceSeconds())), delivery,
                    new OutboxService(db, blobs, delivery, resolver, accountRecords, routingId, clock,
                            relay::wakeUp), new MailboxService(db, blobs, events.changes()),
                    new PermitService(db, clock), events, new DirectoryService(db, clock),
                    new ScreenerService(db, clock), new HealthCheck(db, blobs, clock),
                    new MoveService(db, routingId, config.registration().equals("invite"), invitations,
                            config.pow().accountBits(), config.limits().quotaBytes(), resolver,
                            config.selfResolver(), accountRecords, clock),
                    new ImportService(db, blobs, config.limits().maxMessageBytes(), clock),
                    new org.mailv2.server.service.RecoveryService(db, routingId, clock));
            ServerInfo info = new ServerInfo(VERSION, routingId, config.hostname(), config.registration(),
                    config.pow().accountBits(), config.pow().messageBits(), config.selfResolver(),
                    config.selfResolver() ? null : config.resolver(),
                    config.resolverPin() == null ? null : Sha256.parseHex(config.resolverPin()),
                    config.limits().maxMessageBytes(), 64 * 1024);
            HttpSettings settings = new HttpSettings(config.listen(), config.port(),
                    config.limits().idleTimeoutSeconds(), config.limits().minRequestBytesPerSecond(),
                    config.limits().requestsPerMinutePerIp(),
                    config.limits().requestsPerMinutePerAccount(), info);
            MailServer http = MailServer.create(settings, tls, services, clock, rateClock, meters::request).start();
            MetricsEndpoint metrics;
            try {
                metrics = config.metrics().enabled() ? MetricsEndpoint.start(config.metrics().port(), meters) : null;
            } catch (IOException | RuntimeException e) {
                http.close();
                throw e;
            }
            String url = config.effectivePublicUrl(http.port());
            RoutingRecord routing = RoutingRecord.create(key, url, tls.pin(), clock.instant().getEpochSecond());
            try {
                publishRouting(routing, records, remoteResolver, key);
            } catch (IOException | RuntimeException e) {
                http.close();
                if (metrics != null) {
                    metrics.close();
                }
                throw e;
            }
            relay.start();
            LOG.info("mailv2 server {} listening on {}:{}, routing id {}", VERSION, config.listen(), http.port(),
                    routingId.hex());
            return new RunningServer(config, db, http, relay, events, routingId, tls.pin(), url, invitations, metrics);
        } catch (IOException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * Publishes this server's routing record. The serial is the clock's second; a restart within the same second,
     * or a replica that published first, gets the next serial after the stored one.
     */
    /** Unique among live workers, also for replicas that share the routing id and run as pid 1 in containers. */
    private static String workerName(Sha256 routingId) {
        byte[] suffix = new byte[6];
        new SecureRandom().nextBytes(suffix);
        return routingId.hex().substring(0, 8) + "-" + ProcessHandle.current().pid() + "-"
                + java.util.HexFormat.of().formatHex(suffix);
    }

    private static void publishRouting(RoutingRecord routing, RecordService local, ApiClient remote,
                                       SigningPrivateKey key) throws IOException {
        Resolver resolver = remote == null ? local : remote;
        var stored = resolver.routing(routing.routingId());
        RoutingRecord record = routing;
        if (stored.isPresent()) {
            if (stored.get().url().equals(routing.url()) && stored.get().tlsCertSha256().matches(routing.tlsCertSha256())) {
                return;
            }
            if (stored.get().serial() >= routing.serial()) {
                record = RoutingRecord.create(key, routing.url(), routing.tlsCertSha256(), stored.get().serial() + 1);
            }
        }
        if (remote == null) {
            local.publish(record);
        } else {
            remote.publish(record);
        }
    }

    /** What the relay did since start (for operators and benchmarks). */
    public RelayWorker.Stats relayStats() {
        return relay.stats();
    }

    public int port() {
        return http.port();
    }

    /** The metrics listener's port on 127.0.0.1, or -1 when metrics are off. */
    public int metricsPort() {
        return metrics == null ? -1 : metrics.port();
    }

    public Sha256 routingId() {
        return routingId;
    }

    public Sha256 certificatePin() {
        return pin;
    }

    public String url() {
        return url;
    }

    public ServerConfig config() {
        return config;
    }

    /** An invitation for {@code addressHash}, valid for the configured number of days. */
    public String invite(Sha256 addressHash) {
        return invitations.issue(addressHash, Duration.ofDays(config.limits().invitationDays()));
    }

    /** Stops taking requests, then closes the database; in-flight requests finish first. */
    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
        http.close();
        relay.close();
        events.close();
        db.close();
        LOG.info("mailv2 server stopped");
    }
}
