package org.mailv2.client.core.keyring;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/**
 * Everything the vault protects: the user's accounts (with private keys), which one is current, pinned contacts, the
 * key that encrypts the local summary cache, lists and organisations, the contact permits issued and received, and the
 * tombstones of shared entries this vault removed (so that merging with another device's state does not bring them
 * back).
 * Fields added after the first release are optional, so older vaults load.
 */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record Keyring(int version, List<OwnAccount> accounts, String current, List<Contact> contacts,
                      String cacheKey, List<Subscription> subscriptions, List<OwnedList> ownedLists,
                      List<OwnedOrganisation> organisations, List<ContactPermit> contactPermits,
                      @com.fasterxml.jackson.annotation.JsonInclude(
                              com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
                      List<Tombstone> tombstones) {
    public static final int VERSION = 1;

    public Keyring {
        tombstones = tombstones == null ? List.of() : List.copyOf(tombstones);
        contactPermits = contactPermits == null ? List.of() : List.copyOf(contactPermits);
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
        contacts = contacts == null ? List.of() : List.copyOf(contacts);
        subscriptions = subscriptions == null ? List.of() : List.copyOf(subscriptions);
        ownedLists = ownedLists == null ? List.of() : List.copyOf(ownedLists);
        organisations = organisations == null ? List.of() : List.copyOf(organisations);
    }

    /** A keyring without contact permits (as vaults before them were). */
    public Keyring(int version, List<OwnAccount> accounts, String current, List<Contact> contacts, String cacheKey,
                   List<Subscription> subscriptions, List<OwnedList> ownedLists,
                   List<OwnedOrganisation> organisations) {
        this(version, accounts, current, contacts, cacheKey, subscriptions, ownedLists, organisations, List.of(),
                List.of());
    }

    /** The keyring with {@code list} as its tombstones (what this vault removed, see {@link Tombstone}). */
    public Keyring withTombstones(List<Tombstone> list) {
        return new Keyring(version, accounts, current, contacts, cacheKey, subscriptions, ownedLists, organisations,
                contactPermits, list);
    }

    public static Keyring empty() {
        return new Keyring(VERSION, List.of(), null, List.of(), null, List.of(), List.of(), List.of(), List.of(),
                List.of());
    }

    /** @throws ProtocolException {@code unknown_recipient} when there is no account yet */
    public OwnAccount currentAccount() {
        return accounts.stream().filter(a -> Address.parse(a.address()).equals(currentAddress()))
                .findFirst().orElseThrow(() -> new ProtocolException(ErrorCode.UNKNOWN_RECIPIENT,
                        "no account yet: create one with `mailv2 account create`"));
    }

    private Address currentAddress() {
        if (current == null) {
            throw new ProtocolException(ErrorCode.UNKNOWN_RECIPIENT,
                    "no account yet: create one with `mailv2 account create`");
        }
        return Address.parse(current);
    }

    public Keyring withAccount(OwnAccount account) {
        List<OwnAccount> list = new ArrayList<>(accounts);
        list.removeIf(a -> Address.parse(a.address()).equals(account.parsedAddress()));
        list.add(account);
        return new Keyring(version, list, account.address(), contacts, cacheKey, subscriptions, ownedLists,
                organisations, contactPermits, tombstones);
    }

    /** The keyring with {@code account} in place of the account of the same address; the current one stays. */
    public Keyring replacingAccount(OwnAccount account) {
        List<OwnAccount> list = new ArrayList<>(accounts);
        list.replaceAll(a -> Address.parse(a.address()).equals(account.parsedAddress()) ? account : a);
        return new Keyring(version, list, current, contacts, cacheKey, subscriptions, ownedLists, organisations,
                contactPermits, tombstones);
    }

    public Keyring withCurrent(Address address) {
        if (accounts.stream().noneMatch(a -> a.parsedAddress().equals(address))) {
            throw new ProtocolException(ErrorCode.UNKNOWN_RECIPIENT, "no account " + address.display() + " here");
        }
        return new Keyring(version, accounts, address.display(), contacts, cacheKey, subscriptions, ownedLists,
                organisations, contactPermits, tombstones);
    }

    /** This keyring with a cache key, made now if it has none yet (the caller saves it). */
    public Keyring withCacheKey(java.security.SecureRandom random) {
        if (cacheKey != null) {
            return this;
        }
        byte[] key = new byte[32];
        random.nextBytes(key);
        return new Keyring(version, accounts, current, contacts, java.util.Base64.getEncoder().encodeToString(key),
                subscriptions, ownedLists, organisations, contactPermits, tombstones);
    }

    /** The cache key's bytes; only the cache may hold them. */
    public byte[] cacheKeyBytes() {
        if (cacheKey == null) {
            throw new IllegalStateException("no cache key yet");
        }
        return java.util.Base64.getDecoder().decode(cacheKey);
    }

    /**
     * This keyring with what a send or sync based on an older copy learnt: the contacts pinned in {@code other} that
     * it lacks, and {@code other}'s contact permits where they are newer.
     */
    public Keyring withContactsFrom(Keyring other) {
        Keyring result = this;
        for (Contact c : other.contacts()) {
            if (result.contact(Address.parse(c.address())).isEmpty()) {
                result = result.withContact(c);
            }
        }
        for (ContactPermit p : other.contactPermits()) {
            Optional<ContactPermit> mine = result.contactPermits().stream().filter(p::sameSlot).findFirst();
            if (mine.isEmpty() || p.changedAt().isAfter(mine.get().changedAt())) {
                result = result.withContactPermit(p);
            }
        }
        return result;
    }

    /** The permit, active or not, between {@code account} and {@code contact} in one direction. */
    public Optional<ContactPermit> contactPermit(Address account, Address contact, ContactPermit.Direction direction) {
        return contactPermits.stream().filter(p -> p.direction() == direction
                && Address.parse(p.account()).equals(account) && Address.parse(p.contact()).equals(contact))
                .findFirst();
    }

    /** The active permit {@code contact} gave {@code account}: writing to the contact needs no stamp. */
    public Optional<org.mailv2.protocol.permit.PermitId> receivedPermit(Address account, Address contact) {
        return contactPermit(account, contact, ContactPermit.Direction.RECEIVED).filter(ContactPermit::active)
                .map(ContactPermit::permit);
    }

    /** The permit {@code account} issued with this id, if it was issued to a contact. */
    public Optional<ContactPermit> issuedContactPermit(org.mailv2.protocol.permit.PermitId id) {
        return contactPermits.stream().filter(p -> p.direction() == ContactPermit.Direction.ISSUED
                && p.permit().equals(id)).findFirst();
    }

    /** This keyring with {@code permit} in its slot (account, contact, direction), replacing what was there. */
    public Keyring withContactPermit(ContactPermit permit) {
        List<ContactPermit> list = new ArrayList<>(contactPermits);
        list.removeIf(permit::sameSlot);
        list.add(permit);
        return new Keyring(version, accounts, current, contacts, cacheKey, subscriptions, ownedLists, organisations,
                list, tombstones);
    }

    /** This keyring without the permit between {@code account} and {@code contact} in {@code direction}. */
    public Keyring withoutContactPermit(Address account, Address contact, ContactPermit.Direction direction) {
        List<ContactPermit> list = new ArrayList<>(contactPermits);
        list.removeIf(p -> p.direction() == direction && Address.parse(p.account()).equals(account)
                && Address.parse(p.contact()).equals(contact));
        return new Keyring(version, accounts, current, contacts, cacheKey, subscriptions, ownedLists, organisations,
                list, tombstones);
    }

    public Keyring withSubscriptions(List<Subscription> list) {
        return new Keyring(version, accounts, current, contacts, cacheKey, list, ownedLists, organisations,
                contactPermits, tombstones);
    }

    public Keyring withOwnedList(OwnedList owned) {
        List<OwnedList> list = new ArrayList<>(ownedLists);
        list.removeIf(l -> Address.parse(l.address()).equals(Address.parse(owned.address())));
        list.add(owned);
        return new Keyring(version, accounts, current, contacts, cacheKey, subscriptions, list, organisations,
                contactPermits, tombstones);
    }

    public Keyring withOrganisation(OwnedOrganisation organisation) {
        List<OwnedOrganisation> list = new ArrayList<>(organisations);
        list.removeIf(o -> o.name().equals(organisation.name()));
        list.add(organisation);
        return new Keyring(version, accounts, current, contacts, cacheKey, subscriptions, ownedLists, list,
                contactPermits, tombstones);
    }

    public Optional<OwnedOrganisation> organisation(String name) {
        return organisations.stream().filter(o -> o.name().equals(name)).findFirst();
    }

    public Optional<OwnedList> ownedList(Address list) {
        return ownedLists.stream().filter(l -> Address.parse(l.address()).equals(list)).findFirst();
    }

    public Optional<OwnAccount> account(Address address) {
        return accounts.stream().filter(a -> a.parsedAddress().equals(address)).findFirst();
    }

    public Optional<Contact> contact(Address address) {
        return contacts.stream().filter(c -> Address.parse(c.address()).equals(address)).findFirst();
    }

    public Keyring withContact(Contact contact) {
        List<Contact> list = new ArrayList<>(contacts);
        list.removeIf(c -> Address.parse(c.address()).equals(Address.parse(contact.address())));
        list.add(contact);
        return new Keyring(version, accounts, current, list, cacheKey, subscriptions, ownedLists, organisations,
                contactPermits, tombstones);
    }
}
