package org.mailv2.server.e2e;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Supplier;
import org.mailv2.server.app.RunningServer;
import org.mailv2.server.store.AccountStore;
import org.mailv2.server.store.BlobStore;
import org.mailv2.server.store.Database;
import org.mailv2.server.store.DirectoryStore;
import org.mailv2.server.store.InvitationStore;
import org.mailv2.server.store.MessageStore;
import org.mailv2.server.store.PermitStore;
import org.mailv2.server.store.QueueStore;
import org.mailv2.server.store.RecordStore;
import org.mailv2.server.store.ScreenerStore;
import org.mailv2.server.store.StampStore;
import org.mailv2.server.store.StoreException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The disk under a real server's storage (its blob folder and its SQLite database, both real), filled and freed by the
 * test: while full, writes fail where a full disk makes them fail — a blob's bytes ({@code write(2)}: ENOSPC), a
 * blob's {@code fsync}, or the database's insert ({@code SQLITE_FULL}) — with the exceptions the JDK and the driver
 * throw then. Reads always work, as they do on a full disk.
 */
final class DiskThatFills implements RunningServer.StorageLayer {
    /** Where the full disk shows first. */
    enum Full { NOWHERE, BLOB_WRITE, BLOB_FORCE, DATABASE }

    private volatile Full full = Full.NOWHERE;

    void fill(Full where) {
        full = where;
    }

    void free() {
        full = Full.NOWHERE;
    }

    private static IOException enospc() {
        return new IOException("No space left on device");
    }

    @Override
    public BlobStore blobs(BlobStore opened) {
        return new BlobStore() {
            @Override
            public Staged stage() throws IOException {
                return staged(opened.stage());
            }

            @Override
            public InputStream open(String name) throws IOException {
                return opened.open(name);
            }

            @Override
            public long size(String name) throws IOException {
                return opened.size(name);
            }

            @Override
            public void requireAvailable() throws IOException {
                opened.requireAvailable();
            }

            @Override
            public void delete(String name) throws IOException {
                opened.delete(name);
            }
        };
    }

    private BlobStore.Staged staged(BlobStore.Staged real) {
        OutputStream output = new FilterOutputStream(real.output()) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (full == Full.BLOB_WRITE) {
                    throw enospc();
                }
                out.write(b, off, len);
            }

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }
        };
        return new BlobStore.Staged() {
            @Override
            public OutputStream output() {
                return output;
            }

            @Override
            public String commit() throws IOException {
                if (full == Full.BLOB_FORCE) {
                    // fsync fails (delayed allocation finds no room): the store drops its staging file.
                    real.close();
                    throw enospc();
                }
                return real.commit();
            }

            @Override
            public void close() throws IOException {
                real.close();
            }
        };
    }

    @Override
    public Database database(Database opened) {
        return new Database() {
            @Override
            public <T> T inTransaction(Supplier<T> work) {
                return opened.inTransaction(() -> {
                    T result = work.get();
                    if (full == Full.DATABASE) {
                        // As the driver reports a write that found no room; the transaction rolls back.
                        throw new StoreException("database operation failed (SQLState null)",
                                new SQLiteException("[SQLITE_FULL] database or disk is full",
                                        SQLiteErrorCode.SQLITE_FULL));
                    }
                    return result;
                });
            }

            @Override
            public AccountStore accounts() {
                return opened.accounts();
            }

            @Override
            public RecordStore records() {
                return opened.records();
            }

            @Override
            public StampStore stamps() {
                return opened.stamps();
            }

            @Override
            public PermitStore permits() {
                return opened.permits();
            }

            @Override
            public MessageStore messages() {
                return opened.messages();
            }

            @Override
            public QueueStore queue() {
                return opened.queue();
            }

            @Override
            public DirectoryStore directory() {
                return opened.directory();
            }

            @Override
            public ScreenerStore screener() {
                return opened.screener();
            }

            @Override
            public InvitationStore invitations() {
                return opened.invitations();
            }

            @Override
            public org.mailv2.server.store.MoveStore moves() {
                return opened.moves();
            }

            @Override
            public void close() {
                opened.close();
            }
        };
    }
}
