package org.mailv2.client.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The left column: the account in use (and the keyring's other accounts, to switch to), its boxes with unread counts,
 * the lists it follows, drafts, lists and keyring.
 */
final class Sidebar extends View {
    /** An entry and where it leads. */
    record Entry(String label, String target) {
    }

    private final MailTui app;
    private List<Entry> entries = List.of();
    private Map<String, Integer> unread = Map.of();
    private int cursor;
    private boolean focused;
    private String active = "box:inbox";

    Sidebar(MailTui app, Theme theme) {
        super(theme, new TerminalSize(24, 10));
        this.app = app;
    }

    void setFocused(boolean on) {
        focused = on;
        invalidate();
    }

    void setActive(String target) {
        active = target;
        invalidate();
    }

    /** Rebuilds the entries; counts come from the cache (local and quick). */
    void refresh(List<String> accounts, List<String> boxes, Map<String, Integer> unreadCounts,
                 List<String> followedLists, int drafts) {
        List<Entry> list = new ArrayList<>();
        for (String a : accounts) {
            list.add(new Entry(a, "account:" + a));
        }
        for (String b : boxes) {
            list.add(new Entry(b, "box:" + b));
        }
        for (String l : followedLists) {
            list.add(new Entry("≡ " + l, "list:" + l));
        }
        list.add(new Entry("Drafts" + (drafts > 0 ? " (" + drafts + ")" : ""), "drafts"));
        list.add(new Entry("Lists", "lists"));
        list.add(new Entry("Keyring", "keyring"));
        entries = list;
        unread = unreadCounts;
        cursor = Math.min(cursor, entries.size() - 1);
        invalidate();
    }

    @Override
    boolean handle(KeyMap.Action action, KeyStroke key) {
        switch (action) {
            case DOWN -> cursor = Math.min(entries.size() - 1, cursor + 1);
            case UP -> cursor = Math.max(0, cursor - 1);
            case TOP -> cursor = 0;
            case BOTTOM -> cursor = entries.size() - 1;
            case OPEN -> app.go(entries.get(cursor).target());
            default -> {
                return false;
            }
        }
        invalidate();
        return true;
    }

    @Override
    void paint(TextGUIGraphics g) {
        int width = g.getSize().getColumns() - 1;
        put(g, 0, 0, width, Theme.Role.HEADER, " " + app.session().me().address());
        for (int i = 0; i < entries.size() && i + 2 < g.getSize().getRows(); i++) {
            Entry e = entries.get(i);
            int count = e.target().startsWith("box:") ? unread.getOrDefault(e.target().substring(4), 0) : 0;
            boolean account = e.target().startsWith("account:");
            boolean current = account ? e.target().equals("account:" + app.session().me().address())
                    : e.target().equals(active);
            String text = " " + (current ? account ? "● " : "▶ " : account ? "○ " : "  ") + e.label();
            String badge = count > 0 ? " " + count + " " : "";
            Theme.Role role = focused && i == cursor ? Theme.Role.SELECTED
                    : count > 0 ? Theme.Role.UNREAD : Theme.Role.NORMAL;
            put(g, 0, i + 2, width - badge.length(), role, text);
            if (!badge.isEmpty()) {
                put(g, width - badge.length(), i + 2, badge.length(), focused && i == cursor ? Theme.Role.SELECTED
                        : Theme.Role.ACCENT, badge);
            }
        }
        theme.apply(g, Theme.Role.DIM);
        for (int y = 0; y < g.getSize().getRows(); y++) {
            g.putString(width, y, "│");
        }
    }
}
