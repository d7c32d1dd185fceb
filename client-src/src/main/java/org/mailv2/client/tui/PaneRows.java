package org.mailv2.client.tui;

import com.googlecode.lanterna.gui2.TextGUIGraphics;
import java.util.ArrayList;
import java.util.List;

/**
 * The selectable rows of a pane made of titled sections (lists pane, keyring pane), with a cursor that skips titles.
 */
final class PaneRows<T> {
    /** A row: a section title (no value), or an entry with the value actions apply to. */
    record Row<T>(String text, Theme.Role role, T value) {
        boolean selectable() {
            return value != null;
        }
    }

    private final List<Row<T>> rows = new ArrayList<>();
    private int cursor;
    private int top;

    void clear() {
        rows.clear();
    }

    void title(String text) {
        if (!rows.isEmpty()) {
            rows.add(new Row<>("", Theme.Role.NORMAL, null));
        }
        rows.add(new Row<>(text, Theme.Role.HEADER, null));
    }

    void note(String text, Theme.Role role) {
        rows.add(new Row<>("  " + text, role, null));
    }

    void entry(String text, Theme.Role role, T value) {
        rows.add(new Row<>("  " + text, role, value));
    }

    T selected() {
        settle(0);
        return cursor < rows.size() && rows.get(cursor).selectable() ? rows.get(cursor).value() : null;
    }

    /** Moves the cursor by {@code delta} selectable rows. */
    void move(int delta) {
        int step = delta >= 0 ? 1 : -1;
        for (int n = 0; n < Math.abs(delta); n++) {
            int next = cursor + step;
            while (next >= 0 && next < rows.size() && !rows.get(next).selectable()) {
                next += step;
            }
            if (next < 0 || next >= rows.size()) {
                break;
            }
            cursor = next;
        }
    }

    /** Moves the cursor for a movement action; @return whether the action was one */
    boolean navigate(KeyMap.Action action) {
        switch (action) {
            case DOWN -> move(1);
            case UP -> move(-1);
            case PAGE_DOWN -> move(10);
            case PAGE_UP -> move(-10);
            case TOP -> move(-rows.size());
            case BOTTOM -> move(rows.size());
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Puts the cursor back on a selectable row after the rows changed. */
    void settle(int ignored) {
        if (rows.isEmpty()) {
            cursor = 0;
            return;
        }
        cursor = Math.min(cursor, rows.size() - 1);
        if (!rows.get(cursor).selectable()) {
            move(1);
            if (!rows.get(cursor).selectable()) {
                move(-1);
            }
        }
    }

    void paint(View view, TextGUIGraphics g) {
        settle(0);
        int height = g.getSize().getRows();
        int width = g.getSize().getColumns();
        if (cursor < top) {
            top = cursor;
        } else if (cursor >= top + height) {
            top = cursor - height + 1;
        }
        for (int y = 0; y < height && top + y < rows.size(); y++) {
            Row<T> row = rows.get(top + y);
            boolean on = top + y == cursor && row.selectable();
            view.put(g, 0, y, width, on ? Theme.Role.SELECTED : row.role(), " " + row.text());
        }
    }
}
