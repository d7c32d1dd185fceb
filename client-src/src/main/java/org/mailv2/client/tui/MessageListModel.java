package org.mailv2.client.tui;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mailv2.client.core.cache.SummaryCache;
import org.mailv2.protocol.digest.Sha256;

/**
 * The rows of the message list, fetched from the cache a page at a time: a box of 100,000 messages costs the rows on
 * screen, not 100,000. Three shapes: a box by date, a box by conversation (each unfoldable), or the result of a
 * search or filter.
 */
final class MessageListModel {
    static final int PAGE = 100;
    private static final int PAGES_KEPT = 16;

    /** One line: a message, or a conversation's head (its latest message) with its size. */
    record Row(SummaryCache.Entry entry, int threadIndex, int threadSize, boolean child, boolean unfolded) {
    }

    private final SummaryCache cache;
    private final Sha256 account;
    private String box = "inbox";
    private boolean threaded;
    private boolean oldestFirst;
    private List<SummaryCache.Entry> results;
    private String resultsLabel;
    private int count = -1;
    private final TreeMap<Integer, Integer> unfolded = new TreeMap<>();
    private final Map<Integer, List<SummaryCache.Entry>> pages = lru();
    private final Map<Integer, List<SummaryCache.Conversation>> threadPages = lru();

    MessageListModel(SummaryCache cache, Sha256 account) {
        this.cache = cache;
        this.account = account;
    }

    private static <V> Map<Integer, V> lru() {
        return new LinkedHashMap<>(PAGES_KEPT, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, V> eldest) {
                return size() > PAGES_KEPT;
            }
        };
    }

    String box() {
        return box;
    }

    boolean threaded() {
        return threaded;
    }

    boolean oldestFirst() {
        return oldestFirst;
    }

    /** Null unless a search or filter is showing. */
    String resultsLabel() {
        return results == null ? null : resultsLabel;
    }

    void showBox(String name) {
        box = name;
        results = null;
        refresh();
    }

    void setThreaded(boolean on) {
        threaded = on;
        refresh();
    }

    void setOldestFirst(boolean on) {
        oldestFirst = on;
        refresh();
    }

    void showResults(String label, List<SummaryCache.Entry> found) {
        results = List.copyOf(found);
        resultsLabel = label;
        refresh();
    }

    void clearResults() {
        results = null;
        refresh();
    }

    /** Forgets fetched pages (new mail, a move): the next draw asks the cache again. */
    void refresh() {
        pages.clear();
        threadPages.clear();
        unfolded.clear();
        count = -1;
    }

    int size() {
        if (results != null) {
            return results.size();
        }
        if (count < 0) {
            count = threaded ? cache.threadCount(account, box) : cache.count(account, box);
        }
        if (!threaded) {
            return count;
        }
        int extra = 0;
        for (int n : unfolded.values()) {
            extra += n;
        }
        return count + extra;
    }

    Row row(int index) {
        if (results != null) {
            return new Row(results.get(index), -1, 1, false, false);
        }
        if (!threaded) {
            int position = oldestFirst ? size() - 1 - index : index;
            return new Row(entryAt(position), -1, 1, false, false);
        }
        int before = 0;
        for (Map.Entry<Integer, Integer> e : unfolded.entrySet()) {
            int head = e.getKey() + before;
            if (index < head) {
                break;
            }
            if (index == head) {
                return threadRow(e.getKey(), -1);
            }
            if (index <= head + e.getValue()) {
                return threadRow(e.getKey(), index - head - 1);
            }
            before += e.getValue();
        }
        return threadRow(index - before, -1);
    }

    /** Folds or unfolds the conversation at a row; returns the row its head is on afterwards. */
    int toggleFold(int index) {
        Row row = row(index);
        if (row.threadIndex() < 0 || row.threadSize() < 2) {
            return index;
        }
        int head = index - (row.child() ? childOffset(index, row.threadIndex()) : 0);
        if (unfolded.remove(row.threadIndex()) == null) {
            unfolded.put(row.threadIndex(), row.threadSize());
        }
        return head;
    }

    private int childOffset(int index, int threadIndex) {
        int offset = 0;
        while (row(index - offset).child()) {
            offset++;
        }
        return offset;
    }

    private SummaryCache.Entry entryAt(int position) {
        int page = position / PAGE;
        List<SummaryCache.Entry> rows = pages.computeIfAbsent(page, p -> cache.page(account, box, p * PAGE, PAGE));
        int at = position % PAGE;
        return at < rows.size() ? rows.get(at) : null;
    }

    private Row threadRow(int threadIndex, int child) {
        int threadCount = count >= 0 ? count : size();
        int position = oldestFirst ? threadCount - 1 - threadIndex : threadIndex;
        int page = position / PAGE;
        List<SummaryCache.Conversation> rows = threadPages.computeIfAbsent(page, p ->
                cache.threads(account, box, p * PAGE, PAGE));
        int at = position % PAGE;
        if (at >= rows.size()) {
            return new Row(null, threadIndex, 1, false, false);
        }
        SummaryCache.Conversation conversation = rows.get(at);
        boolean open = unfolded.containsKey(threadIndex);
        if (child < 0) {
            return new Row(conversation.latest(), threadIndex, conversation.messages().size(), false, open);
        }
        return new Row(conversation.messages().get(child), threadIndex, conversation.messages().size(), true, open);
    }
}
