package org.mailv2.client.core.trust;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mailv2.client.core.keyring.Contact;
import org.mailv2.client.core.keyring.ContactPinning;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.keyring.Memberships;
import org.mailv2.client.core.keyring.PastKey;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.api.MessageView;
import org.mailv2.protocol.keys.KeyId;
import org.mailv2.protocol.keys.SigningPublicKey;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.protocol.resolver.KeyChange;
import org.mailv2.protocol.resolver.RetiredKeys;
import org.mailv2.protocol.resolver.Resolver;
import org.mailv2.protocol.seal.Envelope;
import org.mailv2.protocol.seal.MessageOpener;
import org.mailv2.protocol.seal.Summary;
import org.mailv2.protocol.seal.VerifiedEnvelope;

/**
 * Checks senders against pinned keys, for one run over some messages (a sync, a read). A message signed by the
 * contact's pinned key verifies without asking the resolver. A first message from someone pins their record's key
 * (trust on first use: the record must be for the envelope's sender hash, self-signed, and for an organisation
 * address carry the organisation's membership signature). A message signed by any other key is accepted only through
 * a chain of rotations from the pinned key, each signed by the key before it (asking the resolver's key history when
 * the contact rotated more than once); otherwise the contact is marked key-changed and the message fails until the
 * user accepts the key. Mail signed by a key the contact rotated away from verifies if it was on its way during the
 * rotation (taken by the own server within {@link RetiredKeys#GRACE} of it), and fails after. What a run learns applies to its later messages at once and is handed to the
 * vault by {@link #applyTo}, so that it merges with what other processes changed meanwhile.
 */
public final class SenderTrust {
    /**
     * One message's outcome: the trust, the verified summary (null unless the signature verified), the envelope to
     * open the body with (likewise), the key that signed it (the one that verified, or the one presented), and the
     * stable code of the failure (null when verified).
     */
    public record Checked(Trust trust, Summary summary, VerifiedEnvelope envelope, KeyId keyId, String problem) {
        public boolean verified() {
            return trust.signatureVerified();
        }

        /** @throws ProtocolException with the failure's code unless the signature verified */
        public Checked require() {
            if (!verified()) {
                throw new ProtocolException(trust == Trust.KEY_CHANGED ? ErrorCode.KEY_CHANGE_UNSIGNED
                        : ErrorCode.fromWire(problem), trust == Trust.KEY_CHANGED
                        ? "signed with a key the sender's pinned key did not endorse; check with them, then accept"
                        + " the key" : "the message failed verification (" + problem + ")");
            }
            return this;
        }
    }

    /** One thing learnt, replayed on the vault's newest keyring. */
    @FunctionalInterface
    private interface Learnt {
        Keyring apply(Keyring keyring);
    }

    private final Resolver resolver;
    private final ContactPinning pinning;
    private final Clock clock;
    private final Map<Sha256, Optional<AddressRecord>> records = new HashMap<>();
    private final List<Learnt> learnt = new ArrayList<>();
    private Keyring pins;
    private Map<Sha256, Contact> byHash;
    private final OpenedAhead openedAhead = new OpenedAhead();

    public SenderTrust(Resolver resolver, Keyring keyring, Clock clock) {
        this.resolver = resolver;
        this.pinning = new ContactPinning(clock);
        this.clock = clock;
        this.pins = keyring;
    }

    /** As {@link #check(MessageOpener, Envelope, byte[], Instant)} for a message taken just now. */
    public Checked check(MessageOpener opener, Envelope envelope, byte[] summaryCiphertext) throws IOException {
        return check(opener, envelope, summaryCiphertext, null);
    }

    /**
     * Checks one message's envelope and summary.
     *
     * @param receivedAt when the own server took the message (null: now); mail signed by a key its sender rotated
     *                   away from verifies only if it was taken before {@link RetiredKeys#GRACE} after the rotation
     * @throws IOException when the resolver is needed and cannot be reached (nothing is decided then)
     */
    public Checked check(MessageOpener opener, Envelope envelope, byte[] summaryCiphertext, Instant receivedAt)
            throws IOException {
        KeyId presented = envelope.senderKeyId();
        try {
            org.mailv2.client.core.keyring.OwnAccount own = ownAccount(envelope.fromHash());
            if (own != null && own.signingKey().publicKey().keyId().equals(presented)) {
                // One of this vault's own accounts (its Sent copies, mail to itself): its key is known, not pinned.
                OpenedAhead.Outcome opened = open(opener, envelope, own.signingKey().publicKey(), summaryCiphertext);
                return new Checked(Trust.PINNED, opened.summary(), opened.verified(), presented, null);
            }
            Contact pinned = pinnedFor(envelope.fromHash());
            if (pinned != null && pinned.signingKey().keyId().equals(presented)) {
                return verifiedBy(pinned, pinned.signingKey(), opener, envelope, summaryCiphertext);
            }
            Optional<PastKey> past = own != null ? ownRetiredKey(envelope.fromHash(), presented)
                    : pastKey(pinned, presented);
            if (past.isPresent()) {
                return byPastKey(own != null ? null : pinned, past.get(), opener, envelope, summaryCiphertext,
                        receivedAt);
            }
            if (own != null) {
                throw new ProtocolException(ErrorCode.BAD_SIGNATURE, "signed by a key " + own.address()
                        + " never held");
            }
            AddressRecord record = record(envelope.fromHash());
            if (!record.signingKey().keyId().equals(presented)) {
                if (pinned != null && pinned.status() == Contact.Status.PINNED) {
                    // Signed by a key between the pinned one and the current one: learn the chain, then look again.
                    Contact now = learnChain(pinned.parsedAddress(), record);
                    Optional<PastKey> passed = pastKey(now, presented);
                    if (passed.isPresent()) {
                        return byPastKey(now, passed.get(), opener, envelope, summaryCiphertext, receivedAt);
                    }
                }
                throw new ProtocolException(ErrorCode.BAD_SIGNATURE, "signed by a key its sender never published");
            }
            VerifiedEnvelope verified = opener.verify(envelope, record.signingKey());
            Summary summary = opener.openSummary(verified, summaryCiphertext);
            Address sender = summary.sender();
            Contact now = learnChain(sender, record);
            if (now.status() == Contact.Status.PINNED && now.signingKey().equals(record.signingKey())) {
                return new Checked(now.verified() ? Trust.VERIFIED : Trust.PINNED, summary, verified, presented,
                        null);
            }
            learn(k -> ContactPinning.offered(k, sender, record.signingKey()),
                    ContactPinning.offered(pins, sender, record.signingKey()));
            return new Checked(Trust.KEY_CHANGED, null, null, presented, ErrorCode.KEY_CHANGE_UNSIGNED.wire());
        } catch (ProtocolException e) {
            return new Checked(Trust.FAILED, null, null, presented, e.code().wire());
        }
    }

    private org.mailv2.client.core.keyring.OwnAccount ownAccount(Sha256 fromHash) {
        for (var account : pins.accounts()) {
            if (account.parsedAddress().hash().matches(fromHash)) {
                return account;
            }
        }
        return null;
    }

    /** One of the vault's own accounts signed with a key it rotated away from (its Sent copies, mail to itself). */
    private Optional<PastKey> ownRetiredKey(Sha256 fromHash, KeyId presented) {
        for (var own : pins.accounts()) {
            if (!own.parsedAddress().hash().matches(fromHash)) {
                continue;
            }
            for (var generation : own.retiredKeys()) {
                var key = generation.signingKey().publicKey();
                if (key.keyId().equals(presented)) {
                    return Optional.of(new PastKey(key, generation.encryptionIdentity().recipient(), 0,
                            generation.retiredAt()));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<PastKey> pastKey(Contact contact, KeyId presented) {
        return contact != null && contact.status() == Contact.Status.PINNED ? contact.pastKey(presented)
                : Optional.empty();
    }

    private Checked verifiedBy(Contact contact, SigningPublicKey key, MessageOpener opener, Envelope envelope,
                               byte[] summaryCiphertext) {
        OpenedAhead.Outcome opened = open(opener, envelope, key, summaryCiphertext);
        return new Checked(contact.verified() ? Trust.VERIFIED : Trust.PINNED, opened.summary(), opened.verified(),
                envelope.senderKeyId(), null);
    }

    /**
     * Verifies {@code envelope} with {@code key} and opens its summary, or takes what {@link #openAhead} computed for
     * exactly these; either way a failure is thrown as the calls threw it.
     */
    private OpenedAhead.Outcome open(MessageOpener opener, Envelope envelope, SigningPublicKey key,
                                     byte[] summaryCiphertext) {
        OpenedAhead.Outcome ahead = openedAhead.take(envelope, key, summaryCiphertext);
        if (ahead == null) {
            VerifiedEnvelope verified = opener.verify(envelope, key);
            return new OpenedAhead.Outcome(verified, opener.openSummary(verified, summaryCiphertext), null);
        }
        if (ahead.failure() != null) {
            throw ahead.failure();
        }
        return ahead;
    }

    /**
     * Before {@link #check}ing a page of messages in order: verifies and opens, on every core, those whose signing
     * key is known now (one of the vault's own accounts, or a pinned contact, presenting that key), with the key the
     * check would use. The check still decides each message, in order, and takes the outcome only when it reaches the
     * same key; a message from a sender not pinned yet is left to it entirely.
     */
    public void openAhead(MessageOpener opener, List<MessageView> views) {
        List<OpenedAhead.Job> jobs = new ArrayList<>();
        for (MessageView view : views) {
            Envelope envelope = view.envelope();
            KeyId presented = envelope.senderKeyId();
            var own = ownAccount(envelope.fromHash());
            SigningPublicKey key = null;
            if (own != null) {
                key = own.signingKey().publicKey().keyId().equals(presented) ? own.signingKey().publicKey() : null;
            } else {
                Contact pinned = pinnedFor(envelope.fromHash());
                if (pinned != null && pinned.signingKey().keyId().equals(presented)) {
                    key = pinned.signingKey();
                }
            }
            if (key != null) {
                jobs.add(new OpenedAhead.Job(envelope, view.summaryBytes(), key));
            }
        }
        openedAhead.open(opener, jobs);
    }

    /** Mail signed by a key the contact rotated away from: only what was on its way during the rotation. */
    private Checked byPastKey(Contact contact, PastKey past, MessageOpener opener, Envelope envelope,
                              byte[] summaryCiphertext, Instant receivedAt) {
        Instant taken = receivedAt != null ? receivedAt : clock.instant();
        if (!taken.isBefore(past.retiredAt().plus(RetiredKeys.GRACE))) {
            throw new ProtocolException(ErrorCode.BAD_SIGNATURE, "signed by a key its sender rotated away from on "
                    + past.retiredAt());
        }
        VerifiedEnvelope verified = opener.verify(envelope, past.signingKey());
        Summary summary = opener.openSummary(verified, summaryCiphertext);
        boolean checked = contact != null && contact.verified();
        return new Checked(checked ? Trust.VERIFIED : Trust.PINNED, summary, verified, envelope.senderKeyId(), null);
    }

    /**
     * Pins or updates {@code sender} from {@code record}, asking the resolver for the key history when the pinned key
     * did not sign the record's key itself.
     */
    private Contact learnChain(Address sender, AddressRecord record) throws IOException {
        List<KeyChange> changes = ContactPinning.needsKeyHistory(pins, sender, record)
                ? resolver.keyChanges(sender.hash()) : List.of();
        Memberships.require(resolver, sender, record);
        Keyring next = pinning.observe(pins, sender, record, changes);
        learn(k -> pinning.observe(k, sender, record, changes), next);
        return next.contact(sender).orElseThrow();
    }

    /** The keyring with what this run learnt (pins, key changes) replayed on {@code newest}. */
    public Keyring applyTo(Keyring newest) {
        Keyring k = newest;
        for (Learnt step : learnt) {
            try {
                k = step.apply(k);
            } catch (ProtocolException meanwhile) {
                // Another process pinned a newer record meanwhile: its decision stands.
            }
        }
        return k;
    }

    /** Whether this run learnt anything the vault should keep. */
    public boolean learntAnything() {
        return !learnt.isEmpty();
    }

    /** The keyring as this run sees it (the vault's copy it began with, plus what it learnt). */
    public Keyring pins() {
        return pins;
    }

    private void learn(Learnt step, Keyring result) {
        if (result != pins) {
            learnt.add(step);
            pins = result;
            byHash = null;
        }
    }

    private Contact pinnedFor(Sha256 fromHash) {
        if (byHash == null) {
            byHash = new HashMap<>();
            for (Contact c : pins.contacts()) {
                byHash.put(c.parsedAddress().hash(), c);
            }
        }
        return byHash.get(fromHash);
    }

    /** The sender's record, asked once per run: for this sender hash and self-signed, or a failure. */
    private AddressRecord record(Sha256 fromHash) throws IOException {
        Optional<AddressRecord> found = records.get(fromHash);
        if (found == null) {
            found = resolver.address(fromHash);
            records.put(fromHash, found);
        }
        AddressRecord record = found.orElseThrow(() ->
                new ProtocolException(ErrorCode.BAD_SIGNATURE, "the sender has no published keys"));
        if (!record.addressHash().matches(fromHash)) {
            throw new ProtocolException(ErrorCode.BAD_SIGNATURE, "the resolver answered for another address");
        }
        record.verifySelf();
        return record;
    }
}
