package org.mailv2.client.core.keyring;

import java.util.ArrayList;
import java.util.List;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.permit.PermitId;

/** A list the user runs (its account is among the user's accounts) and its subscribers with their permits. */
public record OwnedList(String address, String title, String description, boolean inviteOnly, long serial,
                        List<Subscriber> subscribers) {
    /** One subscriber and the permit it issued to the list at its own server. */
    public record Subscriber(String address, PermitId permit) {
    }

    public OwnedList {
        subscribers = subscribers == null ? List.of() : List.copyOf(subscribers);
    }

    public OwnedList withSubscriber(Subscriber subscriber) {
        List<Subscriber> list = new ArrayList<>(subscribers);
        list.removeIf(s -> Address.parse(s.address()).equals(Address.parse(subscriber.address())));
        list.add(subscriber);
        return new OwnedList(address, title, description, inviteOnly, serial, list);
    }

    public OwnedList without(Address subscriber) {
        List<Subscriber> list = new ArrayList<>(subscribers);
        list.removeIf(s -> Address.parse(s.address()).equals(subscriber));
        return new OwnedList(address, title, description, inviteOnly, serial, list);
    }
}
