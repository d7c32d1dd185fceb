package org.mailv2.server.store.sql;

import java.sql.Connection;
import java.sql.SQLException;

/** Work on one connection; the caller owns the connection and its transaction. */
@FunctionalInterface
interface SqlWork<T> {
    T apply(Connection connection) throws SQLException;
}
