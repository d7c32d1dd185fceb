package org.mailv2.client.core.keyring;

import java.time.Instant;
import org.mailv2.protocol.permit.PermitId;

/** A list the user subscribed to: the permit it holds at the user's own server. */
public record Subscription(String account, String list, PermitId permit, Instant since) {
}
