package org.mailv2.client.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Which key does what. Defaults follow mutt/aerc/vim habits; {@code keys.properties} in the config folder overrides
 * any action ({@code reply = r C-r}). The help screen is generated from the active map, so it never lies.
 */
public final class KeyMap {
    /** Everything a key can do, with the words the help screen shows. */
    public enum Action {
        DOWN("down", "next line"), UP("up", "previous line"), PAGE_DOWN("page-down", "next page"),
        PAGE_UP("page-up", "previous page"), TOP("top", "first line"), BOTTOM("bottom", "last line"),
        OPEN("open", "open the message, thread or entry"), BACK("back", "back to the previous screen"),
        NEXT_PANE("next-pane", "switch between the sidebar and the main pane"),
        COMPOSE("compose", "write a new message"), REPLY("reply", "reply to the sender"),
        REPLY_ALL("reply-all", "reply to everyone"), FORWARD("forward", "forward the message"),
        DELETE("delete", "move to the trash (marked messages, or this one)"),
        MOVE("move", "move to a box (marked messages, or this one)"), FLAG("flag", "flag or unflag"),
        TOGGLE_READ("toggle-read", "mark read or unread"), MARK("mark", "mark for a bulk action"),
        THREADS("threads", "group by conversation, or not"), FOLD("fold", "fold or unfold a conversation"),
        SEARCH("search", "search sender and subject"), FILTER("filter", "filter: unread, flagged, lists, …"),
        SORT("sort", "newest or oldest first"), SAVE_ATTACHMENTS("save-attachments", "save the attachments"),
        PIPE("pipe", "pipe the message, decrypted as it was sealed, to a shell command"),
        OPEN_ATTACHMENT("open-attachment", "open an attachment with its viewer (mailcap, else xdg-open); removed"
                + " afterwards"),
        HTML_SOURCE("html-source", "reader: show an HTML message's source, or its text again"),
        ACCEPT_SENDER("accept-sender", "screener: let the sender in (their mail moves to the inbox, and they get a"
                + " contact permit)"),
        DECLINE_SENDER("decline-sender", "screener: turn the sender away (blocked at your server; waiting mail"
                + " deleted)"),
        REPORT("report", "report unwanted mail: to the trash, and its sender blocked"),
        SYNC("sync", "fetch new mail now"), LISTS("lists", "the lists pane"), KEYRING("keyring", "the keyring pane"),
        INBOX("inbox", "the message list"), COMMAND("command", "command line (:)"), HELP("help", "this help"),
        SUBSCRIBE("subscribe", "lists pane: subscribe to the selected list"),
        UNSUBSCRIBE("unsubscribe", "lists pane: leave the selected list (revokes its permit)"),
        BROWSE("browse", "lists pane: browse an organisation's or a server's lists"),
        POST("post", "lists pane: post to a list I own"),
        ACCEPT_KEY("accept-key", "keyring pane: accept a contact's changed key"),
        REJECT_KEY("reject-key", "keyring pane: keep the pinned key (sending stays stopped)"),
        EXPORT("export", "keyring pane: write an encrypted export of the vault"),
        PASSPHRASE("passphrase", "keyring pane: change the vault passphrase"),
        STAMP_BITS("stamp-bits", "keyring pane: the proof of work strangers pay to write to you"),
        ROTATE_KEYS("rotate-keys", "keyring pane: new keys for the account in use, signed by the old ones"),
        MOVE_ACCOUNT("move-account", "keyring pane: move the account in use to another server, keeping its address"),
        SEND("send", "compose: review, then send"), EDITOR("editor", "compose: edit the text in $EDITOR"),
        ATTACH("attach", "compose: attach a file"), DISCARD("discard", "compose: throw the draft away"),
        COMPLETE("complete", "compose: complete an address"),
        REDRAW("redraw", "redraw the screen"), QUIT("quit", "quit");

        final String name;
        final String description;

        Action(String name, String description) {
            this.name = name;
            this.description = description;
        }

        public String id() {
            return name;
        }

        static Action byName(String name) {
            for (Action a : values()) {
                if (a.name.equals(name)) {
                    return a;
                }
            }
            throw new IllegalArgumentException("unknown action '" + name + "'");
        }
    }

    private final Map<String, Action> byKey;
    private final Map<Action, List<String>> keysOf;

    private KeyMap(Map<Action, List<String>> keysOf) {
        this.keysOf = keysOf;
        this.byKey = new LinkedHashMap<>();
        keysOf.forEach((action, keys) -> keys.forEach(k -> byKey.put(k, action)));
    }

    public static KeyMap defaults() {
        Map<Action, List<String>> map = new EnumMap<>(Action.class);
        map.put(Action.DOWN, List.of("j", "Down"));
        map.put(Action.UP, List.of("k", "Up"));
        map.put(Action.PAGE_DOWN, List.of("C-f", "PageDown"));
        map.put(Action.PAGE_UP, List.of("C-b", "PageUp"));
        map.put(Action.TOP, List.of("g", "Home"));
        map.put(Action.BOTTOM, List.of("G", "End"));
        map.put(Action.OPEN, List.of("Enter", "l", "Right"));
        map.put(Action.BACK, List.of("Esc", "h", "Left"));
        map.put(Action.NEXT_PANE, List.of("Tab"));
        map.put(Action.COMPOSE, List.of("c"));
        map.put(Action.REPLY, List.of("r"));
        map.put(Action.REPLY_ALL, List.of("R"));
        map.put(Action.FORWARD, List.of("f"));
        map.put(Action.DELETE, List.of("d"));
        map.put(Action.MOVE, List.of("m"));
        map.put(Action.FLAG, List.of("F"));
        map.put(Action.TOGGLE_READ, List.of("U"));
        map.put(Action.MARK, List.of("Space"));
        map.put(Action.THREADS, List.of("T"));
        map.put(Action.FOLD, List.of("o"));
        map.put(Action.SEARCH, List.of("/"));
        map.put(Action.FILTER, List.of("\\"));
        map.put(Action.SORT, List.of("S"));
        map.put(Action.SAVE_ATTACHMENTS, List.of("a"));
        map.put(Action.PIPE, List.of("|"));
        map.put(Action.OPEN_ATTACHMENT, List.of("O"));
        map.put(Action.HTML_SOURCE, List.of("H"));
        map.put(Action.ACCEPT_SENDER, List.of("y"));
        map.put(Action.DECLINE_SENDER, List.of("n"));
        map.put(Action.REPORT, List.of("!"));
        map.put(Action.SYNC, List.of("$"));
        map.put(Action.LISTS, List.of("L"));
        map.put(Action.KEYRING, List.of("K"));
        map.put(Action.INBOX, List.of("I"));
        map.put(Action.COMMAND, List.of(":"));
        map.put(Action.HELP, List.of("?"));
        map.put(Action.SUBSCRIBE, List.of("s"));
        map.put(Action.UNSUBSCRIBE, List.of("u"));
        map.put(Action.BROWSE, List.of("b"));
        map.put(Action.POST, List.of("p"));
        map.put(Action.ACCEPT_KEY, List.of("A"));
        map.put(Action.REJECT_KEY, List.of("X"));
        map.put(Action.EXPORT, List.of("E"));
        map.put(Action.PASSPHRASE, List.of("P"));
        map.put(Action.STAMP_BITS, List.of("W"));
        map.put(Action.ROTATE_KEYS, List.of("N"));
        map.put(Action.MOVE_ACCOUNT, List.of("M"));
        map.put(Action.SEND, List.of("C-x", "F10"));
        map.put(Action.EDITOR, List.of("C-e"));
        map.put(Action.ATTACH, List.of("C-a"));
        map.put(Action.DISCARD, List.of("C-k"));
        map.put(Action.COMPLETE, List.of("C-n"));
        map.put(Action.REDRAW, List.of("C-l"));
        map.put(Action.QUIT, List.of("q"));
        return new KeyMap(map);
    }

    /**
     * The defaults with the file's overrides; a missing file means the defaults.
     *
     * @throws IllegalArgumentException naming the line for an unknown action or key
     */
    public static KeyMap load(Path file) throws IOException {
        KeyMap defaults = defaults();
        if (!Files.exists(file)) {
            return defaults;
        }
        Properties overrides = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            overrides.load(in);
        }
        Map<Action, List<String>> map = new EnumMap<>(defaults.keysOf);
        for (String name : overrides.stringPropertyNames()) {
            List<String> keys = List.of(overrides.getProperty(name).trim().split("\\s+"));
            for (String key : keys) {
                requireKnownKey(key, file);
            }
            try {
                map.put(Action.byName(name.trim()), keys);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage());
            }
        }
        // A key the user gave to one action is taken away from the action that had it by default.
        for (Map.Entry<Action, List<String>> e : map.entrySet()) {
            if (overrides.getProperty(e.getKey().name) == null) {
                List<String> kept = new ArrayList<>(e.getValue());
                kept.removeIf(k -> overrides.stringPropertyNames().stream().anyMatch(o ->
                        List.of(overrides.getProperty(o).trim().split("\\s+")).contains(k)));
                e.setValue(kept);
            }
        }
        return new KeyMap(map);
    }

    public Action action(KeyStroke stroke) {
        return byKey.get(name(stroke));
    }

    public List<String> keys(Action action) {
        return keysOf.getOrDefault(action, List.of());
    }

    /** The first key bound to an action, for hints ("? help"). */
    public String key(Action action) {
        List<String> keys = keys(action);
        return keys.isEmpty() ? "(unbound)" : keys.get(0);
    }

    /** A key stroke's name in the notation of {@code keys.properties}: {@code c}, {@code C-f}, {@code Enter}, … */
    public static String name(KeyStroke k) {
        if (k.getKeyType() == KeyType.Character) {
            char c = k.getCharacter();
            if (k.isCtrlDown()) {
                return "C-" + Character.toLowerCase(c);
            }
            if (k.isAltDown()) {
                return "M-" + c;
            }
            return c == ' ' ? "Space" : String.valueOf(c);
        }
        return switch (k.getKeyType()) {
            case ArrowDown -> "Down";
            case ArrowUp -> "Up";
            case ArrowLeft -> "Left";
            case ArrowRight -> "Right";
            case Escape -> "Esc";
            case Backspace -> "Backspace";
            case ReverseTab -> "S-Tab";
            default -> k.getKeyType().name();
        };
    }

    private static void requireKnownKey(String key, Path file) {
        boolean known = key.length() == 1 || key.matches("[CM]-.") || List.of("Space", "Down", "Up", "Left", "Right",
                "Esc", "Backspace", "S-Tab", "Enter", "Tab", "PageDown", "PageUp", "Home", "End", "Delete", "Insert")
                .contains(key) || key.matches("F([1-9]|1[0-9])");
        if (!known) {
            throw new IllegalArgumentException(file + ": unknown key '" + key + "'");
        }
    }

    /** One help line per action, in the order of {@link Action}. */
    public List<String> helpLines() {
        List<String> lines = new ArrayList<>();
        for (Action a : Action.values()) {
            List<String> keys = keys(a);
            lines.add(String.format(Locale.ROOT, "%-16s %-14s %s", String.join(" ", keys.isEmpty()
                    ? List.of("-") : keys), a.name, a.description));
        }
        return lines;
    }
}
