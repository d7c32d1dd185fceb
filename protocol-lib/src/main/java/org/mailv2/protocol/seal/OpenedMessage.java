package org.mailv2.protocol.seal;

import java.time.Instant;
import java.util.List;
import org.mailv2.protocol.address.Address;

/** A message as its reader sees it after every check passed: headers, text and the attachments' descriptions. */
public record OpenedMessage(Address from, String fromName, List<Address> to, List<Address> cc, List<Address> bcc,
                            String subject, Instant date, String messageId, String inReplyTo, List<String> references,
                            String listId, String text, List<ReceivedAttachment> attachments) {
}
