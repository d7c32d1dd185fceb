package org.mailv2.client.core.cache;

import java.io.IOException;
import java.util.ArrayList;
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
    /** The most the server lists at once (its {@code MAX_PAGE}): fewer requests, and fewer commits. */
    private static final int PAGE = 500;

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
            // Signatures and summaries of senders known already are checked on every core; the trust decisions and
            // the cache rows stay in order, and a page is cached with its cursor in one transaction.
            trust.openAhead(opener, page);
            long from = cursor;
            Cached cached = cache.inOneTransaction(() -> cachePage(cache, account, box, opener, trust, page, from));
            cached.added().forEach(added);
            count += cached.added().size();
            cursor = cached.cursor();
            if (page.size() < PAGE) {
                return count;
            }
        }
    }

    /** What one page added (not rows only checked again), and the cursor after it. */
    private record Cached(List<SummaryCache.Entry> added, long cursor) {
    }

    private static Cached cachePage(SummaryCache cache, Sha256 account, String box, MessageOpener opener,
                                    SenderTrust trust, List<MessageView> page, long from) throws IOException {
        List<SummaryCache.Entry> added = new ArrayList<>();
        long cursor = from;
        for (MessageView view : page) {
            boolean known = cache.holds(account, view.envelope().messageId());
            SummaryCache.Entry entry = check(opener, trust, view);
            cache.put(account, entry, view.envelope().fromHash());
            if (!known) {
                added.add(entry);
            }
            cursor = Math.max(cursor, view.sequence());
        }
        cache.listed(account, box, cursor);
        return new Cached(added, cursor);
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
