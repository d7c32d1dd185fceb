package org.mailv2.client.core.account;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import org.mailv2.client.core.keyring.Contact;
import org.mailv2.client.core.keyring.ContactPermit;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.keyring.OwnAccount;
import org.mailv2.client.core.keyring.OwnedList;
import org.mailv2.client.core.keyring.OwnedOrganisation;
import org.mailv2.client.core.keyring.Subscription;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.api.ApiClient;
import org.mailv2.protocol.api.RecoveryCopyView;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.json.Json;
import org.mailv2.protocol.recovery.RecoveryKeys;
import org.mailv2.protocol.recovery.RecoveryPhrase;

/**
 * An account's recovery copy: what a lost laptop takes with it — every generation of the account's keys, where it
 * lives, the contacts and their pins, the permits it issued and received, its subscriptions, the list it runs and the
 * organisations of the vault — sealed under a key from the account's recovery phrase and kept at its own server, which
 * cannot read it. The copy is stored again whenever it would differ from the last one stored (the vault keeps that
 * one's digest), and a phrase on an empty home fetches it and rebuilds the vault.
 */
public final class RecoveryCopies {
    /** The copy's plaintext, version 1. */
    public record Contents(int version, OwnAccount account, List<Contact> contacts, List<ContactPermit> contactPermits,
                           List<Subscription> subscriptions, List<OwnedList> ownedLists,
                           List<OwnedOrganisation> organisations) {
        public static final int VERSION = 1;

        public Contents {
            if (version != VERSION) {
                throw new ProtocolException(ErrorCode.UNSUPPORTED_VERSION, "recovery copy version " + version);
            }
            if (account == null) {
                throw new ProtocolException(ErrorCode.MALFORMED, "a recovery copy holds an account");
            }
            contacts = contacts == null ? List.of() : List.copyOf(contacts);
            contactPermits = contactPermits == null ? List.of() : List.copyOf(contactPermits);
            subscriptions = subscriptions == null ? List.of() : List.copyOf(subscriptions);
            ownedLists = ownedLists == null ? List.of() : List.copyOf(ownedLists);
            organisations = organisations == null ? List.of() : List.copyOf(organisations);
        }
    }

    private RecoveryCopies() {
    }

    /**
     * The phrase of {@code account}, made now (and kept in the vault) if it has none yet.
     *
     * @return the phrase and the keyring as saved
     */
    public static RecoveryPhrase ensurePhrase(Address account, KeyRotation.Vault vault, SecureRandom random)
            throws IOException {
        RecoveryPhrase fresh = RecoveryPhrase.generate(random);
        Keyring saved = vault.update(k -> {
            OwnAccount a = account(k, account);
            return a.recoveryEntropy() != null ? k
                    : k.replacingAccount(a.withRecovery(HexFormat.of().formatHex(fresh.entropy()), null));
        });
        return RecoveryPhrase.fromEntropy(HexFormat.of().parseHex(account(saved, account).recoveryEntropy()));
    }

    /**
     * Stores the account's recovery copy at {@code server} when it differs from the one stored last (or none was).
     *
     * @return whether a copy was stored
     * @throws IOException when the server cannot be reached (the vault still says the copy is due)
     */
    public static boolean store(Keyring keyring, Address account, ApiClient server, KeyRotation.Vault vault,
                                SecureRandom random) throws IOException {
        OwnAccount me = account(keyring, account);
        if (me.recoveryEntropy() == null) {
            return false;
        }
        byte[] plaintext = plaintext(keyring, me);
        String digest = Sha256.hash(plaintext).hex();
        if (digest.equals(me.recoveryCopyDigest())) {
            return false;
        }
        RecoveryKeys keys = RecoveryKeys.of(RecoveryPhrase.fromEntropy(HexFormat.of().parseHex(me.recoveryEntropy())));
        server.putRecoveryCopy(RecoveryCopyView.of(keys.authKey().publicKey(),
                keys.seal(me.parsedAddress().hash(), plaintext, random)));
        vault.update(k -> {
            OwnAccount now = account(k, account);
            return me.recoveryEntropy().equals(now.recoveryEntropy())
                    ? k.replacingAccount(now.withRecovery(now.recoveryEntropy(), digest)) : k;
        });
        return true;
    }

    /**
     * Fetches and opens {@code account}'s recovery copy from its server with {@code phrase}.
     *
     * @throws org.mailv2.protocol.api.ApiException {@code unauthorized} when the phrase is not the account's (or the
     *     server keeps no copy of it)
     * @throws ProtocolException {@code decryption_failed} for a copy the phrase does not open (a server that swapped
     *     it), {@code malformed} for a copy of another account
     */
    public static Keyring recover(Address account, String serverUrl, Sha256 serverPin, RecoveryPhrase phrase,
                                  Clock clock) throws IOException {
        ApiClient server = ApiClient.connect(serverUrl, serverPin);
        Sha256 routingId = server.info().routingId();
        RecoveryKeys keys = RecoveryKeys.of(phrase);
        RecoveryCopyView view = server.recoveryCopy(account.hash(), keys.token(account.hash(), routingId, clock));
        byte[] plaintext = keys.open(account.hash(), view.copyBytes());
        Contents contents = Json.read(plaintext, Contents.class);
        OwnAccount recovered = contents.account();
        if (!recovered.parsedAddress().equals(account)) {
            throw new ProtocolException(ErrorCode.MALFORMED, "the recovery copy is another account's");
        }
        OwnAccount kept = recovered.withRecovery(HexFormat.of().formatHex(phrase.entropy()),
                Sha256.hash(plaintext).hex());
        Keyring keyring = Keyring.empty().withAccount(kept).withSubscriptions(contents.subscriptions());
        for (Contact c : contents.contacts()) {
            keyring = keyring.withContact(c);
        }
        for (ContactPermit p : contents.contactPermits()) {
            keyring = keyring.withContactPermit(p);
        }
        for (OwnedList l : contents.ownedLists()) {
            keyring = keyring.withOwnedList(l);
        }
        for (OwnedOrganisation o : contents.organisations()) {
            keyring = keyring.withOrganisation(o);
        }
        return keyring;
    }

    /** The copy's plaintext for {@code me}: the same bytes for the same state, so its digest says what changed. */
    static byte[] plaintext(Keyring keyring, OwnAccount me) {
        String address = me.address();
        Contents contents = new Contents(Contents.VERSION, me.withRecovery(null, null), keyring.contacts(),
                keyring.contactPermits().stream().filter(p -> p.account().equals(address)).toList(),
                keyring.subscriptions().stream().filter(s -> s.account().equals(address)).toList(),
                keyring.ownedLists().stream().filter(l -> l.address().equals(address)).toList(),
                keyring.organisations());
        return Json.write(contents);
    }

    private static OwnAccount account(Keyring keyring, Address address) {
        return keyring.account(address).orElseThrow(() -> new ProtocolException(ErrorCode.UNKNOWN_RECIPIENT,
                address.display() + " is not an account of this vault"));
    }
}
