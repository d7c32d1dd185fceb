package org.mailv2.client.core.lists;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mailv2.protocol.permit.PermitId;

/**
 * The messages a subscriber sends a list, recognised by their (encrypted) subject: {@code subscribe <permit id>} and
 * {@code unsubscribe}. They are ordinary sealed, signed messages, so the list knows for sure who asks.
 */
public final class ListRequests {
    private static final Pattern SUBSCRIBE = Pattern.compile("subscribe ([A-Za-z0-9_-]{22})(?: ([A-Za-z0-9_.-]{1,900}))?");
    static final String UNSUBSCRIBE = "unsubscribe";

    /**
     * A request: subscribe (with the permit the subscriber issued, and an invitation for invite-only lists) or
     * unsubscribe (permit absent).
     */
    public record Request(boolean subscribe, PermitId permit, String invitation) {
    }

    private ListRequests() {
    }

    public static String subscribeSubject(PermitId permit, String invitation) {
        return "subscribe " + permit.text() + (invitation == null ? "" : " " + invitation);
    }

    public static Optional<Request> parse(String subject) {
        Matcher m = SUBSCRIBE.matcher(subject);
        if (m.matches()) {
            return Optional.of(new Request(true, new PermitId(m.group(1)), m.group(2)));
        }
        return subject.equals(UNSUBSCRIBE) ? Optional.of(new Request(false, null, null)) : Optional.empty();
    }
}
