package org.mailv2.server.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.pow.Stamp;
import org.mailv2.protocol.pow.StampSolver;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.protocol.resolver.Resolver;
import org.mailv2.server.store.Account;
import org.mailv2.server.store.Database;

/**
 * The server's own mail account, {@code postmaster-<routing id prefix>!}, through which it writes to its users
 * (delivery-status messages). It is an ordinary account with an ordinary resolver record, so clients verify its mail
 * like anyone's. Its keys live in {@code postmaster.key} in the data directory (shared by replicas).
 */
public final class Postmaster {
    /** A postmaster's identity: its address and its two keys. */
    public record Identity(Address address, SigningPrivateKey signing, EncryptionIdentity encryption) {
    }

    private Postmaster() {
    }

    public static Address addressOf(Sha256 routingId) {
        return org.mailv2.protocol.seal.DeliveryStatus.postmaster(routingId);
    }

    /**
     * Loads the postmaster's keys, creating them (and registering the account, paying its proof of work) on the
     * server's first start.
     *
     * @throws IllegalStateException when the resolver (or this server's copy) holds a postmaster record with other
     *     keys than {@code keyFile}: its mail would fail verification, or come from whoever holds those keys
     */
    public static Identity ensure(Path keyFile, Sha256 routingId, Database db, Resolver resolver,
                                  AccountService.RecordPublisher publisher, boolean publisherIsLocal, int accountBits,
                                  long quotaBytes, Clock clock, SecureRandom random) throws IOException {
        Identity identity = loadOrCreate(keyFile, addressOf(routingId), random);
        Sha256 hash = identity.address().hash();
        AddressRecord record = resolver.address(hash).orElse(null);
        if (record != null) {
            requireOwn(record, identity);
        }
        if (db.accounts().find(hash).isPresent()) {
            db.records().address(hash).ifPresent(copy -> requireOwn(copy, identity));
            return identity;
        }
        if (record == null) {
            record = AddressRecord.create(hash, identity.signing(), identity.encryption().recipient(), routingId);
            Stamp stamp = new StampSolver(Runtime.getRuntime().availableProcessors())
                    .solve(record.creationStampHeader(accountBits, LocalDate.now(clock.withZone(ZoneOffset.UTC))),
                            random.nextLong() >>> 1, null);
            try {
                publisher.publishFirst(record, stamp);
            } catch (ProtocolException e) {
                // A replica starting at the same time published it first.
                if (e.code() != ErrorCode.STALE_SERIAL) {
                    throw e;
                }
                record = resolver.address(hash).orElseThrow(() -> e);
                requireOwn(record, identity);
            }
        }
        AddressRecord published = record;
        db.inTransaction(() -> {
            if (!publisherIsLocal && db.records().address(hash).isEmpty()) {
                db.records().putAddress(published, 0);
            }
            db.accounts().create(new Account(hash, clock.instant(), quotaBytes));
            return null;
        });
        return identity;
    }

    private static void requireOwn(AddressRecord record, Identity identity) {
        if (!record.signingKey().equals(identity.signing().publicKey())
                || !record.encryptionKey().equals(identity.encryption().recipient())) {
            throw new IllegalStateException("the resolver holds a record for the postmaster address "
                    + identity.address().display() + " with another key (key id " + record.signingKey().keyId()
                    + ", ours " + identity.signing().keyId() + "); refusing to adopt it. Restore the postmaster.key"
                    + " that matches it; if that is lost, someone else may hold the address.");
        }
    }

    private static Identity loadOrCreate(Path file, Address address, SecureRandom random) throws IOException {
        if (!Files.exists(file)) {
            SigningPrivateKey signing = SigningPrivateKey.generate(random);
            EncryptionIdentity encryption = EncryptionIdentity.generate(random);
            String content = signing.secretText() + "\n" + encryption.secretText() + "\n";
            Path staging = Files.createTempFile(file.getParent(), ".postmaster-", ".tmp");
            try {
                try {
                    Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // Not a POSIX file system: the directory's permissions protect it.
                }
                Files.writeString(staging, content, StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
                Files.move(staging, file);
            } catch (FileAlreadyExistsException raced) {
                // Another replica wrote it first; use theirs.
            } finally {
                Files.deleteIfExists(staging);
            }
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        if (lines.size() < 2) {
            throw new IOException(file + " does not hold the postmaster's keys");
        }
        return new Identity(address, SigningPrivateKey.parseSecretText(lines.get(0).trim()),
                EncryptionIdentity.parse(lines.get(1).trim()));
    }
}
