package org.mailv2.server.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mailv2.server.store.StoreFixtures.T0;
import static org.mailv2.server.store.StoreFixtures.delivery;
import static org.mailv2.server.store.StoreFixtures.hash;
import static org.mailv2.server.store.StoreFixtures.message;
import static org.mailv2.server.store.StoreFixtures.permit;
import static org.mailv2.server.store.StoreFixtures.uuid;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.server.store.Account;
import org.mailv2.server.store.StoreException;
import org.mailv2.server.store.StoredMessage;

/** A server's SQLite data moves into an empty PostgreSQL database and reads back the same there. */
class PostgresImportTest {
    private static EmbeddedPostgres postgres;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        postgres = RootlessPostgres.start();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    private SqlDatabase freshPostgres(String name) throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return SqlDatabase.postgres(postgres.getJdbcUrl("postgres", name), "postgres", "postgres");
    }

    @Test
    void everyRowArrivesAndTheCountersContinue() throws Exception {
        Sha256 alice = hash("alice!");
        Sha256 stamp = hash("a spent stamp");
        try (SqlDatabase sqlite = SqlDatabase.sqlite(dir); SqlDatabase pg = freshPostgres("import_full")) {
            sqlite.accounts().create(new Account(alice, T0, 1000));
            sqlite.messages().insert(message(alice, uuid(1), "inbox"));
            sqlite.messages().insert(message(alice, uuid(2), "archive"));
            sqlite.messages().setFlags(alice, uuid(2), Set.of(StoredMessage.Flag.SEEN));
            sqlite.permits().create(permit(1, alice, hash("news@acme!"), T0));
            sqlite.queue().enqueue(delivery(alice, uuid(3), hash("far!"), T0));
            sqlite.stamps().spend(stamp, LocalDate.of(2030, 1, 1));
            sqlite.moves().arrive(new org.mailv2.server.store.MoveStore.Arrival(alice, hash("b"), new byte[] {1}, T0));
            sqlite.moves().depart(new org.mailv2.server.store.MoveStore.Departure(alice, hash("c"), 3, new byte[] {2},
                    T0));
            long lastSequence = sqlite.messages().list(alice, "archive", 0, 10).get(0).sequence();

            var copied = PostgresImport.copy(sqlite, pg);

            assertThat(copied).containsEntry("accounts", 1L).containsEntry("messages", 2L)
                    .containsEntry("permits", 1L).containsEntry("queue", 1L).containsEntry("stamps", 1L);
            assertThat(pg.accounts().find(alice)).hasValueSatisfying(a -> assertThat(a.quotaBytes()).isEqualTo(1000));
            assertThat(pg.messages().list(alice, "archive", 0, 10)).singleElement().satisfies(m -> {
                assertThat(m.sequence()).isEqualTo(lastSequence);
                assertThat(m.flags()).containsExactly(StoredMessage.Flag.SEEN);
            });
            assertThat(pg.permits().issuedBy(alice)).hasSize(1);
            assertThat(pg.moves().arrival(alice).orElseThrow().fromRoutingId()).isEqualTo(hash("b"));
            assertThat(pg.moves().departure(alice).orElseThrow().serial()).isEqualTo(3);
            assertThat(pg.stamps().spend(stamp, LocalDate.of(2030, 1, 1))).isFalse();
            assertThat(pg.queue().claim("w", T0, Duration.ofMinutes(1))).isPresent();
            pg.messages().insert(message(alice, uuid(4), "inbox"));
            assertThat(pg.messages().get(alice, uuid(4)).orElseThrow().sequence()).isGreaterThan(lastSequence);
        }
    }

    @Test
    void refusesATargetThatHoldsDataAndChangesNothing() throws Exception {
        try (SqlDatabase sqlite = SqlDatabase.sqlite(dir); SqlDatabase pg = freshPostgres("import_busy")) {
            sqlite.accounts().create(new Account(hash("alice!"), T0, 1000));
            pg.accounts().create(new Account(hash("bob!"), T0, 1000));
            assertThatThrownBy(() -> PostgresImport.copy(sqlite, pg)).isInstanceOf(StoreException.class);
            assertThat(pg.accounts().find(hash("alice!"))).isEmpty();
        }
    }
}
