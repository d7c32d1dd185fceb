package org.mailv2.client.tui;

import org.mailv2.client.core.trust.Trust;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TerminalTextUtils;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.mailv2.client.core.cache.SummaryCache;
import org.mailv2.client.core.text.HtmlText;
import org.mailv2.protocol.seal.OpenedMessage;
import org.mailv2.protocol.seal.ReceivedAttachment;

/**
 * One message, opened and checked: who signed it (and with which pinned key), who it went to, the text wrapped to the
 * screen and the attachments. The body is plain text; nothing is ever fetched because of what a message says.
 */
final class ReaderView extends View {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm", Locale.ROOT);

    private final PaneHost app;
    private final ZoneId zone;
    final SummaryCache.Entry entry;
    private OpenedMessage message;
    private String failure;
    private int scroll;
    private int height = 20;
    private List<Line> wrapped;
    private int wrappedWidth;
    /** Whether an HTML message shows its markup (as text, never rendered by a browser) instead of its text. */
    private boolean source;

    ReaderView(PaneHost app, Theme theme, SummaryCache.Entry entry, ZoneId zone) {
        super(theme, new TerminalSize(60, 10));
        this.app = app;
        this.entry = entry;
        this.zone = zone;
    }

    OpenedMessage message() {
        return message;
    }

    void opened(OpenedMessage opened) {
        this.message = opened;
        this.failure = null;
        this.wrapped = null;
        invalidate();
    }

    void failed(String why) {
        this.failure = why;
        invalidate();
    }

    @Override
    boolean handle(KeyMap.Action action, KeyStroke key) {
        if (action == KeyMap.Action.HTML_SOURCE) {
            if (message == null || message.html() == null) {
                app.say("this message has no HTML part");
            } else {
                source = !source;
                wrapped = null;
                scroll = 0;
                invalidate();
            }
            return true;
        }
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
        return hints(keys, KeyMap.Action.BACK, "back", KeyMap.Action.REPLY, "reply", KeyMap.Action.REPLY_ALL,
                "reply all", KeyMap.Action.FORWARD, "forward", KeyMap.Action.SAVE_ATTACHMENTS, "save attachments",
                KeyMap.Action.OPEN_ATTACHMENT, "open attachment", KeyMap.Action.PIPE, "pipe", KeyMap.Action.DELETE,
                "delete");
    }

    @Override
    void paint(TextGUIGraphics g) {
        int width = g.getSize().getColumns();
        height = g.getSize().getRows();
        List<Line> lines = lines(width - 2);
        scroll = Math.max(0, Math.min(scroll, Math.max(0, lines.size() - height)));
        for (int y = 0; y < height && scroll + y < lines.size(); y++) {
            Line line = lines.get(scroll + y);
            put(g, 1, y, width - 1, line.role(), line.text());
        }
    }

    private record Line(Theme.Role role, String text) {
    }

    private List<Line> lines(int width) {
        List<Line> lines = new ArrayList<>();
        if (!entry.verified()) {
            lines.add(new Line(Theme.Role.WARNING, entry.trust() == Trust.KEY_CHANGED
                    ? "! KEY CHANGED: this message is signed with key " + shortKey(entry.keyId()) + ", which the key"
                    + " you pinned for its sender did not endorse. It is not shown. Check with the sender, then"
                    + " accept or reject the key in the keyring pane."
                    : "This message FAILED verification (" + entry.problem() + ")."));
            lines.add(new Line(Theme.Role.WARNING, "Its sender cannot be trusted and its contents are not shown."));
            return lines;
        }
        var s = entry.summary();
        lines.add(new Line(Theme.Role.HEADER, "From:    " + (message != null && message.fromName() != null
                && !message.fromName().isBlank() ? message.fromName() + " <" + s.from() + ">" : s.from())));
        lines.add(verification(s.from()));
        if (!s.to().isEmpty()) {
            lines.add(new Line(Theme.Role.NORMAL, "To:      " + String.join(", ", s.to())));
        }
        if (!s.cc().isEmpty()) {
            lines.add(new Line(Theme.Role.NORMAL, "Cc:      " + String.join(", ", s.cc())));
        }
        if (!s.bcc().isEmpty()) {
            lines.add(new Line(Theme.Role.NORMAL, "Bcc:     " + String.join(", ", s.bcc())));
        }
        lines.add(new Line(Theme.Role.NORMAL, "Date:    "
                + java.time.Instant.parse(s.date()).atZone(zone).format(DATE)));
        if (s.listId() != null) {
            lines.add(new Line(Theme.Role.ACCENT, "List:    " + s.listId()
                    + "   (leave it from the lists pane: your server then refuses its mail)"));
        }
        lines.add(new Line(Theme.Role.HEADER, "Subject: " + s.subject()));
        if (message != null && !message.attachments().isEmpty()) {
            lines.add(new Line(Theme.Role.ACCENT, "Attachments (" + app.keys().key(KeyMap.Action.SAVE_ATTACHMENTS)
                    + " saves them): " + message.attachments().stream().map(ReaderView::describe)
                    .collect(Collectors.joining(", "))));
        }
        if (message != null && message.html() != null) {
            lines.add(new Line(Theme.Role.DIM, (source ? "HTML source" : message.htmlOnly()
                    ? "HTML shown as text; nothing is loaded" : "the plain-text part; the message has HTML too")
                    + " (" + app.keys().key(KeyMap.Action.HTML_SOURCE) + (source ? " shows the text)" : " shows the source)")));
        }
        lines.add(new Line(Theme.Role.DIM, "─".repeat(Math.max(1, width))));
        if (failure != null) {
            lines.add(new Line(Theme.Role.WARNING, failure));
        } else if (message == null) {
            lines.add(new Line(Theme.Role.DIM, "opening and checking the message…"));
        } else {
            lines.addAll(body(width));
        }
        return lines;
    }

    /** The text wrapped to {@code width}; kept until the width changes, as scrolling redraws on every key. */
    private List<Line> body(int width) {
        if (wrapped == null || wrappedWidth != width) {
            List<Line> lines = new ArrayList<>();
            String shown = source ? message.html() : HtmlText.shown(message);
            for (String paragraph : shown.replace("\r\n", "\n").split("\n", -1)) {
                if (paragraph.isEmpty()) {
                    lines.add(new Line(Theme.Role.NORMAL, ""));
                    continue;
                }
                Theme.Role role = paragraph.startsWith(">") ? Theme.Role.DIM : Theme.Role.NORMAL;
                for (String w : TerminalTextUtils.getWordWrappedText(Math.max(10, width), paragraph)) {
                    lines.add(new Line(role, w));
                }
            }
            wrapped = lines;
            wrappedWidth = width;
        }
        return wrapped;
    }

    /** Who signed it, with the key that actually verified the signature. */
    private Line verification(String from) {
        String key = entry.keyId() != null ? ", key " + shortKey(entry.keyId()) : "";
        if (entry.trust() == Trust.VERIFIED) {
            return new Line(Theme.Role.VERIFIED, "         ✔ verified signature" + key + ", safety number checked");
        }
        return new Line(Theme.Role.VERIFIED, "         ✓ verified signature" + key + " (pinned on first use)");
    }

    private static String shortKey(String keyId) {
        return keyId == null ? "?" : org.mailv2.protocol.keys.KeyId.parse(keyId).shortForm();
    }

    private static String describe(ReceivedAttachment a) {
        return a.name() + " (" + human(a.size()) + ")";
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
