package org.mailv2.server.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mailv2.server.store.StoreException;

/**
 * Moves a server from SQLite to PostgreSQL: copies every table, row for row, into an empty PostgreSQL database of
 * the same schema version, in one target transaction, keeping message sequences and queue ids (the identity
 * counters continue after them). The server must be stopped while it runs.
 */
public final class PostgresImport {
    /** Tables in an order that satisfies the foreign keys. */
    private static final List<String> TABLES = List.of("accounts", "address_records", "routing_records",
            "organisation_records", "stamps", "permits", "messages", "queue", "lists", "permit_admissions",
            "sender_rules", "screener_off", "invitations", "arrivals", "departures");
    private static final Map<String, String> IDENTITY = Map.of("messages", "seq", "queue", "id");

    private PostgresImport() {
    }

    /**
     * @return rows copied per table, in copy order
     * @throws StoreException when the target is not an empty PostgreSQL database, or a copy fails (then the target
     *     is left as it was)
     */
    public static Map<String, Long> copy(SqlDatabase sqlite, SqlDatabase postgres) {
        if (sqlite.dialect() != Dialect.SQLITE || postgres.dialect() != Dialect.POSTGRESQL) {
            throw new StoreException("copies from SQLite to PostgreSQL only");
        }
        return postgres.withConnection(target -> sqlite.withConnection(source -> {
            requireEmpty(target);
            boolean autoCommit = target.getAutoCommit();
            target.setAutoCommit(false);
            try {
                Map<String, Long> copied = new LinkedHashMap<>();
                for (String table : TABLES) {
                    copied.put(table, copyTable(source, target, table));
                }
                for (Map.Entry<String, String> identity : IDENTITY.entrySet()) {
                    continueIdentity(target, identity.getKey(), identity.getValue());
                }
                target.commit();
                return Collections.unmodifiableMap(copied);
            } catch (SQLException | RuntimeException e) {
                target.rollback();
                throw e;
            } finally {
                target.setAutoCommit(autoCommit);
            }
        }));
    }

    private static void requireEmpty(Connection target) throws SQLException {
        for (String table : TABLES) {
            try (Statement s = target.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                rs.next();
                if (rs.getLong(1) != 0) {
                    throw new StoreException("the PostgreSQL database is not empty (table " + table + ")");
                }
            }
        }
    }

    private static long copyTable(Connection source, Connection target, String table) throws SQLException {
        try (Statement select = source.createStatement(); ResultSet rows = select.executeQuery("SELECT * FROM " + table)) {
            ResultSetMetaData meta = rows.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnName(i));
            }
            String overriding = IDENTITY.containsKey(table) ? " OVERRIDING SYSTEM VALUE" : "";
            String insert = "INSERT INTO " + table + " (" + String.join(", ", columns) + ")" + overriding
                    + " VALUES (" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
            long count = 0;
            try (PreparedStatement out = target.prepareStatement(insert)) {
                while (rows.next()) {
                    for (int i = 1; i <= columns.size(); i++) {
                        out.setObject(i, rows.getObject(i));
                    }
                    out.addBatch();
                    if (++count % 500 == 0) {
                        out.executeBatch();
                    }
                }
                out.executeBatch();
            }
            return count;
        }
    }

    private static void continueIdentity(Connection target, String table, String column) throws SQLException {
        try (Statement s = target.createStatement()) {
            s.execute("SELECT setval(pg_get_serial_sequence('" + table + "', '" + column + "'), "
                    + "COALESCE((SELECT MAX(" + column + ") FROM " + table + "), 0) + 1, false)");
        }
    }
}
