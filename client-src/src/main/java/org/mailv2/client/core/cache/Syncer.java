package org.mailv2.client.core.cache;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mailv2.client.core.account.Connection;
import org.mailv2.protocol.api.MessageView;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.protocol.seal.MessageOpener;
import org.mailv2.protocol.seal.VerifiedEnvelope;

/**
 * Brings a box's cache up to date: fetches the summaries after the cached cursor, verifies each against its sender's
 * resolver record (looked up once per sender and run), and caches it encrypted. Messages that fail are cached with
 * their failure, so they are shown once and not fetched again.
 */
public final class Syncer {
    private static final int PAGE = 100;

    private Syncer() {
    }

    /** @return how many messages were added; @throws IOException when the server or resolver is unreachable */
    public static int sync(Connection connection, SummaryCache cache, String box) throws IOException {
        return sync(connection, cache, box, added -> { });
    }

    /**
     * As {@link #sync(Connection, SummaryCache, String)}, handing each newly cached entry, oldest first, to
     * {@code added} (to act on what arrived, e.g. permits contacts sent).
     */
    public static int sync(Connection connection, SummaryCache cache, String box,
                           java.util.function.Consumer<SummaryCache.Entry> added) throws IOException {
        Sha256 account = connection.account().parsedAddress().hash();
        MessageOpener opener = new MessageOpener(connection.account().parsedAddress(),
                connection.account().encryptionIdentity());
        Map<Sha256, AddressRecord> senders = new HashMap<>();
        int count = 0;
        long cursor = cache.cursor(account, box);
        while (true) {
            List<MessageView> page = connection.server().list(box, cursor, PAGE).messages();
            for (MessageView view : page) {
                SummaryCache.Entry entry = entry(connection, opener, senders, view);
                cache.put(account, entry);
                added.accept(entry);
                cursor = Math.max(cursor, view.sequence());
                count++;
            }
            if (page.size() < PAGE) {
                return count;
            }
        }
    }

    private static SummaryCache.Entry entry(Connection connection, MessageOpener opener,
                                            Map<Sha256, AddressRecord> senders, MessageView view)
            throws IOException {
        var envelope = view.envelope();
        try {
            AddressRecord record = senders.get(envelope.fromHash());
            if (record == null) {
                record = connection.resolver().address(envelope.fromHash()).orElseThrow(() ->
                        new ProtocolException(ErrorCode.BAD_SIGNATURE, "the sender has no published keys"));
                record.verifySelf();
                senders.put(envelope.fromHash(), record);
            }
            VerifiedEnvelope verified = opener.verify(envelope, record.signingKey());
            var summary = opener.openSummary(verified, view.summaryBytes());
            // A sender writing as x@org! must be a member, or it is shown as a failure, not as the organisation.
            org.mailv2.client.core.keyring.Memberships.require(connection.resolver(), summary.sender(), record);
            return new SummaryCache.Entry(envelope.messageId(), view.sequence(), view.box(), view.flags(), summary,
                    null);
        } catch (ProtocolException e) {
            return new SummaryCache.Entry(envelope.messageId(), view.sequence(), view.box(), view.flags(), null,
                    e.code().wire());
        }
    }
}
