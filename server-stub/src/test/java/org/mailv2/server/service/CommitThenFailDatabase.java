package org.mailv2.server.service;

import java.sql.SQLException;
import java.util.function.Supplier;
import org.mailv2.server.store.AccountStore;
import org.mailv2.server.store.CommitUnknownException;
import org.mailv2.server.store.Database;
import org.mailv2.server.store.DirectoryStore;
import org.mailv2.server.store.MessageStore;
import org.mailv2.server.store.PermitStore;
import org.mailv2.server.store.QueueStore;
import org.mailv2.server.store.RecordStore;
import org.mailv2.server.store.ScreenerStore;
import org.mailv2.server.store.InvitationStore;
import org.mailv2.server.store.StampStore;

/**
 * A database whose transactions commit and then report that the commit failed, as a PostgreSQL connection lost
 * during {@code COMMIT} does: the caller cannot tell whether its work is durable (here, it is).
 */
final class CommitThenFailDatabase implements Database {
    private final Database real;

    CommitThenFailDatabase(Database real) {
        this.real = real;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        real.inTransaction(work);
        throw new CommitUnknownException("connection lost during commit", new SQLException("08006"));
    }

    @Override
    public AccountStore accounts() {
        return real.accounts();
    }

    @Override
    public RecordStore records() {
        return real.records();
    }

    @Override
    public StampStore stamps() {
        return real.stamps();
    }

    @Override
    public PermitStore permits() {
        return real.permits();
    }

    @Override
    public MessageStore messages() {
        return real.messages();
    }

    @Override
    public QueueStore queue() {
        return real.queue();
    }

    @Override
    public DirectoryStore directory() {
        return real.directory();
    }

    @Override
    public ScreenerStore screener() {
        return real.screener();
    }

    @Override
    public InvitationStore invitations() {
        return real.invitations();
    }

    @Override
    public org.mailv2.server.store.MoveStore moves() {
        return real.moves();
    }

    @Override
    public void close() {
        real.close();
    }
}
