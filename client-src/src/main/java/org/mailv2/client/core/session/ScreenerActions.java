package org.mailv2.client.core.session;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.mailv2.client.core.cache.SummaryCache;
import org.mailv2.client.core.cache.Syncer;
import org.mailv2.client.core.keyring.Contact;
import org.mailv2.client.core.keyring.ContactPermit;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.keyring.OwnAccount;
import org.mailv2.client.core.send.Delivery;
import org.mailv2.client.core.send.Draft;
import org.mailv2.client.core.send.Sender;
import org.mailv2.client.core.trust.SenderTrust;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.api.AddressRecordSubmission;
import org.mailv2.protocol.api.MessagePage;
import org.mailv2.protocol.api.MessageView;
import org.mailv2.protocol.api.ScreenerSetting;
import org.mailv2.protocol.api.SenderRuleView;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.resolver.AddressRecord;

/**
 * The user's decisions on first contacts, the same for every face. The own server files stamped mail from senders the
 * account has not allowed in the {@code screener} box (protocol §9, "The screener"); {@link #accept} allows a sender
 * and moves its waiting mail to the inbox, {@link #decline} blocks it and deletes its waiting mail. The server knows
 * senders by address hash only, so block lists are shown with the addresses this vault knows (contacts, own accounts).
 */
public final class ScreenerActions {
    /** The box where first contacts wait. */
    public static final String BOX = "screener";
    private static final String INBOX = "inbox";
    private static final int PAGE = 200;

    private final ClientSession session;
    private final Object turn;

    ScreenerActions(ClientSession session, Object turn) {
        this.session = session;
        this.turn = turn;
    }

    /**
     * What a decision did: the sender, how many waiting messages it moved (accept) or deleted (decline), and the
     * short message that gave the sender a contact permit (null when none was sent).
     */
    public record Decision(Address sender, int messages, Delivery permitMessage) {
    }

    /** A blocked sender: its hash, its address when this vault knows it, and since when. */
    public record Blocked(Sha256 senderHash, Optional<String> address, Instant since) {
    }

    /** Whether the own server screens this account's first contacts. */
    public boolean enabled() throws IOException {
        return session.connection().server().screener().enabled();
    }

    public void setEnabled(boolean on) throws IOException {
        session.connection().server().setScreener(ScreenerSetting.of(on));
    }

    /**
     * Asks strangers for {@code bits} stamp bits (null: only what the servers ask) in a new address record (version
     * 2 with a price, serial + 1), published at the account's resolver. The record is rebuilt from the resolver's
     * current one only when that one holds this account's own keys and routing: a resolver that lies gets nothing
     * signed.
     *
     * @throws org.mailv2.protocol.error.ProtocolException {@code malformed} for bits out of range, {@code bad_key}
     *     when the resolver's record is not this account's own
     */
    public AddressRecord setFirstContactBits(Integer bits) throws IOException {
        OwnAccount me = session.me();
        AddressRecord current = session.connection().resolver().address(me.parsedAddress().hash())
                .orElseThrow(() -> new ProtocolException(ErrorCode.UNKNOWN_RECIPIENT, "no record for this account"));
        if (!current.signingKey().equals(me.signingKey().publicKey())
                || !current.encryptionKey().equals(me.encryptionIdentity().recipient())
                || !current.routingId().matches(me.routingId())) {
            throw new ProtocolException(ErrorCode.BAD_KEY, "the resolver's record is not this account's own");
        }
        current.verifySelf();
        AddressRecord next = current.pricedAt(bits, me.signingKey());
        session.connection().resolver().publish(new AddressRecordSubmission(next, null));
        return next;
    }

    /**
     * A price as the user types it: a number of bits, or {@code server} (null: only what the servers ask).
     *
     * @throws ProtocolException {@code malformed} for anything else
     */
    public static Integer parseBits(String text) {
        String t = text.strip();
        if (t.equalsIgnoreCase("server")) {
            return null;
        }
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new ProtocolException(ErrorCode.MALFORMED, "a number of bits or `server`, not " + t);
        }
    }

    /** The bits the account's published record asks of strangers, or null when it asks none of its own. */
    public Integer firstContactBits() throws IOException {
        return session.connection().resolver().address(session.account()).map(AddressRecord::firstContactBits)
                .orElse(null);
    }

    /** The waiting messages as the last sync cached them, newest first. */
    public List<SummaryCache.Entry> waiting(int limit) throws IOException {
        return session.cache().list(session.account(), BOX, limit);
    }

    /**
     * Lets {@code sender} in: its later stamped mail goes to the inbox (a block is lifted), what it sent that waits in
     * the screener moves to the inbox, each message checked against the pinned keys as it is cached there, and,
     * unless the account gave the sender a contact permit before, a short note carries one to them (free: it goes
     * under the permit their own first message carried), so their next messages need no proof of work. The note
     * tells the sender the address is read; accepting is the user saying they will answer anyway.
     */
    public Decision accept(Address sender) throws IOException {
        return accept(sender, true);
    }

    /** As {@link #accept(Address)}; without {@code givePermit} the sender is let in quietly, with no note. */
    public Decision accept(Address sender, boolean givePermit) throws IOException {
        Decision moved = admit(sender);
        Address me = session.me().parsedAddress();
        if (!givePermit || moved.messages() == 0
                || session.keyring().contactPermit(me, sender, ContactPermit.Direction.ISSUED).isPresent()) {
            return moved;
        }
        return new Decision(sender, moved.messages(), sendPermitNote(sender, "You are through to " + me.display(),
                me.display() + " accepted your message. Your next messages need no proof of work.\n"));
    }

    /**
     * Gives {@code contact} a new contact permit (after the last one was revoked), in a short note sent the same way
     * as on {@link #accept}.
     *
     * @throws ProtocolException {@code malformed} for the account itself, or a contact who holds an active permit
     *     from this account already
     */
    public Delivery grantPermit(Address contact) throws IOException {
        Address me = session.me().parsedAddress();
        if (contact.equals(me)) {
            throw new ProtocolException(ErrorCode.MALFORMED, "your own mail needs no permit");
        }
        if (session.keyring().contactPermit(me, contact, ContactPermit.Direction.ISSUED)
                .filter(ContactPermit::active).isPresent()) {
            throw new ProtocolException(ErrorCode.MALFORMED, contact.display()
                    + " already holds an active contact permit from " + me.display());
        }
        // Without the revoked one in its slot, the send issues a fresh permit and the note carries it.
        session.update(k -> k.withoutContactPermit(me, contact, ContactPermit.Direction.ISSUED));
        return sendPermitNote(contact, "A new contact permit from " + me.display(),
                me.display() + " gave you a new contact permit: your messages need no proof of work again.\n");
    }

    private Delivery sendPermitNote(Address to, String subject, String text) throws IOException {
        Draft note = new Draft(List.of(to), null, null, subject, text, null, null, null);
        Sender.Result sent = session.sender().send(session.connection(), session.keyring(), note, s -> { }, p -> { });
        session.update(k -> k.withContactsFrom(sent.keyring()));
        return sent.deliveries().get(0);
    }

    /**
     * Allows {@code sender} and moves its waiting mail to the inbox, with no note: for the account's own other
     * addresses (local mode's {@code welcome!}), which are no strangers.
     */
    Decision admit(Address sender) throws IOException {
        synchronized (turn) {
            session.connection().server().allow(sender.hash());
            SenderTrust trust = session.trust();
            int moved = 0;
            try {
                for (MessageView view : waitingFrom(sender.hash())) {
                    UUID id = UUID.fromString(view.envelope().messageId());
                    session.connection().server().move(id, INBOX);
                    MessageView there = session.connection().server().message(id);
                    session.cache().put(session.account(), Syncer.check(Syncer.opener(session.connection()), trust,
                            there), there.envelope().fromHash());
                    moved++;
                }
            } finally {
                session.keep(trust);
            }
            return new Decision(sender, moved, null);
        }
    }

    /** Blocks {@code sender} (its server answers its further mail with {@code blocked}) and deletes its waiting mail. */
    public Decision decline(Address sender) throws IOException {
        return new Decision(sender, declineHash(sender.hash()), null);
    }

    /**
     * What was reported: the message went to the trash, and its sender (known by address when the message verified)
     * was declined.
     */
    public record Report(Optional<Address> sender, Sha256 senderHash, int alsoDeleted) {
    }

    /**
     * Reports a message as unwanted: it moves to the trash and its sender is declined. The sender is the one the
     * server filed the message under (the envelope's sender hash), which is what the server's block matches, so even
     * mail that did not verify can be reported.
     */
    public Report report(String messageId) throws IOException {
        synchronized (turn) {
            MessageView view = session.connection().server().message(UUID.fromString(messageId));
            Sha256 from = view.envelope().fromHash();
            if (!view.box().equals(MailboxActions.TRASH)) {
                session.mailbox().move(messageId, MailboxActions.TRASH);
            }
            int deleted = declineHash(from);
            SummaryCache.Entry entry = session.cache().get(session.account(), messageId);
            Optional<Address> sender = entry == null || entry.summary() == null ? Optional.empty()
                    : Optional.of(entry.summary().sender()).filter(a -> a.hash().matches(from));
            return new Report(sender, from, deleted);
        }
    }

    private int declineHash(Sha256 sender) throws IOException {
        synchronized (turn) {
            session.connection().server().block(sender);
            int deleted = 0;
            for (MessageView view : waitingFrom(sender)) {
                session.mailbox().purge(view.envelope().messageId());
                deleted++;
            }
            return deleted;
        }
    }

    /** The senders this account blocked, oldest first. */
    public List<Blocked> blocked() throws IOException {
        Keyring keyring = session.keyring();
        List<Blocked> out = new ArrayList<>();
        for (SenderRuleView rule : session.connection().server().blocked()) {
            out.add(new Blocked(rule.senderHash(), known(keyring, rule.senderHash()), rule.since()));
        }
        return out;
    }

    /**
     * Lifts a block; the sender's next mail waits in the screener again.
     *
     * @throws org.mailv2.protocol.api.ApiException {@code unknown_recipient} when the sender was not blocked
     */
    public void unblock(Address sender) throws IOException {
        session.connection().server().unblock(sender.hash());
    }

    /** What waits in the screener from one sender, read from the server (the cache does not keep sender hashes). */
    private List<MessageView> waitingFrom(Sha256 sender) throws IOException {
        List<MessageView> out = new ArrayList<>();
        long after = 0;
        while (true) {
            MessagePage page = session.connection().server().list(BOX, after, PAGE);
            for (MessageView view : page.messages()) {
                if (view.envelope().fromHash().matches(sender)) {
                    out.add(view);
                }
            }
            if (page.messages().size() < PAGE || page.nextCursor() <= after) {
                return out;
            }
            after = page.nextCursor();
        }
    }

    private static Optional<String> known(Keyring keyring, Sha256 hash) {
        for (Contact c : keyring.contacts()) {
            if (Address.parse(c.address()).hash().matches(hash)) {
                return Optional.of(c.address());
            }
        }
        for (OwnAccount a : keyring.accounts()) {
            if (a.parsedAddress().hash().matches(hash)) {
                return Optional.of(a.address());
            }
        }
        return Optional.empty();
    }
}
