package org.mailv2.client.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The colours, by role. {@code theme.properties} in the config folder overrides any role ({@code warning = #ff5f5f}
 * or an ANSI name such as {@code red}); {@code NO_COLOR} (no-color.org) turns every colour off and leaves emphasis to
 * bold and reverse video.
 */
public final class Theme {
    /** What a piece of text is, rather than what colour it has. */
    public enum Role { NORMAL, DIM, SELECTED, HEADER, VERIFIED, WARNING, ACCENT, STATUS, UNREAD }

    private final Map<Role, TextColor> foreground;
    private final TextColor background;
    private final boolean colour;

    private Theme(Map<Role, TextColor> foreground, TextColor background, boolean colour) {
        this.foreground = foreground;
        this.background = background;
        this.colour = colour;
    }

    public static Theme defaults() {
        Map<Role, TextColor> fg = new EnumMap<>(Role.class);
        fg.put(Role.NORMAL, TextColor.ANSI.DEFAULT);
        fg.put(Role.DIM, TextColor.ANSI.BLACK_BRIGHT);
        fg.put(Role.SELECTED, TextColor.ANSI.WHITE_BRIGHT);
        fg.put(Role.HEADER, TextColor.ANSI.CYAN);
        fg.put(Role.VERIFIED, TextColor.ANSI.GREEN);
        fg.put(Role.WARNING, TextColor.ANSI.RED_BRIGHT);
        fg.put(Role.ACCENT, TextColor.ANSI.YELLOW);
        fg.put(Role.STATUS, TextColor.ANSI.WHITE_BRIGHT);
        fg.put(Role.UNREAD, TextColor.ANSI.WHITE_BRIGHT);
        return new Theme(fg, TextColor.ANSI.DEFAULT, true);
    }

    public static Theme monochrome() {
        Map<Role, TextColor> fg = new EnumMap<>(Role.class);
        for (Role r : Role.values()) {
            fg.put(r, TextColor.ANSI.DEFAULT);
        }
        return new Theme(fg, TextColor.ANSI.DEFAULT, false);
    }

    /** The theme for this environment: monochrome under {@code NO_COLOR}, else the defaults with the file's changes. */
    public static Theme load(Path file, Map<String, String> env) throws IOException {
        String noColor = env.get("NO_COLOR");
        if (noColor != null && !noColor.isEmpty()) {
            return monochrome();
        }
        Theme theme = defaults();
        if (!Files.exists(file)) {
            return theme;
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        Map<Role, TextColor> fg = new EnumMap<>(theme.foreground);
        for (String name : p.stringPropertyNames()) {
            Role role;
            try {
                role = Role.valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": unknown role '" + name + "'");
            }
            TextColor colour = TextColor.Factory.fromString(p.getProperty(name).trim());
            if (colour == null) {
                throw new IllegalArgumentException(file + ": unknown colour '" + p.getProperty(name) + "'");
            }
            fg.put(role, colour);
        }
        return new Theme(fg, theme.background, true);
    }

    public boolean colour() {
        return colour;
    }

    /** Sets up {@code g} to draw text of this role (reverse video marks selection in every theme). */
    public void apply(TextGraphics g, Role role) {
        g.clearModifiers();
        g.setBackgroundColor(background);
        g.setForegroundColor(foreground.get(role));
        switch (role) {
            case SELECTED, STATUS -> g.enableModifiers(SGR.REVERSE);
            case HEADER, UNREAD -> g.enableModifiers(SGR.BOLD);
            case WARNING -> {
                if (!colour) {
                    g.enableModifiers(SGR.BOLD, SGR.UNDERLINE);
                }
            }
            default -> {
            }
        }
    }
}
