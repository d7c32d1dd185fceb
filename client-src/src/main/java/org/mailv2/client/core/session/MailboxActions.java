package org.mailv2.client.core.session;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.cache.SummaryCache;
import org.mailv2.protocol.api.MessageView;
import org.mailv2.protocol.digest.Sha256;

/**
 * Changes to messages, made at the own server and mirrored in the cache, with one meaning for every face:
 * {@link #delete} moves a message to the trash, and deleting from the trash (or {@link #purge}) removes it for good.
 */
public final class MailboxActions {
    public static final String TRASH = "trash";

    private final Connection connection;
    private final SummaryCache cache;
    private final Sha256 account;
    private final Object turn;

    MailboxActions(Connection connection, SummaryCache cache, Sha256 account, Object turn) {
        this.connection = connection;
        this.cache = cache;
        this.account = account;
        this.turn = turn;
    }

    /** Sets a message's flags to exactly {@code flags}. */
    public void setFlags(String messageId, Set<String> flags) throws IOException {
        synchronized (turn) {
            connection.server().setFlags(UUID.fromString(messageId), List.copyOf(flags));
            cache.relabel(account, messageId, where(messageId).box(), flags);
        }
    }

    /** The message's flags at the server after adding {@code add} and removing {@code remove}. */
    public Set<String> changeFlags(String messageId, Set<String> add, Set<String> remove) throws IOException {
        synchronized (turn) {
            MessageView view = connection.server().message(UUID.fromString(messageId));
            Set<String> flags = new java.util.TreeSet<>(view.flags());
            flags.addAll(add);
            flags.removeAll(remove);
            connection.server().setFlags(UUID.fromString(messageId), List.copyOf(flags));
            cache.relabel(account, messageId, view.box(), flags);
            return flags;
        }
    }

    public void move(String messageId, String box) throws IOException {
        synchronized (turn) {
            Located at = where(messageId);
            connection.server().move(UUID.fromString(messageId), box);
            cache.relabel(account, messageId, box, at.flags());
        }
    }

    /**
     * Moves a message to the trash; a message already there is removed for good.
     *
     * @return whether it was removed for good
     */
    public boolean delete(String messageId) throws IOException {
        synchronized (turn) {
            if (where(messageId).box().equals(TRASH)) {
                purge(messageId);
                return true;
            }
            move(messageId, TRASH);
            return false;
        }
    }

    /** Removes a message for good, wherever it is. */
    public void purge(String messageId) throws IOException {
        synchronized (turn) {
            connection.server().delete(UUID.fromString(messageId));
            cache.remove(account, messageId);
        }
    }

    private record Located(String box, Set<String> flags) {
    }

    /** Where the message is: the cache knows, else the server. */
    private Located where(String messageId) throws IOException {
        SummaryCache.Entry e = cache.get(account, messageId);
        if (e != null) {
            return new Located(e.box(), e.flags());
        }
        MessageView view = connection.server().message(UUID.fromString(messageId));
        return new Located(view.box(), view.flags());
    }
}
