package org.mailv2.server.e2e;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import org.mailv2.server.store.sql.RootlessPostgres;

/**
 * One embedded PostgreSQL (rootless) for a test class's servers, started when first needed: each server gets a fresh
 * database of it, written into its config the way an operator would.
 */
final class ServerPostgres implements AutoCloseable {
    private EmbeddedPostgres postgres;

    /** Points {@code config} at a fresh database; returns an audit of that database and the server's blob folder. */
    StorageAudit use(Path config, String prefix) throws Exception {
        String database = prefix + "_" + Long.toHexString(System.nanoTime());
        try (Connection c = admin().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        Files.writeString(config.resolveSibling("db-password.txt"), "postgres\n");
        TestServers.editConfig(config, "  kind: sqlite\n", """
                  kind: postgresql
                  url: %s
                  user: postgres
                  passwordFile: db-password.txt
                """.formatted(postgres.getJdbcUrl("postgres", database)));
        return StorageAudit.postgres(postgres.getDatabase("postgres", database), config.getParent());
    }

    /** The server's own database connection, for what an operator (or a failing network) does to its sessions. */
    DataSource admin() throws Exception {
        if (postgres == null) {
            postgres = RootlessPostgres.start();
        }
        return postgres.getPostgresDatabase();
    }

    @Override
    public void close() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }
}
