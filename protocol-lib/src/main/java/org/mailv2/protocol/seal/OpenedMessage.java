package org.mailv2.protocol.seal;

import java.time.Instant;
import java.util.List;
import org.mailv2.protocol.address.Address;

/**
 * A message as its reader sees it after every check passed: headers, text and the attachments' descriptions.
 * {@code text} is the first text/plain part that is not an attachment ("" when there is none); {@code html} the first
 * text/html part that is not an attachment (null when there is none) — its markup as the sender wrote it, for the
 * client to render as text, never to fetch from.
 */
public record OpenedMessage(Address from, String fromName, List<Address> to, List<Address> cc, List<Address> bcc,
                            String subject, Instant date, String messageId, String inReplyTo, List<String> references,
                            String listId, String text, List<ReceivedAttachment> attachments, String html) {
    /** A message without an HTML part (the shape before {@code html} was carried). */
    public OpenedMessage(Address from, String fromName, List<Address> to, List<Address> cc, List<Address> bcc,
                         String subject, Instant date, String messageId, String inReplyTo, List<String> references,
                         String listId, String text, List<ReceivedAttachment> attachments) {
        this(from, fromName, to, cc, bcc, subject, date, messageId, inReplyTo, references, listId, text, attachments,
                null);
    }

    /** Whether the message has only HTML to show: no text/plain part with anything in it, and an HTML part. */
    public boolean htmlOnly() {
        return html != null && text.isBlank();
    }
}
