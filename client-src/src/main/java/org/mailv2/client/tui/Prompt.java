package org.mailv2.client.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one-line editor at the bottom: the {@code :} command line (with Tab completion) and every question the UI asks
 * (search text, a box name, a path, a passphrase, masked).
 */
final class Prompt {
    private String label;
    private final StringBuilder text = new StringBuilder();
    private boolean masked;
    private Consumer<String> onEnter;
    private Function<String, List<String>> completer;
    private boolean active;

    boolean active() {
        return active;
    }

    void open(String label, String initial, boolean masked, Function<String, List<String>> completer,
              Consumer<String> onEnter) {
        this.label = label;
        this.text.setLength(0);
        this.text.append(initial);
        this.masked = masked;
        this.completer = completer;
        this.onEnter = onEnter;
        this.active = true;
    }

    void cancel() {
        active = false;
        wipe();
    }

    String line() {
        return label + (masked ? "*".repeat(text.length()) : text) + "▏";
    }

    /** Handles a key while open; returns a message to show (completions), or null. */
    String handle(KeyStroke key) {
        if (key.getKeyType() == KeyType.Escape) {
            cancel();
            return null;
        }
        if (key.getKeyType() == KeyType.Enter) {
            String value = text.toString();
            Consumer<String> action = onEnter;
            active = false;
            wipe();
            action.accept(value);
            return null;
        }
        if (key.getKeyType() == KeyType.Backspace) {
            if (text.length() > 0) {
                text.setLength(text.length() - 1);
            }
            return null;
        }
        if (key.getKeyType() == KeyType.Tab && completer != null) {
            List<String> options = completer.apply(text.toString());
            if (options.size() == 1) {
                text.setLength(0);
                text.append(options.get(0));
                return null;
            }
            if (!options.isEmpty()) {
                String common = options.get(0);
                for (String o : options) {
                    int i = 0;
                    while (i < common.length() && i < o.length() && common.charAt(i) == o.charAt(i)) {
                        i++;
                    }
                    common = common.substring(0, i);
                }
                text.setLength(0);
                text.append(common);
                return String.join("  ", options);
            }
            return null;
        }
        if (key.getKeyType() == KeyType.Character && !key.isCtrlDown() && !key.isAltDown()) {
            text.append(key.getCharacter());
        }
        return null;
    }

    /** Masked answers (passphrases) do not linger in the buffer. */
    private void wipe() {
        for (int i = 0; i < text.length(); i++) {
            text.setCharAt(i, '\0');
        }
        text.setLength(0);
    }
}
