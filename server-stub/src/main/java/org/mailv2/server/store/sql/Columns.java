package org.mailv2.server.store.sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import org.mailv2.protocol.digest.Sha256;

/**
 * How values are spelled in columns, the same in both dialects: hashes as lowercase hex TEXT, UUIDs as their
 * canonical TEXT, instants as a BIGINT count of microseconds since the epoch (so an instant keeps microsecond
 * precision, as PostgreSQL's {@code timestamptz} would; finer digits are dropped), dates as BIGINT epoch days.
 */
final class Columns {
    private static final long MICROS_PER_SECOND = 1_000_000L;

    private Columns() {
    }

    static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), MICROS_PER_SECOND), instant.getNano() / 1000);
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND),
                Math.floorMod(micros, MICROS_PER_SECOND) * 1000L);
    }

    /** @return null for SQL NULL */
    static Instant instantOrNull(ResultSet rs, String column) throws SQLException {
        long micros = rs.getLong(column);
        return rs.wasNull() ? null : instant(micros);
    }

    /** The text values of the first column of a query with one parameter. */
    static java.util.List<String> strings(java.sql.Connection c, String sql, String parameter) throws SQLException {
        try (java.sql.PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                java.util.List<String> values = new java.util.ArrayList<>();
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
                return values;
            }
        }
    }

    static Sha256 sha256(ResultSet rs, String column) throws SQLException {
        return Sha256.parseHex(rs.getString(column));
    }

    static UUID uuid(ResultSet rs, String column) throws SQLException {
        return UUID.fromString(rs.getString(column));
    }
}
