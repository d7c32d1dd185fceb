package org.mailv2.client.core.cache;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.trust.SenderTrust;
import org.mailv2.protocol.api.MessageView;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.seal.MessageOpener;

/**
 * Brings a box's cache up to date: fetches the summaries after the cached cursor, checks each sender against the
 * pinned keys ({@link SenderTrust}), and caches the outcome encrypted. Messages that fail are cached with their
 * failure, so they are shown as such and not fetched again; rows cached under an older rule are fetched and checked
 * again.
 */
public final class Syncer {
    private static final int PAGE = 100;

    private Syncer() {
    }

    /**
     * Syncs {@code box}, handing each newly cached entry, oldest first, to {@code added} (rows only checked again are
     * not new).
     *
     * @return how many messages were new
     * @throws IOException when the server or resolver is unreachable (what was cached before stays)
     */
    public static int sync(Connection connection, SummaryCache cache, String box, SenderTrust trust,
                           Consumer<SummaryCache.Entry> added) throws IOException {
        Sha256 account = connection.account().parsedAddress().hash();
        MessageOpener opener = opener(connection);
        int count = 0;
        long cursor = cache.cursor(account, box);
        while (true) {
            List<MessageView> page = connection.server().list(box, cursor, PAGE).messages();
            for (MessageView view : page) {
                boolean known = cache.holds(account, view.envelope().messageId());
                SummaryCache.Entry entry = check(opener, trust, view);
                cache.put(account, entry, view.envelope().fromHash());
                if (!known) {
                    added.accept(entry);
                    count++;
                }
                cursor = Math.max(cursor, view.sequence());
            }
            cache.listed(account, box, cursor);
            if (page.size() < PAGE) {
                return count;
            }
        }
    }

    /** Checks one message as the server lists it. */
    public static SummaryCache.Entry check(MessageOpener opener, SenderTrust trust, MessageView view)
            throws IOException {
        var envelope = view.envelope();
        SenderTrust.Checked checked = trust.check(opener, envelope, view.summaryBytes(), view.receivedAt());
        return new SummaryCache.Entry(envelope.messageId(), view.sequence(), view.box(), view.flags(),
                checked.summary(), checked.problem(), checked.trust(), checked.keyId().hex());
    }

    public static MessageOpener opener(Connection connection) {
        return new MessageOpener(connection.account().parsedAddress(), connection.account().encryptionIdentities());
    }
}
