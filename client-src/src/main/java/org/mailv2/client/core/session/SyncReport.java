package org.mailv2.client.core.session;

import java.util.List;
import org.mailv2.client.core.lists.ListPosts;
import org.mailv2.client.core.lists.ListService;
import org.mailv2.client.core.send.Delivery;
import org.mailv2.client.core.send.Sender;

/**
 * What one sync round did: what the outbox sent (or still keeps), how many messages were new (and, for the inbox,
 * how many new ones wait in the screener), how many carried a key the pinned one did not endorse, how
 * many contact permits arrived, the copies sent again with a stamp after a refused permit, the delivery-status
 * messages not acted on, the lists whose requests were applied, the interrupted posts finished, and why the server
 * could not be reached (null when it could).
 */
public record SyncReport(String box, Sender.Flushed outbox, int added, int screened, int keyChanged, int learntPermits, List<Delivery> resent,
                         List<String> unanswered, List<ListService.Applied> lists,
                         List<ListPosts.ResumedPost> resumedPosts, String unreachable) {
    public SyncReport {
        resent = List.copyOf(resent);
        unanswered = List.copyOf(unanswered);
        lists = List.copyOf(lists);
        resumedPosts = List.copyOf(resumedPosts);
    }
}
