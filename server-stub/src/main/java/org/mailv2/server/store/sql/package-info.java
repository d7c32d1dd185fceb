/**
 * The stores over JDBC: {@link org.mailv2.server.store.sql.SqlDatabase#sqlite} (the default, one file in WAL mode)
 * and {@link org.mailv2.server.store.sql.SqlDatabase#postgres} (several server replicas on one database), one code
 * path with the differences in a small {@code Dialect}. Schemas come from versioned scripts under
 * {@code db/migration/<dialect>/}, applied when the database is opened; a database newer than the code is refused.
 *
 * <p>Every store call runs in a transaction: the caller's ({@code Database.inTransaction}, bound to the calling
 * thread) or its own. Writes that race are decided by one statement each (a unique key, a compare-and-set
 * {@code UPDATE}, a claim with {@code SKIP LOCKED}), never by a read followed by a write.
 */
package org.mailv2.server.store.sql;
