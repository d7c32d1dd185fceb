package org.mailv2.protocol.seal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/**
 * The message as its author wrote it, before sealing: becomes RFC 5322/MIME inside the body ciphertext and a
 * {@link Summary} inside the summary ciphertext. {@code messageId} is the RFC 5322 Message-ID without angle
 * brackets, shared by every recipient's copy. Bcc recipients go only into the sender's own copy.
 */
public record InnerMessage(Address from, String fromName, List<Address> to, List<Address> cc, List<Address> bcc,
                           String subject, Instant date, String messageId, String inReplyTo, List<String> references,
                           String listId, String text, List<Attachment> attachments, String html) {
    /** A plain-text message (no HTML part). */
    public InnerMessage(Address from, String fromName, List<Address> to, List<Address> cc, List<Address> bcc,
                        String subject, Instant date, String messageId, String inReplyTo, List<String> references,
                        String listId, String text, List<Attachment> attachments) {
        this(from, fromName, to, cc, bcc, subject, date, messageId, inReplyTo, references, listId, text, attachments,
                null);
    }

    public InnerMessage {
        if (from == null || date == null || messageId == null || text == null) {
            throw new ProtocolException(ErrorCode.MALFORMED, "a message needs a sender, a date, an id and a text");
        }
        to = to == null ? List.of() : List.copyOf(to);
        cc = cc == null ? List.of() : List.copyOf(cc);
        bcc = bcc == null ? List.of() : List.copyOf(bcc);
        references = references == null ? List.of() : List.copyOf(references);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        subject = subject == null ? "" : subject;
        if (to.isEmpty() && cc.isEmpty() && bcc.isEmpty()) {
            throw new ProtocolException(ErrorCode.MALFORMED, "a message needs at least one recipient");
        }
        if (subject.length() > Summary.MAX_SUBJECT || subject.chars().anyMatch(c -> c == '\r' || c == '\n')) {
            throw new ProtocolException(ErrorCode.MALFORMED, "subject is one line of at most 998 characters");
        }
        for (String id : concat(messageId, inReplyTo, references)) {
            if (!id.matches("[\\x21-\\x3b\\x3d\\x3f-\\x7e]{1,250}")) {
                throw new ProtocolException(ErrorCode.MALFORMED, "message ids are printable ASCII without <>");
            }
        }
    }

    /** The first message of the thread: the first reference, else the replied-to message, else this one. */
    public String threadId() {
        if (!references.isEmpty()) {
            return references.get(0);
        }
        return inReplyTo != null ? inReplyTo : messageId;
    }

    public Optional<String> fromDisplayName() {
        return Optional.ofNullable(fromName).filter(n -> !n.isBlank());
    }

    /** The same message as one recipient (not the sender) receives it: without the Bcc list. */
    public InnerMessage withoutBcc() {
        return new InnerMessage(from, fromName, to, cc, List.of(), subject, date, messageId, inReplyTo, references,
                listId, text, attachments, html);
    }

    private static List<String> concat(String messageId, String inReplyTo, List<String> references) {
        java.util.ArrayList<String> all = new java.util.ArrayList<>(references);
        all.add(messageId);
        if (inReplyTo != null) {
            all.add(inReplyTo);
        }
        return all;
    }
}
