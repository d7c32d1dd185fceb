package org.mailv2.client.tui;

import org.mailv2.client.core.text.UntrustedText;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TerminalTextUtils;
import com.googlecode.lanterna.gui2.AbstractComponent;
import com.googlecode.lanterna.gui2.ComponentRenderer;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import com.googlecode.lanterna.input.KeyStroke;

/**
 * A screen region that draws itself from its model and answers key-map actions. Views never block: anything slow is
 * started through {@link Jobs} and the view is invalidated when the result arrives.
 */
abstract class View extends AbstractComponent<View> {
    protected final Theme theme;
    private final TerminalSize preferred;

    View(Theme theme, TerminalSize preferred) {
        this.theme = theme;
        this.preferred = preferred;
    }

    /** Draws the whole region (the graphics are already clipped to it). */
    abstract void paint(TextGUIGraphics g);

    /** @return whether the action meant something here */
    boolean handle(KeyMap.Action action, KeyStroke key) {
        return false;
    }

    /** The hint line the status bar shows while this view is active. */
    String hints(KeyMap keys) {
        return "";
    }

    @Override
    protected ComponentRenderer<View> createDefaultRenderer() {
        return new ComponentRenderer<>() {
            @Override
            public TerminalSize getPreferredSize(View component) {
                return preferred;
            }

            @Override
            public void drawComponent(TextGUIGraphics graphics, View component) {
                theme.apply(graphics, Theme.Role.NORMAL);
                graphics.fill(' ');
                component.paint(graphics);
            }
        };
    }

    /** A hint line: pairs of an action and what it does here, each shown with its first key ("r:reply"). */
    static String hints(KeyMap keys, Object... actionThenLabel) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i + 1 < actionThenLabel.length; i += 2) {
            line.append(line.length() == 0 ? "" : "  ").append(keys.key((KeyMap.Action) actionThenLabel[i]))
                    .append(':').append(actionThenLabel[i + 1]);
        }
        return line.toString();
    }

    /**
     * The new top line of a scrolling text after a movement key, or -1 when the action is not a movement; {@code page}
     * is the height of the region.
     */
    static int scrolled(KeyMap.Action action, int scroll, int page) {
        return switch (action) {
            case DOWN -> scroll + 1;
            case UP -> Math.max(0, scroll - 1);
            case PAGE_DOWN -> scroll + Math.max(1, page - 1);
            case PAGE_UP -> Math.max(0, scroll - Math.max(1, page - 1));
            case TOP -> 0;
            case BOTTOM -> Integer.MAX_VALUE / 2;
            default -> -1;
        };
    }

    /** {@code text} cut or padded to exactly {@code width} columns. */
    static String fit(String text, int width) {
        if (width <= 0) {
            return "";
        }
        // Every string reaches the screen through here: text from others is made visible, never obeyed.
        String clean = text == null ? "" : UntrustedText.line(text);
        String cut = TerminalTextUtils.fitString(clean, width);
        if (TerminalTextUtils.getColumnWidth(clean) > width && width > 1) {
            cut = TerminalTextUtils.fitString(clean, width - 1) + "…";
        }
        int pad = width - TerminalTextUtils.getColumnWidth(cut);
        return pad > 0 ? cut + " ".repeat(pad) : cut;
    }

    /** Draws {@code text} in {@code role} at a position, fitted to {@code width}. */
    void put(TextGUIGraphics g, int column, int row, int width, Theme.Role role, String text) {
        theme.apply(g, role);
        g.putString(column, row, fit(text, width));
    }
}
