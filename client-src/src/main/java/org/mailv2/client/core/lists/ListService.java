package org.mailv2.client.core.lists;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.cache.SummaryCache;
import org.mailv2.client.core.cache.Syncer;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.keyring.OwnAccount;
import org.mailv2.client.core.keyring.OwnedList;
import org.mailv2.client.core.keyring.Subscription;
import org.mailv2.client.core.send.Delivery;
import org.mailv2.client.core.send.Draft;
import org.mailv2.client.core.send.Sender;
import org.mailv2.client.core.trust.SenderTrust;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.api.PermitRequest;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.lists.ListDescriptor;
import org.mailv2.protocol.permit.Permit;
import org.mailv2.protocol.permit.PermitId;

/**
 * Mailing lists, recipient-controlled: a subscriber issues the list a permit at its own server and tells the list;
 * the list's owner keeps the subscriber set in the vault and posts one sealed copy per subscriber with that
 * subscriber's permit (no proof of work); unsubscribing revokes the permit, which the subscriber's server enforces.
 */
public final class ListService {
    private final Clock clock;
    private final Sender sender;
    private final java.security.SecureRandom random;
    private final ListPosts posts;

    public ListService(Clock clock, java.security.SecureRandom random, Sender sender) {
        this.clock = clock;
        this.random = random;
        this.sender = sender;
        this.posts = new ListPosts(clock, random, sender);
    }

    /** Publishes a list account's descriptor in its server's directory and starts its (empty) subscriber set. */
    public Keyring create(Keyring keyring, OwnAccount list, String title, String description, boolean inviteOnly)
            throws IOException {
        ListDescriptor descriptor = ListDescriptor.create(list.parsedAddress(), title, description, inviteOnly, 1,
                list.signingKey());
        Connection.open(list, clock).server().publishList(descriptor);
        return keyring.withOwnedList(new OwnedList(list.address(), title, description, inviteOnly, 1, List.of()));
    }

    /** Subscribes the current account: a list permit at its own server, then the request to the list. */
    public Keyring subscribe(Keyring keyring, Address list) throws IOException {
        return subscribe(keyring, list, null);
    }

    /** As {@link #subscribe(Keyring, Address)}, with an invitation for an invite-only list. */
    public Keyring subscribe(Keyring keyring, Address list, String invitation) throws IOException {
        OwnAccount me = keyring.currentAccount();
        Connection connection = Connection.open(me, clock);
        PermitId permit = PermitId.random(random);
        connection.server().createPermit(new PermitRequest(permit, list.hash(), Permit.Purpose.LIST));
        // The list permit is the exemption here; a contact permit for the list would be a second, unused one.
        Sender.Result sent = sender.send(connection, keyring, new Draft(List.of(list), null, null,
                ListRequests.subscribeSubject(permit, invitation), "Please add me to the list.\n", null, null, null),
                Map.of(), null, Sender.Exemptions.GIVEN_ONLY, s -> { }, p -> { });
        List<Subscription> subscriptions = new java.util.ArrayList<>(sent.keyring().subscriptions());
        subscriptions.removeIf(s -> Address.parse(s.list()).equals(list) && Address.parse(s.account())
                .equals(me.parsedAddress()));
        subscriptions.add(new Subscription(me.address(), list.display(), permit, clock.instant()));
        return sent.keyring().withSubscriptions(subscriptions);
    }

    /**
     * Revokes the permit at the own server (effective for the very next delivery) and tells the list.
     *
     * @throws ProtocolException {@code unknown_recipient} when the current account is not subscribed
     */
    public Keyring unsubscribe(Keyring keyring, Address list) throws IOException {
        OwnAccount me = keyring.currentAccount();
        Subscription subscription = keyring.subscriptions().stream().filter(s -> Address.parse(s.list()).equals(list)
                && Address.parse(s.account()).equals(me.parsedAddress())).findFirst().orElseThrow(() ->
                new ProtocolException(ErrorCode.UNKNOWN_RECIPIENT, "not subscribed to " + list.display()));
        Connection connection = Connection.open(me, clock);
        connection.server().revokePermit(subscription.permit());
        List<Subscription> rest = new java.util.ArrayList<>(keyring.subscriptions());
        rest.remove(subscription);
        Keyring without = keyring.withSubscriptions(rest);
        try {
            return sender.send(connection, without, new Draft(List.of(list), null, null, ListRequests.UNSUBSCRIBE,
                    "Please remove me from the list.\n", null, null, null), Map.of(), null,
                    Sender.Exemptions.GIVEN_ONLY, s -> { }, p -> { }).keyring();
        } catch (IOException | ProtocolException telling) {
            // The permit is revoked, which is what counts; the list learns it at its next post.
            return without;
        }
    }

    /**
     * The list owner's side: syncs the list account's inbox and applies its subscription requests to the keyring.
     * The requests are filed away (to the box {@code list-requests}) only by {@link #file}, after the caller saved the
     * keyring: a crash in between applies them again, which changes nothing, instead of losing them.
     */
    public Processed processRequests(Keyring keyring, Address list, SummaryCache cache) throws IOException {
        Outcome outcome = apply(keyring, list, cache);
        OwnedList before = keyring.ownedList(list).orElseThrow();
        OwnedList after = outcome.keyring().ownedList(list).orElseThrow();
        return new Processed(outcome.keyring(), List.of(new Applied(before.address(), missingFrom(before, after),
                missingFrom(after, before), outcome.refused(), after.subscribers().size(), null)),
                List.of(outcome.filing()));
    }

    /** Moves applied requests out of the list accounts' inboxes; call after the keyring that holds them is saved. */
    public void file(Keyring keyring, Processed processed, SummaryCache cache) throws IOException {
        for (Filing f : processed.filings()) {
            Address list = Address.parse(f.list());
            Connection connection = Connection.open(runs(keyring, list), clock);
            for (SummaryCache.Entry e : f.requests()) {
                connection.server().move(UUID.fromString(e.messageId()), "list-requests");
                cache.relabel(list.hash(), e.messageId(), "list-requests", e.flags());
            }
        }
    }

    /** A list's requests that were applied and are to be filed away. */
    public record Filing(String list, List<SummaryCache.Entry> requests) {
    }

    /** The keyring after applying a list's requests, who asked to join but was not admitted, and what to file. */
    private record Outcome(Keyring keyring, List<String> refused, Filing filing) {
    }

    private Outcome apply(Keyring keyring, Address list, SummaryCache cache) throws IOException {
        OwnAccount account = runs(keyring, list);
        Connection connection = Connection.open(account, clock);
        SenderTrust trust = new SenderTrust(connection.resolver(), keyring, clock);
        Syncer.sync(connection, cache, "inbox", trust, e -> { });
        Keyring checked = trust.applyTo(keyring);
        OwnedList owned = checked.ownedList(list).orElseThrow();
        List<String> refused = new java.util.ArrayList<>();
        List<SummaryCache.Entry> requests = new java.util.ArrayList<>(cache.list(list.hash(), "inbox", 10_000));
        // Oldest first, so a subscriber who joined and then left is out.
        java.util.Collections.reverse(requests);
        List<SummaryCache.Entry> applied = new java.util.ArrayList<>();
        for (SummaryCache.Entry e : requests) {
            if (!e.verified()) {
                continue;
            }
            var request = ListRequests.parse(e.summary().subject());
            if (request.isEmpty()) {
                continue;
            }
            Address from = Address.parse(e.summary().from());
            if (!request.get().subscribe()) {
                owned = owned.without(from);
            } else if (admitted(owned, account, from, request.get().invitation())) {
                owned = owned.withSubscriber(new OwnedList.Subscriber(from.display(), request.get().permit()));
            } else {
                refused.add(from.display());
            }
            applied.add(e);
        }
        // Unchanged stays the same keyring, so callers can tell nothing needs saving.
        Keyring result = owned.equals(checked.ownedList(list).orElseThrow()) ? checked : checked.withOwnedList(owned);
        return new Outcome(result, refused, new Filing(list.display(), applied));
    }

    /**
     * What applying requests did to one list: who joined, who left, who asked but was not admitted (an invite-only
     * list without a valid invitation), how many subscribers it has now, and why it could not be synced (null when
     * it was).
     */
    public record Applied(String list, List<String> joined, List<String> left, List<String> refused, int subscribers,
                          String problem) {
    }

    /** The keyring to save, one {@link Applied} per list the keyring runs, and the requests to file once saved. */
    public record Processed(Keyring keyring, List<Applied> lists, List<Filing> filings) {
    }

    /**
     * {@link #processRequests} for every list the keyring runs ({@code mailv2 sync} once, the terminal UI as mail
     * arrives). A list whose server cannot be reached is reported and does not hold up the others.
     */
    public Processed processAll(Keyring keyring, SummaryCache cache) {
        Keyring current = keyring;
        List<Applied> applied = new java.util.ArrayList<>();
        List<Filing> filings = new java.util.ArrayList<>();
        for (OwnedList before : keyring.ownedLists()) {
            Address list = Address.parse(before.address());
            Outcome outcome;
            try {
                outcome = apply(current, list, cache);
            } catch (IOException | ProtocolException failed) {
                applied.add(new Applied(before.address(), List.of(), List.of(), List.of(),
                        before.subscribers().size(), failed.getMessage()));
                continue;
            }
            OwnedList was = current.ownedList(list).orElseThrow();
            current = outcome.keyring();
            OwnedList after = current.ownedList(list).orElseThrow();
            applied.add(new Applied(before.address(), missingFrom(was, after), missingFrom(after, was),
                    outcome.refused(), after.subscribers().size(), null));
            filings.add(outcome.filing());
        }
        return new Processed(current, applied, filings);
    }

    /** The subscribers of {@code b} that {@code a} lacks. */
    private static List<String> missingFrom(OwnedList a, OwnedList b) {
        java.util.Set<Address> had = new java.util.HashSet<>();
        a.subscribers().forEach(s -> had.add(Address.parse(s.address())));
        return b.subscribers().stream().map(OwnedList.Subscriber::address)
                .filter(s -> !had.contains(Address.parse(s))).toList();
    }

    /** Public lists admit everyone; invite-only lists only holders of an invitation the list signed for them. */
    private boolean admitted(OwnedList owned, OwnAccount list, Address from, String invitation) {
        if (!owned.inviteOnly()) {
            return true;
        }
        if (invitation == null) {
            return false;
        }
        try {
            org.mailv2.protocol.lists.ListInvitation.verify(invitation, list.signingKey().publicKey(),
                    list.parsedAddress(), from, clock);
            return true;
        } catch (ProtocolException refused) {
            return false;
        }
    }

    /** An invitation to an invite-only list the user runs, for one address. */
    public String invite(Keyring keyring, Address list, Address invitee, java.time.Duration validity) {
        OwnAccount account = keyring.account(list).orElseThrow(() -> new ProtocolException(
                ErrorCode.UNKNOWN_RECIPIENT, "you do not run " + list.display()));
        return org.mailv2.protocol.lists.ListInvitation.issue(account.signingKey(), list, invitee, clock, validity);
    }

    /** Posts to every subscriber, each copy with its subscriber's permit; returns the keyring and the deliveries. */
    public Sender.Result post(Keyring keyring, Address list, String subject, String text,
                              Consumer<String> status) throws IOException {
        return posts.post(keyring, list, subject, text, status, d -> { });
    }

    /**
     * As {@link #post(Keyring, Address, String, String, Consumer)}, telling {@code settled} of each copy as it goes;
     * see {@link ListPosts}: the post is journaled, and resumed after an interruption.
     */
    public Sender.Result post(Keyring keyring, Address list, String subject, String text, Consumer<String> status,
                              Consumer<Delivery> settled) throws IOException {
        return posts.post(keyring, list, subject, text, status, settled);
    }

    /** See {@link ListPosts#resumePosts(Keyring, Consumer)}. */
    public ListPosts.Resumed resumePosts(Keyring keyring, Consumer<String> status) throws IOException {
        return posts.resumePosts(keyring, status);
    }

    /** See {@link ListPosts#resumePosts(Keyring, Address, Consumer)}. */
    public ListPosts.Resumed resumePosts(Keyring keyring, Address list, Consumer<String> status) throws IOException {
        return posts.resumePosts(keyring, list, status);
    }

    /** See {@link ListPosts#unfinishedPosts}. */
    public int unfinishedPosts(Keyring keyring, Address list) throws IOException {
        return posts.unfinishedPosts(keyring, list);
    }

    /**
     * The list's account.
     *
     * @throws ProtocolException {@code unknown_recipient} unless the keyring runs {@code list}
     */
    static OwnAccount runs(Keyring keyring, Address list) {
        OwnAccount account = keyring.account(list).orElseThrow(() -> new ProtocolException(
                ErrorCode.UNKNOWN_RECIPIENT, "you do not run " + list.display()));
        if (keyring.ownedList(list).isEmpty()) {
            throw new ProtocolException(ErrorCode.UNKNOWN_RECIPIENT, list.display() + " is not a list you run");
        }
        return account;
    }
}
