package org.mailv2.client.tui;

import org.mailv2.client.core.text.HtmlText;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.seal.OpenedMessage;

/** Drafts that answer or pass on a message: recipients, subject prefix, threading headers and quoted text. */
final class Replies {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM yyyy 'at' HH:mm",
            Locale.ROOT);

    private Replies() {
    }

    static Drafts.Document reply(OpenedMessage m, Address me, boolean all, ZoneId zone) {
        Set<String> to = new LinkedHashSet<>();
        Set<String> cc = new LinkedHashSet<>();
        to.add(m.from().display());
        if (all) {
            m.to().forEach(a -> to.add(a.display()));
            m.cc().forEach(a -> cc.add(a.display()));
        }
        to.remove(me.display());
        cc.remove(me.display());
        cc.removeAll(to);
        List<String> references = new ArrayList<>(m.references());
        if (m.messageId() != null) {
            references.add(m.messageId());
        }
        String text = "\n\nOn " + m.date().atZone(zone).format(WHEN) + ", " + m.from().display() + " wrote:\n"
                + quote(HtmlText.shown(m));
        Drafts.Document blank = Drafts.Document.blank();
        return new Drafts.Document(blank.id(), String.join(", ", to), String.join(", ", cc), "",
                prefixed("Re: ", m.subject()), text, List.of(), m.messageId(), references, null);
    }

    /** Forwards the message the server knows as {@code serverId}: its text quoted, its attachments to go along. */
    static Drafts.Document forward(OpenedMessage m, String serverId, ZoneId zone) {
        // The same words as `mailv2 send --forward`.
        String text = "\n" + org.mailv2.client.core.send.Forward.text(null, m, zone);
        Drafts.Document blank = Drafts.Document.blank();
        List<String> files = m.attachments().stream().map(a -> a.name()).toList();
        return new Drafts.Document(blank.id(), "", "", "", prefixed("Fwd: ", m.subject()), text, List.of(), null,
                List.of(), null, files.isEmpty() ? null : serverId, files);
    }

    static String quote(String text) {
        StringBuilder quoted = new StringBuilder();
        for (String line : text.replace("\r\n", "\n").split("\n", -1)) {
            quoted.append(line.startsWith(">") ? ">" : "> ").append(line).append('\n');
        }
        return quoted.toString();
    }

    private static String prefixed(String prefix, String subject) {
        String s = subject == null ? "" : subject;
        return s.regionMatches(true, 0, prefix, 0, prefix.length()) ? s : prefix + s;
    }
}
