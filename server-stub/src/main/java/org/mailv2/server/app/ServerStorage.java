package org.mailv2.server.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import org.mailv2.protocol.api.AddressRecordSubmission;
import org.mailv2.protocol.api.ApiClient;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.pow.StampVerifier;
import org.mailv2.protocol.resolver.RecordRules;
import org.mailv2.protocol.resolver.Resolver;
import org.mailv2.server.config.ServerConfig;
import org.mailv2.server.service.AccountService;
import org.mailv2.server.service.DeliveryService;
import org.mailv2.server.service.DeliveryStatusNotifier;
import org.mailv2.server.service.Postmaster;
import org.mailv2.server.service.RecordService;
import org.mailv2.server.service.UndeliverableNotice;
import org.mailv2.server.store.BlobStore;
import org.mailv2.server.store.Database;
import org.mailv2.server.store.file.FileBlobStore;
import org.mailv2.server.store.sql.SqlDatabase;

/**
 * A server's storage opened from its {@code config.yml} without starting the server: the database and the blob folder,
 * for the operator's commands. Safe beside a running server of the same directory: SQLite runs in WAL mode with a
 * busy timeout and serialises writers across processes; PostgreSQL is shared by design.
 */
public final class ServerStorage implements AutoCloseable {
    private final Path configFile;
    private final ServerConfig config;
    private final Database db;
    private final BlobStore blobs;

    private ServerStorage(Path configFile, ServerConfig config, Database db, BlobStore blobs) {
        this.configFile = configFile;
        this.config = config;
        this.db = db;
        this.blobs = blobs;
    }

    /**
     * @throws IOException when the config cannot be read or the blob folder cannot be created
     * @throws org.mailv2.server.store.StoreException when the database cannot be opened or migrated
     */
    public static ServerStorage open(Path configFile) throws IOException {
        Path file = configFile.toAbsolutePath();
        ServerConfig config = ServerConfig.load(file);
        Path dataDir = file.getParent().resolve(config.dataDir());
        Database db = openDatabase(config, file.getParent(), dataDir);
        try {
            return new ServerStorage(file, config, db, new FileBlobStore(dataDir.resolve("blobs")));
        } catch (IOException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    static Database openDatabase(ServerConfig config, Path dir, Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        if (config.database().kind().equals("sqlite")) {
            return SqlDatabase.sqlite(dataDir);
        }
        String password = config.database().passwordFile() == null ? ""
                : Files.readString(dir.resolve(config.database().passwordFile()), StandardCharsets.UTF_8).trim();
        return SqlDatabase.postgres(config.database().url(), config.database().user(), password);
    }

    public ServerConfig config() {
        return config;
    }

    public Database db() {
        return db;
    }

    public BlobStore blobs() {
        return blobs;
    }

    public SigningPrivateKey identityKey() throws IOException {
        return ServerIdentity.load(configFile.getParent().resolve(config.identityKey()));
    }

    public Sha256 routingId() throws IOException {
        return ServerIdentity.routingId(identityKey());
    }

    /**
     * The same delivery-status path the relay uses when it gives up: a sealed notice from the postmaster into the
     * sender's inbox. Reads the postmaster's keys (the server created them on its first start) and the sender's
     * record at the resolver (this database, or the configured remote resolver).
     */
    public UndeliverableNotice deliveryStatusNotice(Clock clock) throws IOException {
        Sha256 routingId = routingId();
        RecordService records = new RecordService(db, new RecordRules(new StampVerifier(clock),
                config.pow().accountBits()), clock);
        ApiClient remote = config.selfResolver() ? null : ApiClient.connect(config.resolver(),
                config.resolverPin() == null ? null : Sha256.parseHex(config.resolverPin()));
        Resolver resolver = remote == null ? records : remote;
        AccountService.RecordPublisher publisher = remote == null ? records::publish
                : (record, stamp) -> remote.publish(new AddressRecordSubmission(record, stamp));
        // New-mail events are the running server's: it sees the notice on its next poll of the database.
        DeliveryService delivery = new DeliveryService(db, blobs, resolver, config.pow().messageBits(),
                config.limits().maxMessageBytes(), clock, account -> { });
        Path dataDir = configFile.getParent().resolve(config.dataDir());
        Postmaster.Identity postmaster = Postmaster.ensure(dataDir.resolve("postmaster.key"), routingId, db,
                resolver, publisher, remote == null, config.pow().accountBits(), config.limits().quotaBytes(), clock,
                new SecureRandom());
        return new DeliveryStatusNotifier(postmaster, resolver, delivery, clock, new SecureRandom());
    }

    @Override
    public void close() {
        db.close();
    }
}
