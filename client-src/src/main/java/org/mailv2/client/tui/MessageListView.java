package org.mailv2.client.tui;

import org.mailv2.client.core.session.ScreenerActions;
import org.mailv2.client.core.text.Plural;
import org.mailv2.client.core.trust.Trust;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.mailv2.client.core.cache.SummaryCache;
import org.mailv2.client.core.keyring.Keyring;

/**
 * The message list: one line per message (or conversation), with the badges that matter here: ✓ verified signature,
 * ! key changed, ✗ failed verification, N unread, F flagged, A answered, L list mail, + attachments. Only the lines on
 * screen are fetched.
 */
final class MessageListView extends View {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM dd", Locale.ROOT);
    private static final DateTimeFormatter YEAR = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);

    private final PaneHost app;
    final MessageListModel model;
    private final Set<String> marks = new LinkedHashSet<>();
    private final ZoneId zone;
    private int selected;
    private int top;
    private int height = 20;

    MessageListView(PaneHost app, Theme theme, MessageListModel model, ZoneId zone) {
        super(theme, new TerminalSize(60, 10));
        this.app = app;
        this.model = model;
        this.zone = zone;
    }

    /** The index of the top line on screen (where a click lands). */
    int firstVisible() {
        return top;
    }

    int selectedIndex() {
        return selected;
    }

    /** The message under the cursor, or null for an empty list. */
    SummaryCache.Entry selectedEntry() {
        int size = model.size();
        if (size == 0) {
            return null;
        }
        selected = Math.min(selected, size - 1);
        return model.row(selected).entry();
    }

    /** The marked messages, or the one under the cursor when none are marked. */
    Set<String> targets() {
        if (!marks.isEmpty()) {
            return Set.copyOf(marks);
        }
        SummaryCache.Entry e = selectedEntry();
        return e == null ? Set.of() : Set.of(e.messageId());
    }

    void clearMarks() {
        marks.clear();
    }

    void select(int index) {
        selected = Math.max(0, Math.min(index, model.size() - 1));
        invalidate();
    }

    @Override
    boolean handle(KeyMap.Action action, KeyStroke key) {
        int size = model.size();
        switch (action) {
            case DOWN -> select(selected + 1);
            case UP -> select(selected - 1);
            case PAGE_DOWN -> select(selected + Math.max(1, height - 1));
            case PAGE_UP -> select(selected - Math.max(1, height - 1));
            case TOP -> select(0);
            case BOTTOM -> select(size - 1);
            case MARK -> {
                SummaryCache.Entry e = selectedEntry();
                if (e != null && !marks.remove(e.messageId())) {
                    marks.add(e.messageId());
                }
                select(selected + 1);
            }
            case FOLD -> select(model.toggleFold(selected));
            case THREADS -> {
                model.setThreaded(!model.threaded());
                select(0);
                app.say(model.threaded() ? "grouped by conversation (o folds and unfolds)" : "one line per message");
            }
            case SORT -> {
                model.setOldestFirst(!model.oldestFirst());
                select(0);
                app.say(model.oldestFirst() ? "oldest first" : "newest first");
            }
            case OPEN -> {
                if (size == 0) {
                    return true;
                }
                MessageListModel.Row row = model.row(selected);
                if (row.threadIndex() >= 0 && row.threadSize() > 1 && !row.child() && !row.unfolded()) {
                    select(model.toggleFold(selected));
                } else if (row.entry() != null) {
                    app.openMessage(row.entry());
                }
            }
            case BACK -> {
                if (model.resultsLabel() != null) {
                    model.clearResults();
                    select(0);
                    app.say("showing " + model.box());
                } else if (!marks.isEmpty()) {
                    marks.clear();
                    invalidate();
                } else {
                    return false;
                }
            }
            default -> {
                return false;
            }
        }
        invalidate();
        return true;
    }

    @Override
    String hints(KeyMap keys) {
        if (model.box().equals(ScreenerActions.BOX)) {
            return hints(keys, KeyMap.Action.OPEN, "open", KeyMap.Action.ACCEPT_SENDER, "accept sender",
                    KeyMap.Action.DECLINE_SENDER, "decline sender", KeyMap.Action.REPORT, "report",
                    KeyMap.Action.HELP, "help");
        }
        return hints(keys, KeyMap.Action.OPEN, "open", KeyMap.Action.COMPOSE, "compose", KeyMap.Action.REPLY, "reply",
                KeyMap.Action.SEARCH, "search", KeyMap.Action.THREADS, "threads", KeyMap.Action.LISTS, "lists",
                KeyMap.Action.KEYRING, "keyring", KeyMap.Action.HELP, "help");
    }

    @Override
    void paint(TextGUIGraphics g) {
        int width = g.getSize().getColumns();
        height = Math.max(1, g.getSize().getRows() - 1);
        String label = model.resultsLabel();
        String title = label != null ? label + "  (" + model.size() + ")  Esc: back to " + model.box()
                : model.box() + "  " + Plural.of(model.size(), model.threaded() ? "conversation" : "message")
                + (model.oldestFirst() ? ", oldest first" : "") + (marks.isEmpty() ? "" : ", " + marks.size()
                + " marked");
        put(g, 0, 0, width, Theme.Role.HEADER, " " + title);
        int size = model.size();
        if (size == 0) {
            put(g, 1, 2, width - 1, Theme.Role.DIM, label != null ? "nothing matches" : "no messages");
            return;
        }
        selected = Math.max(0, Math.min(selected, size - 1));
        if (selected < top) {
            top = selected;
        } else if (selected >= top + height) {
            top = selected - height + 1;
        }
        top = Math.max(0, Math.min(top, Math.max(0, size - height)));
        Keyring keyring = app.session().keyring();
        for (int line = 0; line < height && top + line < size; line++) {
            int index = top + line;
            MessageListModel.Row row = model.row(index);
            drawRow(g, line + 1, width, row, index == selected, keyring);
        }
    }

    private void drawRow(TextGUIGraphics g, int y, int width, MessageListModel.Row row, boolean cursor,
                         Keyring keyring) {
        SummaryCache.Entry e = row.entry();
        if (e == null) {
            return;
        }
        boolean unread = !e.flags().contains("seen");
        Theme.Role base = cursor ? Theme.Role.SELECTED : unread ? Theme.Role.UNREAD : Theme.Role.NORMAL;
        int x = 0;
        put(g, x, y, 1, base, marks.contains(e.messageId()) ? "*" : " ");
        x++;
        String verification;
        Theme.Role verificationRole;
        verification = badge(e.trust());
        verificationRole = e.verified() ? Theme.Role.VERIFIED : Theme.Role.WARNING;
        put(g, x, y, 1, cursor ? Theme.Role.SELECTED : verificationRole, verification);
        x++;
        String badges = (unread ? "N" : " ") + (e.flags().contains("flagged") ? "F" : " ")
                + (e.flags().contains("answered") ? "A" : " ")
                + (e.summary() != null && e.summary().listId() != null ? "L" : " ")
                + (e.summary() != null && !e.summary().attachments().isEmpty() ? "+" : " ");
        put(g, x, y, 6, base, badges + " ");
        x += 6;
        if (!e.verified()) {
            put(g, x, y, width - x, cursor ? Theme.Role.SELECTED : Theme.Role.WARNING, e.trust() == Trust.KEY_CHANGED
                    ? "KEY CHANGED — signed with a key the sender's pinned key did not endorse; not shown"
                    : e.trust() == Trust.UNCHECKED ? "not checked yet — the next sync checks it"
                    : "NOT VERIFIED (" + e.problem() + ") — not shown");
            return;
        }
        put(g, x, y, 11, base, date(e.summary().date()));
        x += 11;
        int senderWidth = Math.min(26, Math.max(10, (width - x) / 3));
        String indent = row.child() ? "  " : "";
        put(g, x, y, senderWidth + 1, base, indent + e.summary().from());
        x += senderWidth + 1;
        String count = row.threadIndex() >= 0 && row.threadSize() > 1 && !row.child()
                ? (row.unfolded() ? "▾" : "▸") + row.threadSize() + " " : "";
        String box = row.child() && !e.box().equals(model.box()) ? " [" + e.box() + "]" : "";
        put(g, x, y, width - x, base, count + e.summary().subject() + box);
    }

    /**
     * ✔ signed by a contact's key whose safety number the user checked, ✓ by the key pinned on first use, ! by a
     * changed key, ✗ failed, ? not checked yet.
     */
    static String badge(Trust trust) {
        return switch (trust) {
            case VERIFIED -> "✔";
            case PINNED -> "✓";
            case KEY_CHANGED -> "!";
            case FAILED -> "✗";
            case UNCHECKED -> "?";
        };
    }

    private String date(String iso) {
        ZonedDateTime when = Instant.parse(iso).atZone(zone);
        LocalDate today = LocalDate.now(app.clock().withZone(zone));
        if (when.toLocalDate().equals(today)) {
            return when.format(TIME);
        }
        return when.getYear() == today.getYear() ? when.format(DAY) : when.format(YEAR);
    }
}
