/**
 * Storage: one interface per noun (accounts, records, stamps, permits, messages, queue, blobs) over one
 * {@link org.mailv2.server.store.Database}, with SQLite and PostgreSQL implementations sharing versioned migrations.
 */
package org.mailv2.server.store;
