package org.mailv2.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mailv2.server.store.StoreFixtures.T0;
import static org.mailv2.server.store.StoreFixtures.account;
import static org.mailv2.server.store.StoreFixtures.delivery;
import static org.mailv2.server.store.StoreFixtures.encryptionKey;
import static org.mailv2.server.store.StoreFixtures.hash;
import static org.mailv2.server.store.StoreFixtures.message;
import static org.mailv2.server.store.StoreFixtures.permit;
import static org.mailv2.server.store.StoreFixtures.signingKey;
import static org.mailv2.server.store.StoreFixtures.uuid;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.permit.Permit;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.protocol.resolver.OrganisationRecord;
import org.mailv2.protocol.resolver.RoutingRecord;
import org.mailv2.server.store.MessageStore.BoxCount;
import org.mailv2.server.store.MessageStore.Insert;
import org.mailv2.server.store.StoredMessage.Flag;

/**
 * What every {@link Database} must do, whatever is behind it. A subclass supplies a fresh database per test and a way
 * to see a writer blocked on a lock; races use real threads released together by a latch.
 */
public abstract class StoreContract implements OperatorStoreContract {
    private static final int RACERS = 8;
    private static final LocalDate TODAY = LocalDate.of(2026, 3, 1);
    private static final long JOIN_MILLIS = 30_000;
    private static final org.mailv2.protocol.keys.SigningPrivateKey ALICE_KEY =
            org.mailv2.protocol.keys.SigningPrivateKey.generate(new java.security.SecureRandom());

    protected Database db;

    /** A new, empty database (migrated by opening it). */
    protected abstract Database openFresh();

    /** The database last returned by {@link #openFresh()}, opened again (the previous handle is closed). */
    protected abstract Database reopen();

    /** Runs SQL on that database behind the stores' back, with {@link #db} closed. */
    protected abstract void executeRaw(String sql) throws Exception;

    /**
     * Closes {@link #db} and puts a new, empty database of the schema version before this code's in place of the
     * last one; {@link #reopen()} then opens (and migrates) it.
     */
    protected abstract void replaceWithPreviousSchema() throws Exception;

    /** A byte string as an SQL literal of this dialect (SQLite's blob literal by default). */
    protected String blobLiteral(byte[] bytes) {
        return "X'" + java.util.HexFormat.of().formatHex(bytes) + "'";
    }

    /** As {@link #replaceWithPreviousSchema()}, with the database of schema {@code version}. */
    protected abstract void replaceWithSchema(int version) throws Exception;

    /** Returns once {@code writer} is waiting for a lock another transaction holds; fails after a generous deadline. */
    protected abstract void awaitBlocked(Thread writer) throws Exception;

    @Override
    public Database database() {
        return db;
    }

    @BeforeEach
    void openDatabase() {
        db = openFresh();
    }

    @AfterEach
    void closeDatabase() {
        if (db != null) {
            db.close();
        }
    }

    // ---- accounts

    @Test
    void accountIsCreatedOnceAndFound() {
        Account alice = account("alice");

        assertThat(db.accounts().create(alice)).isTrue();
        assertThat(db.accounts().create(new Account(alice.addressHash(), T0.plusSeconds(5), 1))).isFalse();

        assertThat(db.accounts().find(alice.addressHash())).contains(alice);
        assertThat(db.accounts().find(hash("nobody!"))).isEmpty();
    }

    @Test
    void instantsKeepMicrosecondsAndDropFinerDigits() {
        Account a = new Account(hash("precise!"), Instant.parse("2026-03-01T10:00:00.123456789Z"), 1);
        db.accounts().create(a);

        assertThat(db.accounts().find(a.addressHash()).orElseThrow().createdAt())
                .isEqualTo(Instant.parse("2026-03-01T10:00:00.123456Z"));
    }

    @Test
    void deletingAnAccountDeletesItsMessagesPermitsAndQueuedDeliveries() {
        Sha256 alice = created("alice");
        Sha256 bob = created("bob");
        for (Sha256 owner : List.of(alice, bob)) {
            int n = owner.equals(alice) ? 1 : 2;
            db.messages().insert(message(owner, uuid(n), "inbox"));
            db.permits().create(permit(n, owner, hash("sender!"), T0));
            db.queue().enqueue(delivery(owner, uuid(n), hash("far!"), T0));
        }

        assertThat(db.messages().blobsOf(alice)).containsExactly(message(alice, uuid(1), "inbox").bodyBlob());
        assertThat(db.queue().blobsOf(alice)).containsExactly(delivery(alice, uuid(1), hash("far!"), T0).bodyBlob());
        assertThat(db.accounts().delete(alice)).isTrue();

        assertThat(db.messages().blobsOf(alice)).isEmpty();
        assertThat(db.queue().blobsOf(alice)).isEmpty();
        assertThat(db.accounts().find(alice)).isEmpty();
        assertThat(db.messages().get(alice, uuid(1))).isEmpty();
        assertThat(db.messages().usedBytes(alice)).isZero();
        assertThat(db.permits().issuedBy(alice)).isEmpty();
        assertThat(db.queue().size()).isEqualTo(1);
        assertThat(db.queue().claim("w", T0, Duration.ofMinutes(1))).hasValueSatisfying(
                d -> assertThat(d.sender()).isEqualTo(bob));
        assertThat(db.messages().get(bob, uuid(2))).isPresent();
        assertThat(db.permits().issuedBy(bob)).hasSize(1);
        assertThat(db.accounts().delete(alice)).isFalse();
    }

    @Test
    void theDirectoryPublishesReplacesAndForgetsListsWithTheirAccount() {
        Sha256 news = created("news");
        Sha256 blog = created("blog");
        db.directory().publish(news, "{\"v\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8), T0);
        db.directory().publish(blog, "{\"b\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8), T0.plusSeconds(1));
        db.directory().publish(news, "{\"v\":2}".getBytes(java.nio.charset.StandardCharsets.UTF_8), T0.plusSeconds(2));
        assertThat(db.directory().all()).extracting(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8))
                .containsExactly("{\"b\":1}", "{\"v\":2}");
        assertThat(db.directory().remove(blog)).isTrue();
        assertThat(db.directory().remove(blog)).isFalse();
        assertThat(db.accounts().delete(news)).isTrue();
        assertThat(db.directory().all()).isEmpty();
    }

    // ---- resolver records

    @Test
    void addressRecordIsComparedAndSetOnItsSerial() {
        SigningPrivateKey key = signingKey(1);
        AddressRecord first = AddressRecord.create(hash("alice!"), key, encryptionKey(1), hash("server-1"));
        AddressRecord second = first.movedTo(hash("server-2"), key);
        AddressRecord third = second.movedTo(hash("server-3"), key);

        assertThat(db.records().address(first.addressHash())).isEmpty();
        assertThat(db.records().putAddress(first, 0)).isTrue();
        assertThat(db.records().putAddress(first, 0)).as("a first record exists already").isFalse();
        assertThat(db.records().putAddress(second, 1)).isTrue();
        assertThat(db.records().putAddress(third, 1)).as("serial 1 is no longer stored").isFalse();

        assertThat(db.records().address(first.addressHash())).contains(second);
        assertThat(db.records().address(first.addressHash()).orElseThrow().toJson()).isEqualTo(second.toJson());
    }

    @Test
    void updatingARecordThatDoesNotExistFails() {
        SigningPrivateKey key = signingKey(1);
        AddressRecord second = AddressRecord.create(hash("alice!"), key, encryptionKey(1), hash("server-1"))
                .movedTo(hash("server-2"), key);

        assertThat(db.records().putAddress(second, 1)).isFalse();
        assertThat(db.records().address(second.addressHash())).isEmpty();
    }

    @Test
    void aPutWhoseSerialDoesNotGrowIsABug() {
        AddressRecord first = AddressRecord.create(hash("alice!"), signingKey(1), encryptionKey(1), hash("server-1"));

        assertThatThrownBy(() -> db.records().putAddress(first, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> db.records().putAddress(first, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void routingAndOrganisationRecordsAreComparedAndSetToo() {
        SigningPrivateKey server = signingKey(7);
        RoutingRecord r1 = RoutingRecord.create(server, "https://mail.example.org", hash("cert-1"), 1);
        RoutingRecord r2 = RoutingRecord.create(server, "https://mail2.example.org", hash("cert-2"), 2);
        assertThat(db.records().putRouting(r1, 0)).isTrue();
        assertThat(db.records().putRouting(r2, 0)).isFalse();
        assertThat(db.records().putRouting(r2, 1)).isTrue();
        assertThat(db.records().routing(r1.routingId())).contains(r2);

        SigningPrivateKey orgKey = signingKey(8);
        OrganisationRecord o1 = OrganisationRecord.create(hash("acme"), orgKey, "Acme", r1.routingId(), 1);
        OrganisationRecord o2 = OrganisationRecord.create(hash("acme"), orgKey, "Acme Inc.", r1.routingId(), 2);
        OrganisationRecord o3 = OrganisationRecord.create(hash("acme"), orgKey, "Acme Corp", r1.routingId(), 3);
        assertThat(db.records().putOrganisation(o1, 0)).isTrue();
        assertThat(db.records().putOrganisation(o2, 1)).isTrue();
        assertThat(db.records().putOrganisation(o3, 1)).isFalse();
        assertThat(db.records().organisation(hash("acme"))).contains(o2);
        assertThat(db.records().organisation(hash("other"))).isEmpty();
    }

    @Test
    void racersCreatingOneRecordHaveExactlyOneWinner() throws Exception {
        List<AddressRecord> candidates = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            candidates.add(AddressRecord.create(hash("alice!"), signingKey(1), encryptionKey(1), hash("server-" + i)));
        }

        List<Boolean> won = Race.run(RACERS, i -> db.records().putAddress(candidates.get(i), 0));

        assertThat(Collections.frequency(won, true)).isEqualTo(1);
        assertThat(db.records().address(hash("alice!"))).contains(candidates.get(won.indexOf(true)));
    }

    @Test
    void racersUpdatingOneRecordHaveExactlyOneWinner() throws Exception {
        SigningPrivateKey key = signingKey(1);
        AddressRecord first = AddressRecord.create(hash("alice!"), key, encryptionKey(1), hash("server-0"));
        db.records().putAddress(first, 0);
        List<AddressRecord> candidates = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            candidates.add(first.movedTo(hash("server-" + (i + 1)), key));
        }

        List<Boolean> won = Race.run(RACERS, i -> db.records().putAddress(candidates.get(i), 1));

        assertThat(Collections.frequency(won, true)).isEqualTo(1);
        assertThat(db.records().address(hash("alice!"))).contains(candidates.get(won.indexOf(true)));
    }

    // ---- stamps

    @Test
    void aStampIsSpentOnceAndAReplayIsRefused() {
        assertThat(db.stamps().spend(hash("stamp-1"), TODAY.plusDays(2))).isTrue();
        assertThat(db.stamps().spend(hash("stamp-1"), TODAY.plusDays(2))).isFalse();
        assertThat(db.stamps().spend(hash("stamp-2"), TODAY.plusDays(2))).isTrue();
    }

    @Test
    void concurrentSpendsOfOneStampHaveExactlyOneWinner() throws Exception {
        List<Boolean> spent = Race.run(RACERS, i -> db.stamps().spend(hash("stamp"), TODAY));

        assertThat(Collections.frequency(spent, true)).isEqualTo(1);
    }

    @Test
    void stampsAreForgottenOnlyAfterTheirDate() {
        db.stamps().spend(hash("old"), TODAY.minusDays(1));
        db.stamps().spend(hash("today"), TODAY);
        db.stamps().spend(hash("later"), TODAY.plusDays(3));

        assertThat(db.stamps().forgetBefore(TODAY)).isEqualTo(1);
        assertThat(db.stamps().forgetBefore(TODAY)).isZero();

        assertThat(db.stamps().spend(hash("old"), TODAY)).as("forgotten, so spendable again").isTrue();
        assertThat(db.stamps().spend(hash("today"), TODAY)).isFalse();
        assertThat(db.stamps().spend(hash("later"), TODAY)).isFalse();
    }

    // ---- permits

    @Test
    void permitsAreCreatedOnceFoundAndListedOldestFirst() {
        Sha256 alice = created("alice");
        Permit newer = permit(1, alice, hash("bob!"), T0.plusSeconds(60));
        Permit older = permit(2, alice, hash("carol!"), T0);
        Permit others = permit(3, created("dave"), hash("bob!"), T0);

        assertThat(db.permits().create(newer)).isTrue();
        assertThat(db.permits().create(older)).isTrue();
        assertThat(db.permits().create(others)).isTrue();
        assertThat(db.permits().create(permit(1, alice, hash("eve!"), T0))).as("same id").isFalse();

        assertThat(db.permits().find(newer.permitId())).contains(new PermitState(newer, null));
        assertThat(db.permits().find(permit(9, alice, alice, T0).permitId())).isEmpty();
        assertThat(db.permits().issuedBy(alice)).extracting(PermitState::permit).containsExactly(older, newer);
        assertThat(db.permits().issuedBy(hash("nobody!"))).isEmpty();
    }

    @Test
    void onlyTheRecipientRevokesAPermitAndOnlyOnce() {
        Sha256 alice = created("alice");
        Permit p = permit(1, alice, hash("bob!"), T0);
        db.permits().create(p);
        Instant at = T0.plusSeconds(3600);

        assertThat(db.permits().revoke(p.permitId(), hash("bob!"), at)).as("not the recipient").isFalse();
        assertThat(db.permits().find(p.permitId()).orElseThrow().active()).isTrue();

        assertThat(db.permits().revoke(p.permitId(), alice, at)).isTrue();
        assertThat(db.permits().revoke(p.permitId(), alice, at.plusSeconds(1))).as("revoked already").isFalse();
        assertThat(db.permits().revoke(permit(2, alice, alice, T0).permitId(), alice, at)).as("absent").isFalse();

        PermitState state = db.permits().find(p.permitId()).orElseThrow();
        assertThat(state.active()).isFalse();
        assertThat(state.revokedAt()).isEqualTo(at);
        assertThat(db.permits().issuedBy(alice)).containsExactly(state);
    }

    @Test
    void aPermitNeedsItsRecipientsAccount() {
        assertThatThrownBy(() -> db.permits().create(permit(1, hash("nobody!"), hash("bob!"), T0)))
                .isInstanceOf(UnknownAccountException.class);
    }

    // ---- messages

    @Test
    void insertingIsIdempotentByMessageIdAndNeverOverwrites() {
        Sha256 alice = created("alice");
        StoredMessage m = message(alice, uuid(1), "inbox");

        assertThat(db.messages().insert(m)).isEqualTo(Insert.NEW);
        StoredMessage stored = db.messages().get(alice, uuid(1)).orElseThrow();
        db.messages().setFlags(alice, uuid(1), Set.of(Flag.SEEN));

        assertThat(db.messages().insert(message(alice, uuid(1), "archive"))).isEqualTo(Insert.DUPLICATE);
        assertThat(db.messages().insert(message(alice, uuid(1), "inbox", "other summary", "body of " + uuid(1))))
                .isEqualTo(Insert.CONFLICT);
        assertThat(db.messages().insert(message(alice, uuid(1), "inbox", "summary of " + uuid(1), "other body")))
                .isEqualTo(Insert.CONFLICT);

        StoredMessage after = db.messages().get(alice, uuid(1)).orElseThrow();
        assertThat(after.box()).isEqualTo("inbox");
        assertThat(after.flags()).containsExactly(Flag.SEEN);
        assertThat(after.sequence()).isEqualTo(stored.sequence());
        assertThat(after.summarySha256()).isEqualTo(m.summarySha256());
        assertThat(db.messages().list(alice, "inbox", 0, 10)).hasSize(1);
    }

    @Test
    void aStoredMessageReadsBackAsItWasInserted() {
        Sha256 alice = created("alice");
        StoredMessage m = message(alice, uuid(1), "inbox");
        db.messages().insert(m);

        StoredMessage got = db.messages().get(alice, uuid(1)).orElseThrow();

        assertThat(got.sequence()).isPositive();
        assertThat(got).usingRecursiveComparison().ignoringFields("sequence").isEqualTo(m);
        assertThat(db.messages().get(alice, uuid(2))).isEmpty();
        assertThat(db.messages().get(created("bob"), uuid(1))).as("another account's copy").isEmpty();
    }

    @Test
    void sequencesGrowAndTheCursorPagesThroughABox() {
        Sha256 alice = created("alice");
        Sha256 bob = created("bob");
        for (int i = 1; i <= 5; i++) {
            db.messages().insert(message(alice, uuid(i), i == 3 ? "archive" : "inbox"));
            db.messages().insert(message(bob, uuid(100 + i), "inbox"));
        }

        List<StoredMessage> page1 = db.messages().list(alice, "inbox", 0, 2);
        List<StoredMessage> page2 = db.messages().list(alice, "inbox", page1.get(1).sequence(), 2);
        List<StoredMessage> page3 = db.messages().list(alice, "inbox", page2.get(1).sequence(), 2);

        assertThat(page1).extracting(StoredMessage::messageId).containsExactly(uuid(1), uuid(2));
        assertThat(page2).extracting(StoredMessage::messageId).containsExactly(uuid(4), uuid(5));
        assertThat(page3).isEmpty();
        List<Long> sequences = new ArrayList<>();
        page1.forEach(m -> sequences.add(m.sequence()));
        page2.forEach(m -> sequences.add(m.sequence()));
        assertThat(sequences).isSorted().doesNotHaveDuplicates();
        assertThat(db.messages().list(alice, "archive", 0, 10)).extracting(StoredMessage::messageId)
                .containsExactly(uuid(3));
        assertThat(db.messages().list(alice, "nowhere", 0, 10)).isEmpty();
        assertThatThrownBy(() -> db.messages().list(alice, "inbox", 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSequenceIsNeverHandedOutTwiceEvenAfterDeletingTheNewest() {
        Sha256 alice = created("alice");
        db.messages().insert(message(alice, uuid(1), "inbox"));
        db.messages().insert(message(alice, uuid(2), "inbox"));
        long newest = db.messages().delete(alice, uuid(2)).orElseThrow().sequence();

        db.messages().insert(message(alice, uuid(3), "inbox"));

        assertThat(db.messages().get(alice, uuid(3)).orElseThrow().sequence()).isGreaterThan(newest);
    }

    @Test
    void listingNeverSkipsAMessageThatCommitsLater() throws Exception {
        Sha256 alice = created("alice");
        CountDownLatch firstInserted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread first = thread(failure, () -> db.inTransaction(() -> {
            db.messages().insert(message(alice, uuid(1), "inbox"));
            firstInserted.countDown();
            await(releaseFirst);
            return null;
        }));
        first.start();
        firstInserted.await();
        Thread second = thread(failure, () -> db.messages().insert(message(alice, uuid(2), "inbox")));
        second.start();

        awaitBlocked(second);
        assertThat(db.messages().list(alice, "inbox", 0, 10)).as("neither is committed").isEmpty();
        releaseFirst.countDown();
        first.join(JOIN_MILLIS);
        second.join(JOIN_MILLIS);
        assertThat(first.isAlive() || second.isAlive()).as("both inserts finished").isFalse();

        assertThat(failure.get()).isNull();
        List<StoredMessage> listed = db.messages().list(alice, "inbox", 0, 10);
        assertThat(listed).extracting(StoredMessage::messageId).containsExactly(uuid(1), uuid(2));
    }

    @Test
    void concurrentInsertsOfOneCopyStoreItOnce() throws Exception {
        Sha256 alice = created("alice");

        List<Insert> results = Race.run(RACERS, i -> db.messages().insert(message(alice, uuid(1), "inbox")));

        assertThat(Collections.frequency(results, Insert.NEW)).isEqualTo(1);
        assertThat(Collections.frequency(results, Insert.DUPLICATE)).isEqualTo(RACERS - 1);
        assertThat(db.messages().list(alice, "inbox", 0, 100)).hasSize(1);
    }

    @Test
    void concurrentInsertsIntoOneAccountGetDistinctSequences() throws Exception {
        Sha256 alice = created("alice");

        Race.run(RACERS, i -> db.messages().insert(message(alice, uuid(i), "inbox")));

        List<StoredMessage> listed = db.messages().list(alice, "inbox", 0, 100);
        assertThat(listed).hasSize(RACERS);
        assertThat(listed).extracting(StoredMessage::sequence).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void flagsAreSetMessagesMovedAndDeleted() {
        Sha256 alice = created("alice");
        db.messages().insert(message(alice, uuid(1), "inbox"));

        assertThat(db.messages().setFlags(alice, uuid(1), Set.of(Flag.SEEN, Flag.ANSWERED))).isTrue();
        assertThat(db.messages().get(alice, uuid(1)).orElseThrow().flags())
                .containsExactlyInAnyOrder(Flag.SEEN, Flag.ANSWERED);
        assertThat(db.messages().setFlags(alice, uuid(1), Set.of(Flag.FLAGGED))).isTrue();
        assertThat(db.messages().get(alice, uuid(1)).orElseThrow().flags()).containsExactly(Flag.FLAGGED);
        assertThat(db.messages().setFlags(alice, uuid(2), Set.of())).isFalse();

        long sequence = db.messages().get(alice, uuid(1)).orElseThrow().sequence();
        assertThat(db.messages().move(alice, uuid(1), "archive")).isTrue();
        assertThat(db.messages().list(alice, "inbox", 0, 10)).isEmpty();
        assertThat(db.messages().list(alice, "archive", 0, 10)).singleElement()
                .satisfies(m -> assertThat(m.sequence()).isEqualTo(sequence));
        assertThat(db.messages().move(alice, uuid(2), "archive")).isFalse();

        Optional<StoredMessage> deleted = db.messages().delete(alice, uuid(1));
        assertThat(deleted).hasValueSatisfying(m -> {
            assertThat(m.box()).isEqualTo("archive");
            assertThat(m.bodyBlob()).isEqualTo(StoreFixtures.blobName(uuid(1)));
        });
        assertThat(db.messages().get(alice, uuid(1))).isEmpty();
        assertThat(db.messages().delete(alice, uuid(1))).isEmpty();
    }

    @Test
    void usedBytesAndBoxesCountWhatAnAccountHolds() {
        Sha256 alice = created("alice");
        StoredMessage a = message(alice, uuid(1), "inbox", "s1", "body-one");
        StoredMessage b = message(alice, uuid(2), "inbox", "summary2", "b2");
        StoredMessage c = message(alice, uuid(3), "archive", "s3", "body-three");
        for (StoredMessage m : List.of(a, b, c)) {
            db.messages().insert(m);
        }
        db.messages().insert(message(created("bob"), uuid(4), "inbox"));
        db.messages().setFlags(alice, uuid(1), Set.of(Flag.SEEN, Flag.FLAGGED));
        db.messages().setFlags(alice, uuid(3), Set.of(Flag.ANSWERED));

        assertThat(db.messages().usedBytes(alice)).isEqualTo(2 + 8 + 8 + 2 + 2 + 10);
        assertThat(db.messages().usedBytes(hash("nobody!"))).isZero();
        assertThat(db.messages().boxes(alice)).containsExactly(
                new BoxCount("archive", 1, 1), new BoxCount("inbox", 2, 1));
        assertThat(db.messages().boxes(hash("nobody!"))).isEmpty();
    }

    @Test
    void aMessageNeedsItsAccount() {
        assertThatThrownBy(() -> db.messages().insert(message(hash("nobody!"), uuid(1), "inbox")))
                .isInstanceOf(UnknownAccountException.class);
    }

    @Test
    void aPermitKeepsTheMessageIdsItAdmittedUntilItIsRevoked() {
        Sha256 alice = created("alice");
        Permit fromBob = permit(1, alice, hash("bob!"), T0);
        Permit fromCarol = permit(2, alice, hash("carol!"), T0);
        db.permits().create(fromBob);
        db.permits().create(fromCarol);
        db.permits().admitted(fromBob.permitId(), alice, uuid(1));
        db.permits().admitted(fromBob.permitId(), alice, uuid(1));
        db.permits().admitted(fromCarol.permitId(), alice, uuid(2));

        assertThat(db.permits().wasAdmitted(alice, uuid(1))).isTrue();
        assertThat(db.permits().wasAdmitted(hash("bob!"), uuid(1))).isFalse();
        assertThat(db.permits().revoke(fromBob.permitId(), alice, T0)).isTrue();
        assertThat(db.permits().wasAdmitted(alice, uuid(1))).isFalse();
        assertThat(db.permits().wasAdmitted(alice, uuid(2))).isTrue();
        db.accounts().delete(alice);
        assertThat(db.permits().wasAdmitted(alice, uuid(2))).isFalse();
    }

    @Test
    void aDatabaseOfThePreviousSchemaIsMigratedOnFirstOpenAndKeepsItsRows() throws Exception {
        replaceWithPreviousSchema();
        Sha256 alice = hash("alice!");
        Permit permit = permit(1, alice, hash("bob!"), T0);
        executeRaw("INSERT INTO accounts (address_hash, created_at_us, quota_bytes) VALUES ('" + alice.hex()
                + "', 1, 1000)");
        executeRaw("INSERT INTO permits (permit_id, recipient, sender, purpose, created_at_us) VALUES ('"
                + permit.permitId().text() + "', '" + alice.hex() + "', '" + hash("bob!").hex() + "', 'contact', 1)");

        db = reopen();

        assertThat(db.accounts().find(alice)).hasValueSatisfying(a -> assertThat(a.suspended()).isFalse());
        assertThat(db.accounts().suspend(alice, T0)).isTrue();
        assertThat(db.accounts().find(alice).orElseThrow().suspendedAt()).isEqualTo(T0);
        assertThat(db.invitations().all()).isEmpty();
        assertThat(db.permits().find(permit.permitId())).isPresent();
        db.permits().admitted(permit.permitId(), alice, uuid(1));
        assertThat(db.permits().wasAdmitted(alice, uuid(1))).isTrue();
        assertThat(db.screener().screening(alice)).isTrue();
        db.screener().put(new SenderRule(alice, hash("bob!"), SenderRule.Kind.ALLOW, T0));
        assertThat(db.screener().rule(alice, hash("bob!")).orElseThrow().kind()).isEqualTo(SenderRule.Kind.ALLOW);
    }

    @Test
    void aResolverOfSchemaSevenStartsEachAddresssKeyHistoryWithTheRecordItHolds() throws Exception {
        replaceWithSchema(7);
        var alice = org.mailv2.protocol.resolver.AddressRecord.create(hash("alice!"), ALICE_KEY,
                org.mailv2.protocol.keys.EncryptionIdentity.generate(new java.security.SecureRandom()).recipient(),
                hash("routing"));
        executeRaw("INSERT INTO address_records (address_hash, serial, record_json) VALUES ('" + hash("alice!").hex()
                + "', 1, " + blobLiteral(alice.toJson()) + ")");

        db = reopen();

        assertThat(db.records().keyChanges(hash("alice!"))).singleElement()
                .satisfies(c -> assertThat(c.record()).isEqualTo(alice))
                .satisfies(c -> assertThat(c.publishedAt()).isAfter(T0));
        assertThat(db.records().address(hash("alice!"))).contains(alice);
    }

    // ---- the change log

    @Test
    void everyMailboxChangeTakesTheAccountsNextModseqAndADeletionLeavesATombstone() {
        Sha256 alice = created("alice");
        Sha256 bob = created("bob");
        db.messages().insert(message(alice, uuid(1), "inbox"));
        db.messages().insert(message(alice, uuid(2), "inbox"));
        db.messages().insert(message(bob, uuid(3), "inbox"));
        MessageStore.Changes first = db.messages().changesSince(alice, 0, 100);
        assertThat(first.changes()).extracting(MessageStore.Change::messageId).containsExactly(uuid(1), uuid(2));
        assertThat(first.more()).isFalse();
        long seen = first.state();
        assertThat(first.changes().get(1).modseq()).isEqualTo(seen);

        assertThat(db.messages().insert(message(alice, uuid(2), "inbox"))).isEqualTo(MessageStore.Insert.DUPLICATE);
        assertThat(db.messages().changesSince(alice, seen, 100).changes()).as("a duplicate changes nothing").isEmpty();
        db.messages().setFlags(alice, uuid(1), Set.of(StoredMessage.Flag.SEEN));
        db.messages().move(alice, uuid(2), "archive");
        db.messages().delete(alice, uuid(1));
        MessageStore.Changes after = db.messages().changesSince(alice, seen, 100);
        assertThat(after.changes()).hasSize(2);
        assertThat(after.changes().get(0)).satisfies(c -> {
            assertThat(c.messageId()).isEqualTo(uuid(2));
            assertThat(c.box()).isEqualTo("archive");
            assertThat(c.deleted()).isFalse();
            assertThat(c.modseq()).isEqualTo(seen + 2);
        });
        assertThat(after.changes().get(1)).satisfies(c -> {
            assertThat(c.messageId()).isEqualTo(uuid(1));
            assertThat(c.deleted()).isTrue();
            assertThat(c.modseq()).isEqualTo(seen + 3);
        });
        assertThat(after.state()).isEqualTo(seen + 3);

        MessageStore.Changes page = db.messages().changesSince(alice, seen, 1);
        assertThat(page.more()).isTrue();
        assertThat(page.state()).isEqualTo(seen + 2);
        assertThat(db.messages().changesSince(alice, page.state(), 1).changes()).singleElement()
                .satisfies(c -> assertThat(c.deleted()).isTrue());

        db.messages().insert(message(alice, uuid(1), "inbox"));
        assertThat(db.messages().changesSince(alice, seen + 3, 100).changes()).singleElement()
                .satisfies(c -> assertThat(c.deleted()).as("stored again, no longer a tombstone").isFalse());
        assertThat(db.messages().changesSince(bob, 0, 100).changes()).extracting(MessageStore.Change::messageId)
                .containsExactly(uuid(3));
        assertThat(db.messages().changesSince(created("carol"), 0, 100)).satisfies(c -> {
            assertThat(c.changes()).isEmpty();
            assertThat(c.state()).isZero();
        });
    }

    @Test
    void theStoredTotalFollowsEveryStoreDeleteMoveAndAccountDeletion() {
        Sha256 alice = created("alice");
        Sha256 bob = created("bob");
        StoredMessage a = message(alice, uuid(1), "inbox", "s1", "body-one");
        StoredMessage b = message(alice, uuid(2), "inbox", "summary2", "b2");
        db.messages().insert(a);
        db.messages().insert(b);
        db.messages().insert(message(bob, uuid(3), "inbox", "bob", "bob's body"));
        assertThat(db.messages().usedBytes(alice)).isEqualTo(10 + 10);

        assertThat(db.messages().insert(a)).isEqualTo(Insert.DUPLICATE);
        assertThat(db.messages().insert(message(alice, uuid(1), "inbox", "other", "another body")))
                .isEqualTo(Insert.CONFLICT);
        db.messages().move(alice, uuid(1), "archive");
        db.messages().setFlags(alice, uuid(2), Set.of(Flag.SEEN));
        assertThat(db.messages().usedBytes(alice)).isEqualTo(20);

        assertThat(db.messages().delete(alice, uuid(2))).isPresent();
        assertThat(db.messages().delete(alice, uuid(2))).isEmpty();
        assertThat(db.messages().usedBytes(alice)).isEqualTo(10);
        db.messages().insert(b);
        assertThat(db.messages().usedBytes(alice)).isEqualTo(20);
        assertThat(db.messages().usedBytes(bob)).isEqualTo(13);

        db.accounts().delete(alice);
        assertThat(db.messages().usedBytes(alice)).isZero();
        db.accounts().create(account("alice"));
        assertThat(db.messages().usedBytes(alice)).isZero();
        assertThat(db.messages().usedBytes(bob)).isEqualTo(13);
    }

    @Test
    void aStoreRolledBackWithItsTransactionLeavesTheTotalAsItWas() {
        Sha256 alice = created("alice");
        db.messages().insert(message(alice, uuid(1), "inbox", "s1", "body-one"));

        assertThatThrownBy(() -> db.inTransaction(() -> {
            db.messages().insert(message(alice, uuid(2), "inbox", "summary2", "b2"));
            db.messages().delete(alice, uuid(1));
            throw new IllegalStateException("the import failed half-way");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(db.messages().usedBytes(alice)).isEqualTo(10);
        assertThat(db.messages().get(alice, uuid(1))).isPresent();
    }

    @Test
    void concurrentStoresAndDeletesKeepTheTotalExact() throws Exception {
        Sha256 alice = created("alice");
        for (int i = 0; i < RACERS; i++) {
            db.messages().insert(message(alice, uuid(100 + i), "inbox", "s", "old body"));
        }

        Race.run(RACERS, i -> {
            db.messages().insert(message(alice, uuid(i), "inbox", "summary " + i, "body".repeat(i + 1)));
            return db.messages().delete(alice, uuid(100 + i)).isPresent();
        });

        long expected = 0;
        for (int i = 0; i < RACERS; i++) {
            expected += ("summary " + i).length() + 4L * (i + 1);
        }
        assertThat(db.messages().usedBytes(alice)).isEqualTo(expected);
    }

    @Test
    void schemaTwelveStartsEachAccountsTotalWithWhatItHolds() throws Exception {
        replaceWithSchema(11);
        Sha256 alice = hash("alice!");
        Sha256 empty = hash("empty!");
        for (Sha256 owner : List.of(alice, empty)) {
            executeRaw("INSERT INTO accounts (address_hash, created_at_us, quota_bytes) VALUES ('" + owner.hex()
                    + "', 1, 1000)");
        }
        for (int i = 1; i <= 3; i++) {
            executeRaw("INSERT INTO messages (account, message_id, box, flags, envelope_json, summary_ciphertext,"
                    + " summary_size, summary_sha256, body_blob, body_size, body_sha256, received_at_us) VALUES ('"
                    + alice.hex() + "', '" + uuid(i) + "', 'inbox', 0, " + blobLiteral(new byte[] {1}) + ", "
                    + blobLiteral(new byte[i]) + ", " + i + ", '" + Sha256.hash("s" + i).hex() + "', 'b" + i
                    + "', " + (100 * i) + ", '" + Sha256.hash("b" + i).hex() + "', 1)");
        }

        db = reopen();

        assertThat(db.messages().usedBytes(alice)).isEqualTo(1 + 2 + 3 + 100 + 200 + 300);
        assertThat(db.messages().usedBytes(empty)).isZero();
        db.messages().delete(alice, uuid(2));
        db.messages().insert(message(empty, uuid(9), "inbox", "s1", "body-one"));
        assertThat(db.messages().usedBytes(alice)).isEqualTo(1 + 3 + 100 + 300);
        assertThat(db.messages().usedBytes(empty)).isEqualTo(10);
    }

    @Test
    void mailFromBeforeTheChangeLogStartsWithItsListingSequenceAsModseq() throws Exception {
        replaceWithSchema(10);
        Sha256 alice = hash("alice!");
        executeRaw("INSERT INTO accounts (address_hash, created_at_us, quota_bytes) VALUES ('" + alice.hex()
                + "', 1, 1000)");
        executeRaw("INSERT INTO messages (account, message_id, box, flags, envelope_json, summary_ciphertext,"
                + " summary_size, summary_sha256, body_blob, body_size, body_sha256, received_at_us) VALUES ('"
                + alice.hex() + "', '" + uuid(1) + "', 'inbox', 0, " + blobLiteral(new byte[] {1}) + ", "
                + blobLiteral(new byte[] {2}) + ", 1, '" + Sha256.hash("s").hex() + "', 'b', 1, '"
                + Sha256.hash("b").hex() + "', 1)");

        db = reopen();

        long seq = db.messages().get(alice, uuid(1)).orElseThrow().sequence();
        MessageStore.Changes all = db.messages().changesSince(alice, 0, 10);
        assertThat(all.changes()).singleElement().satisfies(c -> assertThat(c.modseq()).isEqualTo(seq));
        assertThat(all.state()).isEqualTo(seq);
        db.messages().move(alice, uuid(1), "archive");
        assertThat(db.messages().changesSince(alice, seq, 10).changes()).singleElement()
                .satisfies(c -> assertThat(c.modseq()).isEqualTo(seq + 1));
    }

    // ---- recovery copies

    @Test
    void aRecoveryCopyIsKeptPerAccountReplacedAndGoneWithItsAccount() {
        Sha256 alice = created("alice");
        var key = org.mailv2.protocol.keys.SigningPrivateKey.generate(new java.security.SecureRandom()).publicKey();
        var other = org.mailv2.protocol.keys.SigningPrivateKey.generate(new java.security.SecureRandom()).publicKey();

        assertThat(db.accounts().putRecoveryCopy(new RecoveryCopy(hash("nobody!"), key, new byte[] {1}, T0)))
                .isFalse();
        assertThat(db.accounts().recoveryCopy(hash("nobody!"))).isEmpty();
        assertThat(db.accounts().putRecoveryCopy(new RecoveryCopy(alice, key, new byte[] {1, 2}, T0))).isTrue();
        assertThat(db.accounts().putRecoveryCopy(new RecoveryCopy(alice, other, new byte[] {3}, T0.plusSeconds(1))))
                .isTrue();
        RecoveryCopy stored = db.accounts().recoveryCopy(alice).orElseThrow();
        assertThat(stored.recoveryKey()).isEqualTo(other);
        assertThat(stored.copy()).containsExactly(3);
        assertThat(stored.updatedAt()).isEqualTo(T0.plusSeconds(1));
        db.accounts().delete(alice);
        assertThat(db.accounts().recoveryCopy(alice)).isEmpty();
    }

    // ---- resolver key history

    @Test
    void keyChangesAreKeptOncePerSerialAndListedOldestFirst() {
        var random = new java.security.SecureRandom();
        var key2 = org.mailv2.protocol.keys.SigningPrivateKey.generate(random);
        var first = org.mailv2.protocol.resolver.AddressRecord.create(hash("alice!"), ALICE_KEY,
                org.mailv2.protocol.keys.EncryptionIdentity.generate(random).recipient(), hash("routing"));
        var rotated = first.rotatedTo(ALICE_KEY, key2,
                org.mailv2.protocol.keys.EncryptionIdentity.generate(random).recipient());
        db.records().addKeyChange(new org.mailv2.protocol.resolver.KeyChange(rotated, T0.plusSeconds(60)));
        db.records().addKeyChange(new org.mailv2.protocol.resolver.KeyChange(first, T0));
        db.records().addKeyChange(new org.mailv2.protocol.resolver.KeyChange(rotated, T0.plusSeconds(99)));

        assertThat(db.records().keyChanges(hash("alice!"))).containsExactly(
                new org.mailv2.protocol.resolver.KeyChange(first, T0),
                new org.mailv2.protocol.resolver.KeyChange(rotated, T0.plusSeconds(60)));
        assertThat(db.records().keyChanges(hash("bob!"))).isEmpty();
    }

    // ---- moves (schema version 9)

    @Test
    void aDatabaseOfSchemaSevenIsMigratedToMovesAndItsAccountsCanMove() throws Exception {
        replaceWithSchema(7);
        Sha256 alice = hash("alice!");
        executeRaw("INSERT INTO accounts (address_hash, created_at_us, quota_bytes, suspended_at_us) VALUES ('"
                + alice.hex() + "', 1, 1000, NULL)");

        db = reopen();

        assertThat(db.accounts().find(alice)).isPresent();
        assertThat(db.moves().departure(alice)).isEmpty();
        assertThat(db.moves().arrival(alice)).isEmpty();
        assertThat(db.moves().depart(new MoveStore.Departure(alice, hash("c"), 2, new byte[] {1}, T0))).isTrue();
        assertThat(db.moves().departure(alice).orElseThrow().toRoutingId()).isEqualTo(hash("c"));
    }

    @Test
    void anArrivalIsRecordedOnceAndADepartureOnlyMovesForward() {
        Sha256 alice = created("alice");
        MoveStore.Arrival arrival = new MoveStore.Arrival(alice, hash("b"), new byte[] {1, 2}, T0);
        assertThat(db.moves().arrive(arrival)).isTrue();
        assertThat(db.moves().arrive(new MoveStore.Arrival(alice, hash("x"), new byte[] {3}, T0))).isFalse();
        MoveStore.Arrival read = db.moves().arrival(alice).orElseThrow();
        assertThat(read.fromRoutingId()).isEqualTo(hash("b"));
        assertThat(read.recordJson()).containsExactly(1, 2);
        assertThat(read.arrivedAt()).isEqualTo(T0);

        assertThat(db.moves().depart(new MoveStore.Departure(alice, hash("c"), 3, new byte[] {3}, T0))).isTrue();
        assertThat(db.moves().depart(new MoveStore.Departure(alice, hash("d"), 3, new byte[] {4}, T0)))
                .as("the same serial again").isFalse();
        assertThat(db.moves().depart(new MoveStore.Departure(alice, hash("d"), 2, new byte[] {4}, T0)))
                .as("an older one").isFalse();
        assertThat(db.moves().departure(alice).orElseThrow().toRoutingId()).isEqualTo(hash("c"));
        assertThat(db.moves().depart(new MoveStore.Departure(alice, hash("e"), 5, new byte[] {5},
                T0.plusSeconds(1)))).isTrue();
        MoveStore.Departure later = db.moves().departure(alice).orElseThrow();
        assertThat(later.toRoutingId()).isEqualTo(hash("e"));
        assertThat(later.serial()).isEqualTo(5);
        assertThat(later.movedAt()).isEqualTo(T0.plusSeconds(1));

        assertThatThrownBy(() -> db.moves().depart(new MoveStore.Departure(hash("nobody!"), hash("c"), 1,
                new byte[] {1}, T0))).isInstanceOf(UnknownAccountException.class);
        db.accounts().delete(alice);
        assertThat(db.moves().arrival(alice)).isEmpty();
        assertThat(db.moves().departure(alice)).isEmpty();
    }

    // ---- screener

    @Test
    void aSenderIsAllowedOrBlockedNeverBothAndTheFirstSinceIsKept() {
        Sha256 alice = created("alice");
        Sha256 bob = hash("bob!");
        db.screener().put(new SenderRule(alice, bob, SenderRule.Kind.ALLOW, T0));
        db.screener().put(new SenderRule(alice, bob, SenderRule.Kind.ALLOW, T0.plusSeconds(5)));

        assertThat(db.screener().rules(alice, SenderRule.Kind.ALLOW))
                .containsExactly(new SenderRule(alice, bob, SenderRule.Kind.ALLOW, T0));

        db.screener().put(new SenderRule(alice, bob, SenderRule.Kind.BLOCK, T0.plusSeconds(9)));

        assertThat(db.screener().rules(alice, SenderRule.Kind.ALLOW)).isEmpty();
        assertThat(db.screener().rule(alice, bob))
                .contains(new SenderRule(alice, bob, SenderRule.Kind.BLOCK, T0.plusSeconds(9)));
        assertThat(db.screener().remove(alice, bob, SenderRule.Kind.ALLOW)).isFalse();
        assertThat(db.screener().remove(alice, bob, SenderRule.Kind.BLOCK)).isTrue();
        assertThat(db.screener().rule(alice, bob)).isEmpty();
    }

    @Test
    void theScreenerIsOnUntilTurnedOffAndRulesAndSettingGoWithTheAccount() {
        Sha256 alice = created("alice");
        assertThat(db.screener().screening(alice)).isTrue();
        db.screener().setScreening(alice, false);
        db.screener().setScreening(alice, false);
        db.screener().put(new SenderRule(alice, hash("bob!"), SenderRule.Kind.BLOCK, T0));

        assertThat(db.screener().screening(alice)).isFalse();
        assertThat(db.screener().screening(created("carol"))).isTrue();

        db.accounts().delete(alice);

        assertThat(db.screener().rules(alice, SenderRule.Kind.BLOCK)).isEmpty();
        assertThat(db.screener().screening(alice)).isTrue();
        assertThatThrownBy(() -> db.screener().put(new SenderRule(hash("nobody!"), hash("bob!"),
                SenderRule.Kind.ALLOW, T0))).isInstanceOf(UnknownAccountException.class);
    }

    // ---- queue

    @Test
    void enqueueingIsIdempotentBySenderAndMessageId() {
        Sha256 alice = created("alice");
        QueuedDelivery first = db.queue().enqueue(delivery(alice, uuid(1), hash("bob!"), T0));
        QueuedDelivery again = db.queue().enqueue(delivery(alice, uuid(1), hash("carol!"), T0.plusSeconds(9)));
        QueuedDelivery other = db.queue().enqueue(delivery(alice, uuid(2), hash("bob!"), T0));

        assertThat(first.id()).isPositive();
        assertThat(first).usingRecursiveComparison().ignoringFields("id")
                .isEqualTo(delivery(alice, uuid(1), hash("bob!"), T0));
        assertThat(again).usingRecursiveComparison().isEqualTo(first);
        assertThat(other.id()).isNotEqualTo(first.id());
        assertThat(db.queue().size()).isEqualTo(2);
    }

    @Test
    void queuedBytesAreCountedPerSenderUntilTheItemLeaves() {
        Sha256 alice = created("alice");
        Sha256 bob = created("bob");
        QueuedDelivery one = db.queue().enqueue(delivery(alice, uuid(1), hash("far!"), T0));
        QueuedDelivery two = db.queue().enqueue(delivery(alice, uuid(2), hash("far!"), T0));
        db.queue().enqueue(delivery(bob, uuid(3), hash("far!"), T0));

        assertThat(db.queue().queuedBytes(alice)).isEqualTo(one.sizeBytes() + two.sizeBytes()).isPositive();
        QueuedDelivery claimed = db.queue().claim("w", T0, Duration.ofMinutes(1)).orElseThrow();
        db.queue().complete(claimed.id(), "w");
        assertThat(db.queue().queuedBytes(claimed.sender())).isEqualTo(claimed.sender().equals(alice)
                ? one.sizeBytes() + two.sizeBytes() - claimed.sizeBytes() : 0);
        assertThat(db.queue().queuedBytes(hash("nobody!"))).isZero();
    }

    @Test
    void aGivenUpItemKeepsItsReasonAndComesBackWhenDue() {
        Sha256 alice = created("alice");
        QueuedDelivery item = db.queue().enqueue(delivery(alice, uuid(1), hash("far!"), T0));
        assertThat(item.gaveUpReason()).isNull();
        db.queue().claim("w1", T0, Duration.ofMinutes(1)).orElseThrow();

        assertThat(db.queue().gaveUp(item.id(), "w2", T0.plusSeconds(60), "unknown_recipient")).isFalse();
        assertThat(db.queue().gaveUp(item.id(), "w1", T0.plusSeconds(60), "unknown_recipient")).isTrue();
        assertThat(db.queue().claim("w2", T0.plusSeconds(59), Duration.ofMinutes(1))).isEmpty();
        QueuedDelivery again = db.queue().claim("w2", T0.plusSeconds(60), Duration.ofMinutes(1)).orElseThrow();
        assertThat(again.gaveUpReason()).isEqualTo("unknown_recipient");
        assertThat(again.attempts()).isEqualTo(1);
    }

    @Test
    void aClaimTakesTheOldestDueItemAndLeasesIt() {
        Sha256 alice = created("alice");
        QueuedDelivery later = db.queue().enqueue(delivery(alice, uuid(1), hash("bob!"), T0.plusSeconds(60)));
        QueuedDelivery due = db.queue().enqueue(delivery(alice, uuid(2), hash("bob!"), T0.minusSeconds(5)));
        QueuedDelivery dueEarlier = db.queue().enqueue(delivery(alice, uuid(3), hash("bob!"), T0.minusSeconds(10)));
        Duration lease = Duration.ofMinutes(5);

        assertThat(db.queue().claim("w1", T0, lease)).map(QueuedDelivery::id).contains(dueEarlier.id());
        assertThat(db.queue().claim("w2", T0, lease)).map(QueuedDelivery::id).contains(due.id());
        assertThat(db.queue().claim("w3", T0, lease)).as("the rest is leased or not due").isEmpty();
        assertThat(db.queue().claim("w3", T0.plusSeconds(60), lease)).map(QueuedDelivery::id).contains(later.id());
        assertThat(db.queue().claim("w4", T0.plusSeconds(60), lease)).isEmpty();
        assertThatThrownBy(() -> db.queue().claim("w4", T0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anExpiredLeaseIsClaimedAgainAndTheOldHolderLosesIt() {
        Sha256 alice = created("alice");
        QueuedDelivery item = db.queue().enqueue(delivery(alice, uuid(1), hash("bob!"), T0));
        Duration lease = Duration.ofMinutes(5);
        db.queue().claim("crashed", T0, lease);

        assertThat(db.queue().claim("w2", T0.plus(lease).minusSeconds(1), lease)).isEmpty();
        assertThat(db.queue().claim("w2", T0.plus(lease), lease)).map(QueuedDelivery::id).contains(item.id());

        assertThat(db.queue().complete(item.id(), "crashed")).isFalse();
        assertThat(db.queue().retryAt(item.id(), "crashed", T0, "late")).isFalse();
        assertThat(db.queue().complete(item.id(), "w2")).isTrue();
        assertThat(db.queue().size()).isZero();
    }

    @Test
    void onlyTheLeaseHolderRetriesOrCompletes() {
        Sha256 alice = created("alice");
        QueuedDelivery item = db.queue().enqueue(delivery(alice, uuid(1), hash("bob!"), T0));
        Duration lease = Duration.ofMinutes(5);
        db.queue().claim("w1", T0, lease);

        assertThat(db.queue().complete(item.id(), "w2")).isFalse();
        assertThat(db.queue().retryAt(item.id(), "w2", T0, "no")).isFalse();
        Instant next = T0.plusSeconds(300);
        assertThat(db.queue().retryAt(item.id(), "w1", next, "connection refused")).isTrue();
        assertThat(db.queue().complete(item.id(), "w1")).as("the retry released the lease").isFalse();

        assertThat(db.queue().claim("w2", next.minusSeconds(1), lease)).isEmpty();
        QueuedDelivery again = db.queue().claim("w2", next, lease).orElseThrow();
        assertThat(again.attempts()).isEqualTo(1);
        assertThat(again.lastError()).isEqualTo("connection refused");
        assertThat(again.notBefore()).isEqualTo(next);
        assertThat(again.firstQueuedAt()).isEqualTo(T0);
        assertThat(db.queue().retryAt(again.id(), "w2", next.plusSeconds(600), "again")).isTrue();
        assertThat(db.queue().claim("w3", next.plusSeconds(600), lease).orElseThrow().attempts()).isEqualTo(2);
        assertThat(db.queue().complete(item.id(), "w3")).isTrue();
        assertThat(db.queue().complete(item.id(), "w3")).isFalse();
    }

    @Test
    void concurrentClaimsNeverShareAnItem() throws Exception {
        Sha256 alice = created("alice");
        int items = 3 * RACERS;
        for (int i = 0; i < items; i++) {
            db.queue().enqueue(delivery(alice, uuid(i), hash("bob!"), T0));
        }

        List<List<Long>> claimed = Race.run(RACERS, i -> {
            List<Long> mine = new ArrayList<>();
            Optional<QueuedDelivery> next;
            while ((next = db.queue().claim("worker-" + i, T0, Duration.ofMinutes(5))).isPresent()) {
                mine.add(next.get().id());
            }
            return mine;
        });

        List<Long> all = claimed.stream().flatMap(List::stream).toList();
        assertThat(all).hasSize(items).doesNotHaveDuplicates();
    }

    @Test
    void simultaneousClaimsOfTwoItemsGiveEachToOneWorker() throws Exception {
        Sha256 alice = created("alice");
        db.queue().enqueue(delivery(alice, uuid(1), hash("bob!"), T0));
        db.queue().enqueue(delivery(alice, uuid(2), hash("bob!"), T0));

        List<Optional<QueuedDelivery>> claims = Race.run(RACERS,
                i -> db.queue().claim("worker-" + i, T0, Duration.ofMinutes(5)));

        List<Long> ids = claims.stream().flatMap(Optional::stream).map(QueuedDelivery::id).toList();
        assertThat(ids).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void aQueuedDeliveryNeedsItsSendersAccount() {
        assertThatThrownBy(() -> db.queue().enqueue(delivery(hash("nobody!"), uuid(1), hash("bob!"), T0)))
                .isInstanceOf(UnknownAccountException.class);
    }

    // ---- transactions

    @Test
    void workThatThrowsRollsBackEveryStoreCallInIt() {
        Sha256 alice = created("alice");

        assertThatThrownBy(() -> db.inTransaction(() -> {
            assertThat(db.stamps().spend(hash("stamp"), TODAY)).isTrue();
            assertThat(db.messages().insert(message(alice, uuid(1), "inbox"))).isEqualTo(Insert.NEW);
            assertThat(db.messages().get(alice, uuid(1))).as("own writes are visible inside").isPresent();
            throw new IllegalStateException("verification failed");
        })).isInstanceOf(IllegalStateException.class).hasMessage("verification failed");

        assertThat(db.messages().get(alice, uuid(1))).isEmpty();
        assertThat(db.stamps().spend(hash("stamp"), TODAY)).as("the stamp was not spent").isTrue();
    }

    @Test
    void committedWorkIsThereAndItsResultReturned() {
        Sha256 alice = created("alice");

        Insert result = db.inTransaction(() -> {
            db.stamps().spend(hash("stamp"), TODAY);
            return db.messages().insert(message(alice, uuid(1), "inbox"));
        });

        assertThat(result).isEqualTo(Insert.NEW);
        assertThat(db.messages().get(alice, uuid(1))).isPresent();
        assertThat(db.stamps().spend(hash("stamp"), TODAY)).isFalse();
    }

    @Test
    void aNestedTransactionJoinsTheOuterOne() {
        Sha256 alice = created("alice");

        assertThatThrownBy(() -> db.inTransaction(() -> {
            db.inTransaction(() -> db.stamps().spend(hash("inner"), TODAY));
            throw new IllegalStateException("outer fails");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(db.stamps().spend(hash("inner"), TODAY)).as("rolled back with the outer").isTrue();
        assertThat(db.messages().get(alice, uuid(1))).isEmpty();
    }

    @Test
    void aFailureCaughtInsideTheTransactionStillRollsItBack() {
        assertThatThrownBy(() -> db.inTransaction(() -> {
            db.stamps().spend(hash("stamp"), TODAY);
            try {
                db.messages().insert(message(hash("nobody!"), uuid(1), "inbox"));
            } catch (UnknownAccountException expected) {
                // swallowed: the transaction is doomed all the same
            }
            try {
                db.inTransaction(() -> {
                    throw new IllegalStateException("nested");
                });
            } catch (IllegalStateException expected) {
                // likewise
            }
            return null;
        })).isInstanceOf(StoreException.class);

        assertThat(db.stamps().spend(hash("stamp"), TODAY)).isTrue();
    }

    @Test
    void manyThreadsWritingAndReadingAtOnceAllSucceed() throws Exception {
        Sha256 alice = created("alice");
        int perThread = 10;

        List<Integer> stored = Race.run(RACERS, t -> {
            int mine = 0;
            for (int i = 0; i < perThread; i++) {
                int n = t * perThread + i;
                db.inTransaction(() -> {
                    db.stamps().spend(hash("stamp-" + n), TODAY);
                    return db.messages().insert(message(alice, uuid(n), "inbox"));
                });
                db.permits().create(permit(n, alice, hash("sender-" + n + "!"), T0));
                mine += db.messages().list(alice, "inbox", 0, 1000).isEmpty() ? 0 : 1;
            }
            return mine;
        });

        assertThat(stored).containsOnly(perThread);
        assertThat(db.messages().list(alice, "inbox", 0, 1000)).hasSize(RACERS * perThread);
        assertThat(db.permits().issuedBy(alice)).hasSize(RACERS * perThread);
    }

    // ---- schema

    @Test
    void reopeningKeepsTheDataAndTheSchema() {
        Sha256 alice = created("alice");
        db.messages().insert(message(alice, uuid(1), "inbox"));

        db = reopen();

        assertThat(db.accounts().find(alice)).isPresent();
        assertThat(db.messages().get(alice, uuid(1))).isPresent();
    }

    @Test
    void aDatabaseNewerThanTheCodeIsRefused() throws Exception {
        db.close();
        executeRaw("INSERT INTO schema_version (version, script) VALUES (999, 'V999__future.sql')");

        assertThatThrownBy(this::reopen).isInstanceOf(StoreException.class).hasMessageContaining("newer");
        db = null;
    }

    // ---- helpers

    private Sha256 created(String local) {
        Account a = account(local);
        assertThat(db.accounts().create(a)).isTrue();
        return a.addressHash();
    }

    private static Thread thread(AtomicReference<Throwable> failure, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        });
        t.setDaemon(true);
        return t;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
