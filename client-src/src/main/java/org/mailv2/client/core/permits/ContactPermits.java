package org.mailv2.client.core.permits;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.cache.SummaryCache;
import org.mailv2.client.core.cache.Syncer;
import org.mailv2.client.core.keyring.ContactPermit;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.read.MailboxReader;
import org.mailv2.client.core.send.Delivery;
import org.mailv2.client.core.send.Sender;
import org.mailv2.client.core.trust.SenderTrust;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.permit.PermitId;
import org.mailv2.protocol.seal.DeliveryStatus;
import org.mailv2.protocol.seal.Summary;

/**
 * The receiving half of contact permits and the user's control over them. Writing to someone issues them a permit
 * (see {@link Sender}), carried in their copy's summary; {@link #sync} stores such permits as they arrive, so the
 * next message to that contact needs no stamp, and answers the postmaster's notices of refused permits by sending
 * the copy again with a stamp. {@link #revoke} takes a permit back.
 */
public final class ContactPermits {
    /**
     * What a sync did: the keyring to save (equal to the one passed when nothing changed), how many messages arrived,
     * how many permits were learnt, the copies sent again with a stamp, why the server could not be reached (null
     * when it could; what arrived before is in the cache and in the keyring), and delivery-status messages that
     * could not be acted on (why, one each).
     */
    public record Synced(Keyring keyring, int added, int learnt, List<Delivery> resent, String unreachable,
                         List<String> unanswered) {
    }

    private final Clock clock;
    private final Sender sender;
    private final MailboxReader reader;

    public ContactPermits(Clock clock, Sender sender, MailboxReader reader) {
        this.clock = clock;
        this.sender = sender;
        this.reader = reader;
    }

    /**
     * Syncs {@code box} of the connection's account into {@code cache}, checking senders with {@code trust}, and
     * applies what arrived to {@code keyring} (pins and key changes included); {@code each} sees every new entry. The
     * caller saves the result.
     */
    public Synced sync(Connection connection, Keyring keyring, SummaryCache cache, String box, SenderTrust trust,
                       java.util.function.Consumer<SummaryCache.Entry> each) {
        Address me = connection.account().parsedAddress();
        Address postmaster = DeliveryStatus.postmaster(connection.account().routingId());
        List<Summary> arrived = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        int[] added = {0};
        String unreachable = null;
        try {
            Syncer.sync(connection, cache, box, trust, e -> {
                added[0]++;
                each.accept(e);
                if (!e.verified()) {
                    return;
                }
                if (e.summary().sender().equals(postmaster)) {
                    notices.add(e.messageId());
                } else {
                    arrived.add(e.summary());
                }
            });
        } catch (IOException e) {
            unreachable = e.getMessage();
        }
        Keyring k = trust.applyTo(keyring);
        int learnt = 0;
        for (Summary s : arrived) {
            Keyring next = learn(k, me, s, clock.instant());
            learnt += next == k ? 0 : 1;
            k = next;
        }
        Answered answered = answer(connection, k, notices, trust);
        return new Synced(answered.keyring(), added[0], learnt, answered.resent(), unreachable,
                answered.unanswered());
    }

    private record Answered(Keyring keyring, List<Delivery> resent, List<String> unanswered) {
    }

    /** Acts on the postmaster's notices (by message id): copies refused for their permit go again with a stamp. */
    private Answered answer(Connection connection, Keyring keyring, List<String> notices, SenderTrust trust) {
        Keyring k = keyring;
        List<Delivery> resent = new ArrayList<>();
        List<String> unanswered = new ArrayList<>();
        for (String id : notices) {
            try {
                var status = DeliveryStatus.parse(reader.read(connection, UUID.fromString(id), null, trust).message()
                        .text());
                if (status.isPresent()) {
                    Sender.Result result = sender.answer(connection, k, status.get(), p -> { });
                    k = result.keyring();
                    resent.addAll(result.deliveries());
                }
            } catch (IOException | ProtocolException failed) {
                // The notice stays in the inbox for the user; its held copy is dropped after a few days.
                unanswered.add(id + ": " + failed.getMessage());
            }
        }
        return new Answered(k, resent, unanswered);
    }

    /**
     * The keyring after {@code summary} arrived for {@code account}: a permit it carries is stored as the one its
     * sender gave (replacing an older one). A permit already known, also one already refused, changes nothing.
     */
    public static Keyring learn(Keyring keyring, Address account, Summary summary, Instant now) {
        Address from = summary.sender();
        if (summary.permit() == null || from.equals(account)) {
            return keyring;
        }
        var known = keyring.contactPermit(account, from, ContactPermit.Direction.RECEIVED);
        if (known.isPresent() && known.get().permit().equals(summary.permit())) {
            return keyring;
        }
        return keyring.withContactPermit(new ContactPermit(account.display(), from.display(),
                ContactPermit.Direction.RECEIVED, summary.permit(), now, null));
    }

    /**
     * Revokes a permit the connection's account issued, at its own server (effective for the very next delivery),
     * and, for a contact permit, marks it revoked so writing to that contact does not issue a new one.
     *
     * @throws org.mailv2.protocol.api.ApiException {@code unknown_recipient} when there is no such active permit
     */
    public static Keyring revoke(Connection connection, Keyring keyring, PermitId permit, Instant now)
            throws IOException {
        connection.server().revokePermit(permit);
        Address me = connection.account().parsedAddress();
        return keyring.issuedContactPermit(permit).filter(p -> Address.parse(p.account()).equals(me))
                .map(p -> keyring.withContactPermit(p.revoked(now))).orElse(keyring);
    }

    /** The contact a permit the account issued was for, when the keyring knows it (list permits: the list). */
    public static java.util.Optional<String> holder(Keyring keyring, Address account, PermitId permit) {
        var contact = keyring.issuedContactPermit(permit).filter(p -> Address.parse(p.account()).equals(account))
                .map(ContactPermit::contact);
        if (contact.isPresent()) {
            return contact;
        }
        return keyring.subscriptions().stream().filter(s -> s.permit().equals(permit)
                && Address.parse(s.account()).equals(account)).map(s -> s.list()).findFirst();
    }
}
