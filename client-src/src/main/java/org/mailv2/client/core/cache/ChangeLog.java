package org.mailv2.client.core.cache;

import java.io.IOException;
import java.util.Set;
import java.util.UUID;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.trust.SenderTrust;
import org.mailv2.protocol.api.ApiException;
import org.mailv2.protocol.api.ChangePage;
import org.mailv2.protocol.api.MessageView;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;

/**
 * Keeps the cache in step with what the account's other devices did: the server's change log (§9 of the protocol)
 * says which messages moved, changed flags or were deleted since the state the cache last reached, and the cache
 * follows. A message the cache does not hold yet is fetched and checked like any, unless it waits in a box the sync
 * rounds list anyway ({@code inbox}, {@code screener}): those go through the round's own handling (contact permits,
 * list requests), which the listing cursor guarantees.
 */
public final class ChangeLog {
    static final int PAGE = 500;
    private static final Set<String> LISTED_BOXES = Set.of("inbox", "screener");

    /** What one pass did. */
    public record Applied(int relabelled, int deleted, int fetched) {
        public int total() {
            return relabelled + deleted + fetched;
        }
    }

    private ChangeLog() {
    }

    /**
     * For a cache that has never followed the log: remembers where the log stands now, before the round lists the
     * boxes, so that nothing changed during the listing is missed (a change seen twice is applied twice, harmlessly).
     */
    public static void begin(Connection connection, SummaryCache cache, Sha256 account) throws IOException {
        if (cache.changeState(account) < 0) {
            cache.setChangeState(account, connection.server().changes(0, 1).state());
        }
    }

    /**
     * Applies the changes after the cache's state.
     *
     * @throws IOException when the server cannot be reached (the cache keeps its state; the next round goes on)
     */
    public static Applied apply(Connection connection, SummaryCache cache, Sha256 account, SenderTrust trust)
            throws IOException {
        long state = cache.changeState(account);
        if (state < 0) {
            return new Applied(0, 0, 0);
        }
        int relabelled = 0;
        int deleted = 0;
        int fetched = 0;
        while (true) {
            ChangePage page = connection.server().changes(state, PAGE);
            for (ChangePage.Change change : page.changes()) {
                if (change.gone()) {
                    if (cache.holds(account, change.id())) {
                        cache.remove(account, change.id());
                        deleted++;
                    }
                } else if (cache.holds(account, change.id())) {
                    cache.relabel(account, change.id(), change.box(), change.flags());
                    relabelled++;
                } else if (!LISTED_BOXES.contains(change.box()) && fetch(connection, cache, account, trust,
                        change.id())) {
                    fetched++;
                }
            }
            state = page.state();
            cache.setChangeState(account, state);
            if (!page.more()) {
                return new Applied(relabelled, deleted, fetched);
            }
        }
    }

    private static boolean fetch(Connection connection, SummaryCache cache, Sha256 account, SenderTrust trust,
                                 String id) throws IOException {
        MessageView view;
        try {
            view = connection.server().message(UUID.fromString(id));
        } catch (ApiException e) {
            if (e.code() == ErrorCode.UNKNOWN_RECIPIENT) {
                return false; // deleted since; its tombstone comes later in the log
            }
            throw e;
        }
        cache.put(account, Syncer.check(Syncer.opener(connection), trust, view), view.envelope().fromHash());
        return true;
    }
}
