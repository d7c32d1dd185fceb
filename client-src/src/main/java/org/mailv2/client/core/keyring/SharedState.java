package org.mailv2.client.core.keyring;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.mailv2.protocol.address.Address;

/**
 * The parts of a vault an account's devices share — contacts and their pins, contact permits, subscriptions, the
 * subscribers of the lists it runs, organisation keys, the account's key generations — and how two devices' copies
 * merge: set-wise, so that what either device added survives, and with {@link Tombstone}s, so that what either
 * removed stays removed. The merge is commutative and idempotent: merging in any order, any number of times, gives one
 * state. Device-local parts (the current account, the cache key, pending keys) are never merged.
 */
public final class SharedState {
    static final String SUBSCRIPTION = "subscription";
    static final String SUBSCRIBER = "subscriber";

    private SharedState() {
    }

    /** The shared state of one account, as a device holds it: what goes into the account's copy at its server. */
    public record Part(OwnAccount account, List<Contact> contacts, List<ContactPermit> contactPermits,
                       List<Subscription> subscriptions, List<OwnedList> ownedLists,
                       List<OwnedOrganisation> organisations, List<Tombstone> tombstones) {
        public Part {
            contacts = contacts == null ? List.of() : List.copyOf(contacts);
            contactPermits = contactPermits == null ? List.of() : List.copyOf(contactPermits);
            subscriptions = subscriptions == null ? List.of() : List.copyOf(subscriptions);
            ownedLists = ownedLists == null ? List.of() : List.copyOf(ownedLists);
            organisations = organisations == null ? List.of() : List.copyOf(organisations);
            tombstones = tombstones == null ? List.of() : List.copyOf(tombstones);
        }
    }

    /** What {@code keyring} shares for {@code account}. */
    public static Part of(Keyring keyring, OwnAccount account) {
        String address = account.address();
        return new Part(account, keyring.contacts(),
                keyring.contactPermits().stream().filter(p -> p.account().equals(address)).toList(),
                keyring.subscriptions().stream().filter(s -> s.account().equals(address)).toList(),
                keyring.ownedLists(), keyring.organisations(), keyring.tombstones());
    }

    /**
     * The keyring after what {@code before} held and {@code after} no longer holds was removed here: a tombstone for
     * each subscription and list subscriber gone, so that another device's copy does not bring it back.
     */
    public static Keyring recordRemovals(Keyring before, Keyring after, Instant now) {
        Set<String> kept = new LinkedHashSet<>();
        after.subscriptions().forEach(s -> kept.add(SUBSCRIPTION + " " + subscriptionKey(s)));
        after.ownedLists().forEach(l -> l.subscribers().forEach(s -> kept.add(SUBSCRIBER + " " + subscriberKey(l, s))));
        List<Tombstone> added = new ArrayList<>();
        for (Subscription s : before.subscriptions()) {
            if (!kept.contains(SUBSCRIPTION + " " + subscriptionKey(s))) {
                added.add(new Tombstone(SUBSCRIPTION, subscriptionKey(s), now));
            }
        }
        for (OwnedList l : before.ownedLists()) {
            for (OwnedList.Subscriber s : l.subscribers()) {
                if (!kept.contains(SUBSCRIBER + " " + subscriberKey(l, s))) {
                    added.add(new Tombstone(SUBSCRIBER, subscriberKey(l, s), now));
                }
            }
        }
        if (added.isEmpty()) {
            return after;
        }
        List<Tombstone> all = new ArrayList<>(after.tombstones());
        all.addAll(added);
        return after.withTombstones(all);
    }

    /**
     * {@code local} with {@code remote} (another device's state of {@code account}) merged in.
     *
     * <ul>
     *   <li>The account's key generations: every generation either side retired is retired; the current keys are
     *       those neither retired (the local ones when both sides still hold their own).</li>
     *   <li>Contacts, by address: the record with the higher serial; at the same serial a key change outranks a pin
     *       (a warning is never lost), the later safety-number check is kept, and past keys are united.</li>
     *   <li>Contact permits, by account, contact and direction: a revoked one outranks an active one, else the later.</li>
     *   <li>Subscriptions and list subscribers: united, less those either side's tombstones name.</li>
     *   <li>Lists, by address: the later serial's title and description; organisations, by name: united.</li>
     * </ul>
     */
    public static Keyring merge(Keyring local, Address account, Part remote) {
        List<OwnAccount> accounts = new ArrayList<>(local.accounts());
        if (remote.account() != null) {
            accounts.replaceAll(a -> a.parsedAddress().equals(account) ? mergeKeys(a, remote.account()) : a);
        }
        Map<String, Tombstone> tombstones = new LinkedHashMap<>();
        for (Tombstone t : concat(local.tombstones(), remote.tombstones())) {
            tombstones.merge(t.kind() + " " + t.key(), t, (a, b) -> a.at().isAfter(b.at()) ? a : b);
        }

        Map<String, Contact> contacts = byKey(local.contacts(), c -> Address.parse(c.address()).canonical());
        for (Contact theirs : remote.contacts()) {
            contacts.merge(Address.parse(theirs.address()).canonical(), theirs, SharedState::mergeContact);
        }

        Map<String, ContactPermit> permits = byKey(local.contactPermits(), SharedState::permitKey);
        for (ContactPermit theirs : remote.contactPermits()) {
            permits.merge(permitKey(theirs), theirs, SharedState::mergePermit);
        }

        Map<String, Subscription> subscriptions = byKey(local.subscriptions(), SharedState::subscriptionKey);
        remote.subscriptions().forEach(s -> subscriptions.putIfAbsent(subscriptionKey(s), s));
        subscriptions.keySet().removeIf(key -> tombstones.containsKey(SUBSCRIPTION + " " + key));

        Map<String, OwnedList> lists = byKey(local.ownedLists(), l -> Address.parse(l.address()).canonical());
        for (OwnedList theirs : remote.ownedLists()) {
            lists.merge(Address.parse(theirs.address()).canonical(), theirs, SharedState::mergeList);
        }
        List<OwnedList> owned = new ArrayList<>();
        for (OwnedList l : lists.values()) {
            owned.add(new OwnedList(l.address(), l.title(), l.description(), l.inviteOnly(), l.serial(),
                    l.subscribers().stream().filter(s -> !tombstones.containsKey(SUBSCRIBER + " "
                            + subscriberKey(l, s))).toList()));
        }

        Map<String, OwnedOrganisation> organisations = byKey(local.organisations(), OwnedOrganisation::name);
        remote.organisations().forEach(o -> organisations.putIfAbsent(o.name(), o));

        return new Keyring(local.version(), accounts, local.current(), new ArrayList<>(contacts.values()),
                local.cacheKey(), new ArrayList<>(subscriptions.values()), owned,
                new ArrayList<>(organisations.values()), new ArrayList<>(permits.values()),
                new ArrayList<>(tombstones.values()));
    }

    static OwnAccount mergeKeys(OwnAccount mine, OwnAccount theirs) {
        Map<String, KeyGeneration> retired = new LinkedHashMap<>();
        for (KeyGeneration g : concat(mine.retiredKeys(), theirs.retiredKeys())) {
            retired.merge(g.signingSecret(), g, (a, b) -> a.retiredAt().isBefore(b.retiredAt()) ? a : b);
        }
        String signing = mine.signingSecret();
        String encryption = mine.encryptionSecret();
        if (retired.containsKey(signing) && !retired.containsKey(theirs.signingSecret())) {
            // The other device rotated away from the keys this one still uses.
            signing = theirs.signingSecret();
            encryption = theirs.encryptionSecret();
        }
        retired.remove(signing);
        List<KeyGeneration> ordered = new ArrayList<>(retired.values());
        ordered.sort(Comparator.comparing(KeyGeneration::retiredAt));
        return new OwnAccount(mine.address(), mine.displayName(), mine.serverUrl(), mine.serverPin(), mine.routingId(),
                mine.resolverUrl(), mine.resolverPin(), signing, encryption, mine.createdAt(), ordered,
                mine.pendingKeys(), mine.recoveryEntropy(), mine.recoveryCopyDigest());
    }

    private static Contact mergeContact(Contact mine, Contact theirs) {
        Contact winner;
        if (mine.serial() != theirs.serial()) {
            winner = mine.serial() > theirs.serial() ? mine : theirs;
        } else if (mine.status() != theirs.status()) {
            winner = mine.status() == Contact.Status.KEY_CHANGED ? mine : theirs;
        } else {
            winner = mine;
        }
        java.time.Instant verifiedAt = winner.verifiedAt();
        if (mine.signingKey().equals(theirs.signingKey())) {
            verifiedAt = latest(mine.verifiedAt(), theirs.verifiedAt());
        }
        Map<String, PastKey> past = new LinkedHashMap<>();
        for (PastKey k : concat(mine.pastKeys(), theirs.pastKeys())) {
            if (!k.signingKey().equals(winner.signingKey())) {
                past.putIfAbsent(k.signingKey().text(), k);
            }
        }
        List<PastKey> ordered = new ArrayList<>(past.values());
        ordered.sort(Comparator.comparingLong(PastKey::serial));
        return new Contact(winner.address(), winner.signingKey(), winner.encryptionKey(), winner.serial(),
                winner.pinnedAt(), winner.status(), verifiedAt, winner.offeredKey(), ordered);
    }

    private static ContactPermit mergePermit(ContactPermit mine, ContactPermit theirs) {
        if ((mine.revokedAt() == null) != (theirs.revokedAt() == null)) {
            return mine.revokedAt() != null ? mine : theirs;
        }
        return theirs.since().isAfter(mine.since()) ? theirs : mine;
    }

    private static OwnedList mergeList(OwnedList mine, OwnedList theirs) {
        OwnedList newer = theirs.serial() > mine.serial() ? theirs : mine;
        Map<String, OwnedList.Subscriber> subscribers = new LinkedHashMap<>();
        for (OwnedList.Subscriber s : concat(mine.subscribers(), theirs.subscribers())) {
            subscribers.putIfAbsent(subscriberKey(mine, s), s);
        }
        return new OwnedList(newer.address(), newer.title(), newer.description(), newer.inviteOnly(), newer.serial(),
                List.copyOf(subscribers.values()));
    }

    static String subscriptionKey(Subscription s) {
        return Address.parse(s.account()).canonical() + " " + Address.parse(s.list()).canonical() + " "
                + s.permit().text();
    }

    static String subscriberKey(OwnedList list, OwnedList.Subscriber s) {
        return Address.parse(list.address()).canonical() + " " + Address.parse(s.address()).canonical() + " "
                + s.permit().text();
    }

    private static String permitKey(ContactPermit p) {
        return Address.parse(p.account()).canonical() + " " + Address.parse(p.contact()).canonical() + " "
                + p.direction();
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    private static <T> Map<String, T> byKey(List<T> items, Function<T, String> key) {
        Map<String, T> map = new LinkedHashMap<>();
        items.forEach(item -> map.put(key.apply(item), item));
        return map;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
