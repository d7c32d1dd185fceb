package org.mailv2.client.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import java.util.ArrayList;
import java.util.List;

/** The help screen, generated from the active key map and the command list, so it matches what the keys do. */
final class HelpView extends View {
    private final List<String> lines = new ArrayList<>();
    private int scroll;
    private int height = 20;

    HelpView(Theme theme, KeyMap keys, List<String> commands) {
        super(theme, new TerminalSize(60, 10));
        lines.add("Keys (change them in keys.properties in the config folder):");
        lines.add("");
        lines.addAll(keys.helpLines());
        lines.add("");
        lines.add("Commands (type " + keys.key(KeyMap.Action.COMMAND) + " then a command; Tab completes):");
        lines.add("");
        commands.forEach(c -> lines.add("  :" + c));
        lines.add("");
        lines.add("Badges: ✓ verified signature (key pinned on first use)  ✔ verified, safety number checked");
        lines.add("        ! signed by a changed key (not shown until accepted)  ✗ failed verification  ? not checked"
                + " yet");
        lines.add("        N unread  F flagged  A answered  L list mail  + attachments  * marked");
    }

    @Override
    boolean handle(KeyMap.Action action, KeyStroke key) {
        int next = scrolled(action, scroll, height);
        if (next < 0) {
            return false;
        }
        scroll = next;
        invalidate();
        return true;
    }

    @Override
    String hints(KeyMap keys) {
        return hints(keys, KeyMap.Action.BACK, "back");
    }

    @Override
    void paint(TextGUIGraphics g) {
        height = g.getSize().getRows();
        scroll = Math.max(0, Math.min(scroll, Math.max(0, lines.size() - height)));
        for (int y = 0; y < height && scroll + y < lines.size(); y++) {
            String line = lines.get(scroll + y);
            put(g, 1, y, g.getSize().getColumns() - 1, y + scroll == 0 ? Theme.Role.HEADER : Theme.Role.NORMAL,
                    line);
        }
    }
}
