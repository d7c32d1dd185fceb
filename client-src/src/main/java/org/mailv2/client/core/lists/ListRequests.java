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
    private static final Pattern SUBSCRIBE = Pattern.compile("subscribe ([A-Za-z0-9_-]{22})");
    static final String UNSUBSCRIBE = "unsubscribe";

    /** A request: subscribe (with the permit the subscriber issued) or unsubscribe (permit absent). */
    public record Request(boolean subscribe, PermitId permit) {
    }

    private ListRequests() {
    }

    public static String subscribeSubject(PermitId permit) {
        return "subscribe " + permit.text();
    }

    public static Optional<Request> parse(String subject) {
        Matcher m = SUBSCRIBE.matcher(subject);
        if (m.matches()) {
            return Optional.of(new Request(true, new PermitId(m.group(1))));
        }
        return subject.equals(UNSUBSCRIBE) ? Optional.of(new Request(false, null)) : Optional.empty();
    }
}
