package org.mailv2.protocol.seal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.json.Json;
import org.mailv2.protocol.permit.PermitId;

/**
 * The small encrypted part of a message that an inbox lists without fetching bodies. {@code bcc} is present only in
 * the sender's own copy. Addresses are in display form; {@code date} is an ISO-8601 instant. {@code permit} is a
 * contact permit the sender issued to this copy's recipient (the recipient may write back without proof of work);
 * it is in that recipient's copy only, so no other recipient learns it.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"from", "to", "cc", "bcc", "subject", "date", "messageId", "threadId", "listId", "size",
        "attachments", "permit"})
public record Summary(String from, List<String> to, List<String> cc, List<String> bcc, String subject, String date,
                      String messageId, String threadId, String listId, long size, List<String> attachments,
                      PermitId permit) {
    public static final int MAX_SUBJECT = 998;
    public static final int MAX_RECIPIENTS = 1000;
    public static final int MAX_ATTACHMENTS = 1000;

    public Summary {
        from = requireAddress(from);
        to = addresses(to);
        cc = addresses(cc);
        bcc = addresses(bcc);
        subject = subject == null ? "" : subject;
        if (subject.length() > MAX_SUBJECT) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "subject over " + MAX_SUBJECT + " characters");
        }
        try {
            Instant.parse(date);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new ProtocolException(ErrorCode.MALFORMED, "summary date is an ISO-8601 instant");
        }
        if (messageId == null || messageId.isEmpty() || threadId == null || threadId.isEmpty()) {
            throw new ProtocolException(ErrorCode.MALFORMED, "summary needs a message id and a thread id");
        }
        if (size < 0) {
            throw new ProtocolException(ErrorCode.MALFORMED, "negative size");
        }
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        if (attachments.size() > MAX_ATTACHMENTS) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "too many attachments");
        }
    }

    /** A summary without a permit (every copy but a recipient's first ones from a new contact). */
    public Summary(String from, List<String> to, List<String> cc, List<String> bcc, String subject, String date,
                   String messageId, String threadId, String listId, long size, List<String> attachments) {
        this(from, to, cc, bcc, subject, date, messageId, threadId, listId, size, attachments, null);
    }

    /** This summary carrying {@code contactPermit} (null: none). */
    public Summary withPermit(PermitId contactPermit) {
        return new Summary(from, to, cc, bcc, subject, date, messageId, threadId, listId, size, attachments,
                contactPermit);
    }

    /** @throws ProtocolException {@code malformed} or {@code too_large} for a document that is not a summary */
    public static Summary parse(byte[] json) {
        return Json.read(json, Summary.class);
    }

    public byte[] toJson() {
        return Json.write(this);
    }

    public Address sender() {
        return Address.parse(from);
    }

    private static String requireAddress(String text) {
        if (text == null) {
            throw new ProtocolException(ErrorCode.MALFORMED, "summary without sender");
        }
        return Address.parse(text).display();
    }

    private static List<String> addresses(List<String> list) {
        if (list == null) {
            return List.of();
        }
        if (list.size() > MAX_RECIPIENTS) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "too many recipients");
        }
        return list.stream().map(Summary::requireAddress).toList();
    }
}
