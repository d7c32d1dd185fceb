package org.mailv2.client.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.BorderLayout;
import com.googlecode.lanterna.gui2.GridLayout;
import com.googlecode.lanterna.gui2.Interactable;
import com.googlecode.lanterna.gui2.Label;
import com.googlecode.lanterna.gui2.Panel;
import com.googlecode.lanterna.gui2.TextBox;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.mailv2.client.core.send.Draft;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.seal.Attachment;
import org.mailv2.protocol.seal.ByteSource;

/**
 * The compose form: To, Cc, Bcc (completed from contacts, own accounts and lists), subject, the text in a multi-line
 * editor (or in {@code $EDITOR}) and attachments. It only edits a {@link Drafts.Document}; sending goes through the
 * review screen.
 */
final class ComposeView {
    private final Panel panel = new Panel(new BorderLayout());
    final TextBox to = new TextBox(new TerminalSize(60, 1));
    final TextBox cc = new TextBox(new TerminalSize(60, 1));
    final TextBox bcc = new TextBox(new TerminalSize(60, 1));
    final TextBox subject = new TextBox(new TerminalSize(60, 1));
    final TextBox body = new TextBox(new TerminalSize(60, 10), TextBox.Style.MULTI_LINE);
    private final Label attachmentsLabel = new Label("");
    private final List<String> attachments = new ArrayList<>();
    private final String id;
    private final String inReplyTo;
    private final List<String> references;
    private final String listPost;
    private final String forwards;
    private final List<String> forwardedFiles;

    ComposeView(Drafts.Document draft) {
        this.id = draft.id();
        this.inReplyTo = draft.inReplyTo();
        this.references = draft.references();
        this.listPost = draft.listPost();
        this.forwards = draft.forwards();
        this.forwardedFiles = draft.forwardedFiles();
        Panel headers = new Panel(new GridLayout(2));
        ((GridLayout) headers.getLayoutManager()).setHorizontalSpacing(1);
        for (Object[] field : new Object[][] {{"To:", to}, {"Cc:", cc}, {"Bcc:", bcc}, {"Subject:", subject}}) {
            headers.addComponent(new Label((String) field[0]));
            headers.addComponent(((TextBox) field[1]).setLayoutData(GridLayout.createHorizontallyFilledLayoutData()));
        }
        headers.addComponent(new Label("Files:"));
        headers.addComponent(attachmentsLabel);
        panel.addComponent(headers, BorderLayout.Location.TOP);
        panel.addComponent(body, BorderLayout.Location.CENTER);
        to.setText(draft.to());
        cc.setText(draft.cc());
        bcc.setText(draft.bcc());
        subject.setText(draft.subject());
        body.setText(draft.text());
        attachments.addAll(draft.attachments());
        showAttachments();
    }

    Panel component() {
        return panel;
    }

    String id() {
        return id;
    }

    /** The list this draft posts to (a list the user runs), or null for ordinary mail. */
    String listPost() {
        return listPost;
    }

    void focusFirstEmpty() {
        (to.getText().isBlank() ? to : subject.getText().isBlank() ? subject : body).takeFocus();
    }

    Drafts.Document document() {
        return new Drafts.Document(id, to.getText(), cc.getText(), bcc.getText(), subject.getText(), body.getText(),
                attachments, inReplyTo, references, listPost, forwards, forwardedFiles);
    }

    /**
     * The server id of the message whose attachments go along (read again, and checked again, when sending; they
     * are never written to disk), or null.
     */
    String forwards() {
        return forwards;
    }

    void attach(Path file) {
        attachments.add(file.toAbsolutePath().toString());
        showAttachments();
    }

    private void showAttachments() {
        List<String> names = new ArrayList<>();
        forwardedFiles.forEach(f -> names.add(f + " (forwarded)"));
        attachments.forEach(a -> names.add(Path.of(a).getFileName().toString()));
        attachmentsLabel.setText(names.isEmpty() ? "(none: attach with the attach key)" : String.join(", ", names));
    }

    /**
     * The draft as the core sends it.
     *
     * @throws ProtocolException {@code malformed} naming the address that does not parse, or a missing recipient
     */
    Draft toDraft() {
        List<Attachment> files = new ArrayList<>();
        for (String a : attachments) {
            Path p = Path.of(a);
            if (!java.nio.file.Files.isReadable(p)) {
                throw new ProtocolException(ErrorCode.MALFORMED, "cannot read attachment " + a);
            }
            files.add(new Attachment(p.getFileName().toString(), "application/octet-stream", ByteSource.of(p)));
        }
        Draft draft = new Draft(addresses(to.getText()), addresses(cc.getText()), addresses(bcc.getText()),
                subject.getText(), body.getText(), files, inReplyTo, references);
        if (draft.everyone().isEmpty()) {
            throw new ProtocolException(ErrorCode.MALFORMED, "who is it for? fill in To");
        }
        return draft;
    }

    static List<Address> addresses(String field) {
        List<Address> list = new ArrayList<>();
        for (String part : field.split("[,;\\s]+")) {
            if (!part.isBlank()) {
                try {
                    list.add(Address.parse(part.trim()));
                } catch (ProtocolException e) {
                    throw new ProtocolException(ErrorCode.MALFORMED, "not an address: " + part.trim());
                }
            }
        }
        return list;
    }

    /** Whether {@code focused} is one of the address fields (where completion applies). */
    boolean isAddressField(Interactable focused) {
        return focused == to || focused == cc || focused == bcc;
    }

    /**
     * Completes the last address being typed in {@code field} from {@code known}: the one match, or the longest
     * common prefix of several. Returns the candidates, so the caller can show them.
     */
    static List<String> complete(TextBox field, List<String> known) {
        String text = field.getText();
        int start = Math.max(text.lastIndexOf(','), text.lastIndexOf(' ')) + 1;
        String prefix = text.substring(start).trim().toLowerCase(Locale.ROOT);
        if (prefix.isEmpty()) {
            return List.of();
        }
        List<String> matches = new ArrayList<>(new TreeSet<>(known.stream()
                .filter(k -> k.toLowerCase(Locale.ROOT).startsWith(prefix)).toList()));
        if (matches.isEmpty() || matches.size() == 1 && matches.get(0).equalsIgnoreCase(prefix)) {
            return List.of(); // nothing to add: Tab moves on to the next field
        }
        String common = matches.get(0);
        for (String m : matches) {
            int i = 0;
            while (i < common.length() && i < m.length() && common.charAt(i) == m.charAt(i)) {
                i++;
            }
            common = common.substring(0, i);
        }
        String completed = text.substring(0, start) + (start > 0 && text.charAt(start - 1) == ',' ? " " : "")
                + (matches.size() == 1 ? matches.get(0) + ", " : common);
        field.setText(completed);
        field.setCaretPosition(field.getText().length());
        return matches;
    }
}
