package org.mailv2.client.core.send;

import java.util.List;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.seal.Attachment;

/** A message as the user composed it; {@code html} (null for none) goes with the text, or alone when it is blank. */
public record Draft(List<Address> to, List<Address> cc, List<Address> bcc, String subject, String text,
                    List<Attachment> attachments, String inReplyTo, List<String> references, String html) {
    /** A plain-text draft. */
    public Draft(List<Address> to, List<Address> cc, List<Address> bcc, String subject, String text,
                 List<Attachment> attachments, String inReplyTo, List<String> references) {
        this(to, cc, bcc, subject, text, attachments, inReplyTo, references, null);
    }

    public Draft {
        to = to == null ? List.of() : List.copyOf(to);
        cc = cc == null ? List.of() : List.copyOf(cc);
        bcc = bcc == null ? List.of() : List.copyOf(bcc);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        references = references == null ? List.of() : List.copyOf(references);
    }

    public List<Address> everyone() {
        return java.util.stream.Stream.of(to, cc, bcc).flatMap(List::stream).distinct().toList();
    }
}
