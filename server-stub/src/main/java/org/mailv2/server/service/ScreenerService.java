package org.mailv2.server.service;

import java.time.Clock;
import java.util.List;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.seal.Envelope;
import org.mailv2.server.store.Database;
import org.mailv2.server.store.SenderRule;

/**
 * The screener of each account hosted here: stamped mail from a sender the account has not allowed goes to the
 * {@code screener} box instead of the inbox (unless the account turned the screener off, or runs a list: subscription
 * requests must reach it); mail from a sender it blocked is refused with {@code blocked}. Permit-admitted mail is
 * never screened: a permit is the recipient's own invitation.
 */
public final class ScreenerService {
    /** The box that holds first contacts waiting for the recipient's decision. */
    public static final String BOX = "screener";
    static final String INBOX = "inbox";

    private final Database db;
    private final Clock clock;

    public ScreenerService(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public boolean screening(Sha256 account) {
        return db.screener().screening(account);
    }

    public void setScreening(Sha256 account, boolean on) {
        db.screener().setScreening(account, on);
    }

    public List<SenderRule> rules(Sha256 account, SenderRule.Kind kind) {
        return db.screener().rules(account, kind);
    }

    /**
     * Allows or blocks a sender; the other kind of rule for it is replaced. Idempotent.
     *
     * @throws ProtocolException {@code malformed} for the account itself
     */
    public void put(Sha256 account, Sha256 sender, SenderRule.Kind kind) {
        if (sender.matches(account)) {
            throw new ProtocolException(ErrorCode.MALFORMED, "an account does not screen itself");
        }
        db.screener().put(new SenderRule(account, sender, kind, clock.instant()));
    }

    /** @throws ProtocolException {@code unknown_recipient} when the account had no such rule (nothing changes) */
    public void remove(Sha256 account, Sha256 sender, SenderRule.Kind kind) {
        if (!db.screener().remove(account, sender, kind)) {
            throw new ProtocolException(ErrorCode.UNKNOWN_RECIPIENT, "no such sender on this list");
        }
    }

    /** Before the body is read: mail from a blocked sender goes no further. */
    void requireNotBlocked(Envelope envelope) {
        db.screener().rule(envelope.toHash(), envelope.fromHash())
                .filter(rule -> rule.kind() == SenderRule.Kind.BLOCK)
                .ifPresent(rule -> {
                    throw new ProtocolException(ErrorCode.BLOCKED, "the recipient blocked this sender");
                });
    }

    /** The box a stamp-admitted copy for the inbox goes to (inside the delivery's transaction). */
    String boxForStamped(Envelope envelope) {
        Sha256 recipient = envelope.toHash();
        if (!db.screener().screening(recipient) || db.directory().publishes(recipient)) {
            return INBOX;
        }
        boolean allowed = db.screener().rule(recipient, envelope.fromHash())
                .map(rule -> rule.kind() == SenderRule.Kind.ALLOW).orElse(false);
        return allowed ? INBOX : BOX;
    }
}
