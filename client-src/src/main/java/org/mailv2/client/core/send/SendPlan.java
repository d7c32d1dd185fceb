package org.mailv2.client.core.send;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.permit.PermitId;

/**
 * What sending a draft would cost, per recipient, worked out by the same steps as {@link Sender#send} (the same key
 * checks and the same offline fallback to pinned keys): free (one's own copy), a permit, a stamp of so many bits with
 * the seconds it should take here, or blocked and why.
 */
public final class SendPlan {
    /** How a copy for one recipient would travel. */
    public enum Cost { FREE, PERMIT, STAMP, BLOCKED }

    /** One recipient's line. */
    public record Line(Address recipient, Cost cost, int bits, double seconds, String note) {
    }

    private SendPlan() {
    }

    /**
     * @param permits         permits to use instead of stamps (a list post's subscribers')
     * @param triesPerSecond  this machine's stamp speed, for the estimate
     */
    static List<Line> of(Connection connection, Keyring keyring, Draft draft, Map<Address, PermitId> permits,
                         double triesPerSecond, Clock clock) {
        Address me = connection.account().parsedAddress();
        int ownBits = Sender.ownServerBits(connection);
        Keyring pinned = keyring;
        List<Line> lines = new ArrayList<>();
        for (Address recipient : draft.everyone()) {
            if (recipient.equals(me)) {
                lines.add(new Line(recipient, Cost.FREE, 0, 0, "your own copy"));
                continue;
            }
            RecipientKeys.Found found;
            try {
                found = RecipientKeys.resolve(connection, pinned, recipient, ownBits, clock);
            } catch (ProtocolException e) {
                lines.add(new Line(recipient, Cost.BLOCKED, 0, 0, e.code() == ErrorCode.KEY_CHANGE_UNSIGNED
                        ? "KEY CHANGED: accept or reject it in the keyring pane first" : e.getMessage()));
                continue;
            } catch (IOException e) {
                lines.add(new Line(recipient, Cost.BLOCKED, 0, 0, "the resolver refused: " + e.getMessage()));
                continue;
            }
            pinned = found.pinned();
            PermitId permit = permits.containsKey(recipient) ? permits.get(recipient)
                    : keyring.receivedPermit(me, recipient).orElse(null);
            if (permit != null) {
                lines.add(new Line(recipient, Cost.PERMIT, 0, 0, "permit " + permit.text()));
                continue;
            }
            int bits = found.target().bits();
            lines.add(new Line(recipient, Cost.STAMP, bits, Math.pow(2, bits) / triesPerSecond,
                    found.offline() ? "offline: waits in the outbox" : "first contact"));
        }
        return lines;
    }
}
