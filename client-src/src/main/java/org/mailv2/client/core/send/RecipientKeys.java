package org.mailv2.client.core.send;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.mailv2.client.core.parallel.BoundedParallel;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.keyring.Contact;
import org.mailv2.client.core.keyring.ContactPinning;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.keyring.Memberships;
import org.mailv2.client.core.send.CopyWriter.Target;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.resolver.AddressRecord;

/**
 * Which key a copy for one recipient is sealed to, the same for sending and for planning a send: the resolver's record,
 * checked against the pinned key (see {@link ContactPinning}); when the resolver cannot be reached, the pinned key
 * alone (the copy then waits in the outbox).
 */
final class RecipientKeys {
    /** The keyring with what resolving pinned, the target, and whether it came from the pin alone (offline). */
    record Found(Keyring pinned, Target target, boolean offline) {
    }

    /** Where the resolver's record of an address comes from. */
    @FunctionalInterface
    interface Lookup {
        Optional<AddressRecord> address(Address recipient) throws IOException;

        /** One request per address, when it is asked for. */
        static Lookup direct(Connection connection) {
            return recipient -> connection.resolver().address(recipient.hash());
        }

        /**
         * The records of {@code recipients} fetched up front, {@code threads} requests at a time; an address whose
         * request failed is asked again when it is looked up, so an unreachable resolver is met as without this.
         */
        static Lookup prefetched(Connection connection, List<Address> recipients, int threads) {
            Lookup direct = direct(connection);
            if (threads <= 1 || recipients.size() <= 1) {
                return direct;
            }
            Map<Address, Optional<AddressRecord>> fetched = new ConcurrentHashMap<>();
            try {
                BoundedParallel.map(recipients, threads, recipient -> {
                    try {
                        fetched.put(recipient, direct.address(recipient));
                    } catch (IOException | RuntimeException askAgainLater) {
                        // Looked up again in order, where the failure is handled as it always was.
                    }
                    return recipient;
                });
            } catch (IOException interrupted) {
                return direct;
            }
            return recipient -> {
                Optional<AddressRecord> record = fetched.get(recipient);
                return record != null ? record : direct.address(recipient);
            };
        }
    }

    private RecipientKeys() {
    }

    /**
     * @throws ProtocolException {@code unknown_recipient} for an address without keys, {@code key_change_unsigned} for
     *     a contact whose keys changed, {@code stale_serial} for a record older than the pinned one, {@code forbidden}
     *     for an organisation address that is not a member
     * @throws IOException never for an unreachable resolver when the recipient is pinned
     */
    static Found resolve(Connection connection, Keyring pinned, Address recipient, int ownBits, Clock clock)
            throws IOException {
        return resolve(connection, pinned, recipient, ownBits, clock, Lookup.direct(connection));
    }

    /** As {@link #resolve(Connection, Keyring, Address, int, Clock)}, the record taken from {@code records}. */
    static Found resolve(Connection connection, Keyring pinned, Address recipient, int ownBits, Clock clock,
                         Lookup records) throws IOException {
        AddressRecord record;
        try {
            record = records.address(recipient).orElseThrow(() -> new ProtocolException(
                    ErrorCode.UNKNOWN_RECIPIENT, recipient.display() + " has not published keys"));
        } catch (IOException unreachable) {
            // The resolver is down (often it is the own server): a pinned contact's keys are enough to seal.
            Contact known = ContactPinning.requireUsable(pinned, recipient);
            return new Found(pinned, new Target(recipient, known.encryptionKey(), Sender.DEFAULT_MESSAGE_BITS, true),
                    true);
        }
        Memberships.require(connection.resolver(), recipient, record);
        var history = ContactPinning.needsKeyHistory(pinned, recipient, record)
                ? connection.resolver().keyChanges(recipient.hash()) : java.util.List.<org.mailv2.protocol.resolver.KeyChange>of();
        Keyring next = new ContactPinning(clock).observe(pinned, recipient, record, history);
        Contact contact = ContactPinning.requireUsable(next, recipient);
        boolean local = record.routingId().matches(connection.account().routingId());
        // The recipient may ask more than the servers do (a version 2 record): its server enforces the larger.
        return new Found(next, new Target(recipient, contact.encryptionKey(),
                record.requiredBits(local ? ownBits : Sender.DEFAULT_MESSAGE_BITS), !local), false);
    }
}
