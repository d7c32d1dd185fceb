package org.mailv2.client.core.text;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.mailv2.protocol.json.Json;

/**
 * The one sanitiser between text that others wrote (subjects, names, bodies, attachment names, list and organisation
 * titles, servers' error messages) and a terminal. A terminal obeys control characters: C0 and C1 controls and DEL
 * can move the cursor, erase and redraw lines (a forged "verified" line), set the window title or the clipboard (OSC
 * 52); bidirectional overrides and isolates reorder what is shown. Each such character is shown visibly instead, as
 * {@code \u202e}; in bodies newline and tab stay (a CR before a newline is dropped).
 *
 * <p>{@link #json} writes {@code --json} output with every such character as a {@code \}{@code u} escape, so the exact
 * text survives and still no such byte reaches standard output.
 */
public final class UntrustedText {
    private static final ObjectMapper JSON = terminalSafe();

    private UntrustedText() {
    }

    /** One line: every control, DEL, C1 and bidi character made visible (also newline and tab). */
    public static String line(String text) {
        return text == null ? null : clean(text, false);
    }

    /** A body: as {@link #line}, but newlines and tabs stay, and CR LF becomes LF. */
    public static String body(String text) {
        return text == null ? null : clean(text.replace("\r\n", "\n"), true);
    }

    /** Whether a terminal would act on this code point instead of showing it. */
    public static boolean isControl(int c) {
        return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || isInvisible(c);
    }

    /** Bidi marks, embeddings, overrides and isolates, and the line and paragraph separators. */
    public static boolean isInvisible(int c) {
        return c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029;
    }

    /** {@code value} as JSON for standard output: the text exact, every control written as an escape. */
    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not writable as JSON", e);
        }
    }

    private static String clean(String text, boolean keepLines) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (keepLines && (c == '\n' || c == '\t')) {
                out.append((char) c);
            } else if (isControl(c)) {
                out.append(escape(c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    private static String escape(int c) {
        return String.format("\\u%04x", c);
    }

    private static ObjectMapper terminalSafe() {
        ObjectMapper mapper = Json.mapper().copy();
        mapper.getFactory().setCharacterEscapes(new CharacterEscapes() {
            private final int[] ascii = ascii();

            private int[] ascii() {
                int[] codes = CharacterEscapes.standardAsciiEscapesForJSON();
                codes[0x7f] = CharacterEscapes.ESCAPE_STANDARD;
                return codes;
            }

            @Override
            public int[] getEscapeCodesForAscii() {
                return ascii;
            }

            @Override
            public SerializableString getEscapeSequence(int c) {
                return isControl(c) ? new SerializedString(escape(c)) : null;
            }
        });
        return mapper;
    }
}
