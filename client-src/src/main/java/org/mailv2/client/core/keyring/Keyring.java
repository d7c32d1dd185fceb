package org.mailv2.client.core.keyring;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/**
 * Everything the vault protects: the user's accounts (with private keys), which one is current, pinned contacts, and
 * the key that encrypts the local summary cache.
 */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record Keyring(int version, List<OwnAccount> accounts, String current, List<Contact> contacts,
                      String cacheKey, List<Subscription> subscriptions, List<OwnedList> ownedLists,
                      List<OwnedOrganisation> organisations) {
    public static final int VERSION = 1;

    public Keyring {
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
        contacts = contacts == null ? List.of() : List.copyOf(contacts);
        subscriptions = subscriptions == null ? List.of() : List.copyOf(subscriptions);
        ownedLists = ownedLists == null ? List.of() : List.copyOf(ownedLists);
        organisations = organisations == null ? List.of() : List.copyOf(organisations);
    }

    public static Keyring empty() {
        return new Keyring(VERSION, List.of(), null, List.of(), null, List.of(), List.of(), List.of());
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
                organisations);
    }

    public Keyring withCurrent(Address address) {
        if (accounts.stream().noneMatch(a -> a.parsedAddress().equals(address))) {
            throw new ProtocolException(ErrorCode.UNKNOWN_RECIPIENT, "no account " + address.display() + " here");
        }
        return new Keyring(version, accounts, address.display(), contacts, cacheKey, subscriptions, ownedLists,
                organisations);
    }

    /** This keyring with a cache key, made now if it has none yet (the caller saves it). */
    public Keyring withCacheKey(java.security.SecureRandom random) {
        if (cacheKey != null) {
            return this;
        }
        byte[] key = new byte[32];
        random.nextBytes(key);
        return new Keyring(version, accounts, current, contacts, java.util.Base64.getEncoder().encodeToString(key),
                subscriptions, ownedLists, organisations);
    }

    /** The cache key's bytes; only the cache may hold them. */
    public byte[] cacheKeyBytes() {
        if (cacheKey == null) {
            throw new IllegalStateException("no cache key yet");
        }
        return java.util.Base64.getDecoder().decode(cacheKey);
    }

    /** This keyring with the contacts pinned in {@code other} that it lacks (after sending from another account). */
    public Keyring withContactsFrom(Keyring other) {
        Keyring result = this;
        for (Contact c : other.contacts()) {
            if (result.contact(Address.parse(c.address())).isEmpty()) {
                result = result.withContact(c);
            }
        }
        return result;
    }

    public Keyring withSubscriptions(List<Subscription> list) {
        return new Keyring(version, accounts, current, contacts, cacheKey, list, ownedLists, organisations);
    }

    public Keyring withOwnedList(OwnedList owned) {
        List<OwnedList> list = new ArrayList<>(ownedLists);
        list.removeIf(l -> Address.parse(l.address()).equals(Address.parse(owned.address())));
        list.add(owned);
        return new Keyring(version, accounts, current, contacts, cacheKey, subscriptions, list, organisations);
    }

    public Keyring withOrganisation(OwnedOrganisation organisation) {
        List<OwnedOrganisation> list = new ArrayList<>(organisations);
        list.removeIf(o -> o.name().equals(organisation.name()));
        list.add(organisation);
        return new Keyring(version, accounts, current, contacts, cacheKey, subscriptions, ownedLists, list);
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
        return new Keyring(version, accounts, current, list, cacheKey, subscriptions, ownedLists, organisations);
    }
}
