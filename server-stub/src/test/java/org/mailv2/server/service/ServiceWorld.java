package org.mailv2.server.service;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.permit.PermitId;
import org.mailv2.protocol.pow.Stamp;
import org.mailv2.protocol.pow.StampHeader;
import org.mailv2.protocol.pow.StampSolver;
import org.mailv2.protocol.pow.StampVerifier;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.protocol.resolver.InMemoryResolver;
import org.mailv2.protocol.resolver.RecordRules;
import org.mailv2.protocol.resolver.RoutingRecord;
import org.mailv2.protocol.seal.Envelope;
import org.mailv2.protocol.seal.InnerMessage;
import org.mailv2.protocol.seal.MessageSealer;
import org.mailv2.protocol.seal.SealedMessage;
import org.mailv2.server.store.Account;
import org.mailv2.server.store.file.FileBlobStore;
import org.mailv2.server.store.sql.SqlDatabase;

/**
 * A server's services without HTTP, over the real SQLite store and blob folder, with users whose records live in an
 * in-memory resolver: local users are hosted here, remote users on an unreachable server. Few proof-of-work bits;
 * time is a {@link HandClock}.
 */
final class ServiceWorld implements AutoCloseable {
    static final int BITS = 4;
    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final SecureRandom RANDOM = new SecureRandom();

    final Path dir;
    final HandClock clock = new HandClock(T0);
    final SqlDatabase db;
    final FileBlobStore blobs;
    final InMemoryResolver resolver = new InMemoryResolver(new RecordRules(new StampVerifier(clock), BITS));
    final SigningPrivateKey serverKey = SigningPrivateKey.generate(RANDOM);
    final Sha256 here = RoutingRecord.create(serverKey, "https://here.example", Sha256.hash("cert"), 1).routingId();
    final RoutingRecord elsewhere;

    /** An account with its keys. */
    record User(Address address, SigningPrivateKey signing, EncryptionIdentity encryption, AddressRecord record) {
        Sha256 hash() {
            return address.hash();
        }
    }

    /** A sealed, signed copy not yet submitted. */
    record Sealed(Envelope envelope, byte[] summary, byte[] body) {
        InputStream content() {
            byte[] all = new byte[summary.length + body.length];
            System.arraycopy(summary, 0, all, 0, summary.length);
            System.arraycopy(body, 0, all, summary.length, body.length);
            return new ByteArrayInputStream(all);
        }

        long size() {
            return summary.length + body.length;
        }

        UUID messageId() {
            return UUID.fromString(envelope.messageId());
        }
    }

    ServiceWorld(Path dir) throws IOException {
        this.dir = dir;
        this.db = SqlDatabase.sqlite(dir.resolve("db"));
        this.blobs = new FileBlobStore(dir.resolve("blobs"));
        this.elsewhere = RoutingRecord.create(SigningPrivateKey.generate(RANDOM), "https://127.0.0.1:1",
                Sha256.hash("other cert"), 1);
        resolver.publish(elsewhere);
    }

    /** A user hosted here, with its record in the resolver and (as the server keeps it) in the database. */
    User local(String address, long quotaBytes) {
        User user = user(address, here);
        db.records().putAddress(user.record(), 0);
        db.accounts().create(new Account(user.hash(), clock.instant(), quotaBytes));
        return user;
    }

    /** A user hosted on another server. */
    User remote(String address) {
        return user(address, elsewhere.routingId());
    }

    User user(String address, Sha256 routing) {
        Address parsed = Address.parse(address);
        SigningPrivateKey signing = SigningPrivateKey.generate(RANDOM);
        EncryptionIdentity encryption = EncryptionIdentity.generate(RANDOM);
        AddressRecord record = AddressRecord.create(parsed.hash(), signing, encryption.recipient(), routing);
        resolver.publish(record, creationStamp(record));
        return new User(parsed, signing, encryption, record);
    }

    Stamp creationStamp(AddressRecord record) {
        return solve(record.creationStampHeader(BITS, today()));
    }

    /** A copy from {@code from} to {@code to} with a stamp of {@link #BITS} bits, or the permit when given. */
    Sealed seal(User from, User to, String text, PermitId permit) throws IOException {
        return seal(from, to, text, permit, BITS);
    }

    /** As above, with a stamp of {@code bits} bits. */
    Sealed seal(User from, User to, String text, PermitId permit, int bits) throws IOException {
        InnerMessage message = new InnerMessage(from.address(), null, List.of(to.address()), List.of(), List.of(),
                "subject", clock.instant(), UUID.randomUUID() + "@test", null, List.of(), null, text, List.of());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        SealedMessage sealed = new MessageSealer(from.signing().keyId(), RANDOM)
                .seal(message, to.address(), to.encryption().recipient(), body);
        Stamp stamp = permit != null ? null : solve(new StampHeader(bits, today(), from.hash(), to.hash(),
                sealed.envelope().digest()));
        return new Sealed(sealed.envelope().sign(from.signing(), stamp, permit), sealed.summaryCiphertext(),
                body.toByteArray());
    }

    Sealed seal(User from, User to, String text) throws IOException {
        return seal(from, to, text, null);
    }

    DeliveryService delivery(long maxMessageBytes, Consumer<Sha256> onStored) {
        return new DeliveryService(db, blobs, resolver, BITS, maxMessageBytes, clock, onStored);
    }

    /** Committed blobs in the blob folder (staging files not counted). */
    long blobFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("blobs"))) {
            return files.filter(p -> !p.getFileName().toString().startsWith(".")).count();
        }
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static Stamp solve(StampHeader header) {
        return new StampSolver(1).solve(header, RANDOM.nextLong() >>> 1, null);
    }

    @Override
    public void close() {
        db.close();
    }
}
