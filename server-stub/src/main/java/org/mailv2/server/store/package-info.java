/**
 * Storage: one interface per noun (accounts, records, stamps, permits, messages, queue, blobs) over one
 * {@link org.mailv2.server.store.Database}, with SQLite and PostgreSQL implementations sharing versioned migrations
 * ({@code store.sql}) and blobs on the file system ({@code store.file}).
 *
 * <p>Every store method may throw {@link org.mailv2.server.store.StoreException} when the database fails. Races are
 * answered by return values (false, {@code DUPLICATE}, an empty claim), never by exceptions; a row written for an
 * account that does not exist (a message, permit or queued delivery) throws
 * {@link org.mailv2.server.store.UnknownAccountException}.
 */
package org.mailv2.server.store;
