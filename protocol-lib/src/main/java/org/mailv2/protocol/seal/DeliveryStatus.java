package org.mailv2.protocol.seal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.digest.Sha256;

/**
 * What a server's postmaster tells a sender whose relayed copy will not be delivered: an ordinary sealed message
 * whose text a person reads and a client parses. Three lines are for clients: {@code Message (envelope id): <uuid>}
 * names the refused copy, {@code Recipient (address hash): <hex>} its recipient, and {@code Code: <code>} says why
 * (an error code, or {@code unreachable} when the retry window ran out).
 */
public record DeliveryStatus(UUID envelopeId, Sha256 recipientHash, String code) {
    public static final String SUBJECT = "Undeliverable: your message could not be delivered";

    private static final Pattern CODE = Pattern.compile("[a-z_]{1,40}");
    private static final Pattern ENVELOPE_LINE = Pattern.compile("(?m)^Message \\(envelope id\\): (\\S+)$");
    private static final Pattern RECIPIENT_LINE = Pattern.compile("(?m)^Recipient \\(address hash\\): (\\S+)$");
    private static final Pattern CODE_LINE = Pattern.compile("(?m)^Code: (\\S+)$");

    /** @throws IllegalArgumentException for a code that is not lowercase letters and underscores */
    public DeliveryStatus {
        if (envelopeId == null || recipientHash == null || code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("a delivery status needs an envelope id, a recipient and a code");
        }
    }

    /**
     * The address of the postmaster of the server with {@code routingId}; a client trusts delivery-status messages
     * only from its own server's.
     */
    public static Address postmaster(Sha256 routingId) {
        return Address.parse("postmaster-" + routingId.hex().substring(0, 16) + "!");
    }

    /** The message text, with {@code explanation} for people. */
    public String text(String explanation, int attempts, Instant firstQueuedAt) {
        return """
                Your message could not be delivered.

                Message (envelope id): %s
                Recipient (address hash): %s
                Reason: %s
                Code: %s

                Attempts: %d, first queued %s.
                """.formatted(envelopeId, recipientHash.hex(), explanation, code, attempts,
                firstQueuedAt.truncatedTo(ChronoUnit.SECONDS));
    }

    /** The status a notice's text states; empty for any other text (or a notice from an older server). */
    public static Optional<DeliveryStatus> parse(String text) {
        Matcher envelope = ENVELOPE_LINE.matcher(text);
        Matcher recipient = RECIPIENT_LINE.matcher(text);
        Matcher code = CODE_LINE.matcher(text);
        if (!envelope.find() || !recipient.find() || !code.find()) {
            return Optional.empty();
        }
        try {
            UUID id = UUID.fromString(envelope.group(1));
            if (!id.toString().equals(envelope.group(1))) {
                return Optional.empty();
            }
            return Optional.of(new DeliveryStatus(id, Sha256.parseHex(recipient.group(1)), code.group(1)));
        } catch (IllegalArgumentException | org.mailv2.protocol.error.ProtocolException malformed) {
            return Optional.empty();
        }
    }
}
