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
import org.mailv2.client.core.keyring.SharedState;
import org.mailv2.client.core.keyring.Subscription;
import org.mailv2.client.core.keyring.Tombstone;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.api.ApiClient;
import org.mailv2.protocol.api.ApiException;
import org.mailv2.protocol.api.RecoveryCopyView;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.json.Json;
import org.mailv2.protocol.recovery.RecoveryKeys;
import org.mailv2.protocol.recovery.RecoveryPhrase;

/**
 * An account's shared state at its own server: every generation of its keys, where it lives, the contacts and their
 * pins, the permits it issued and received, its subscriptions, the lists it runs and the organisations of the vault,
 * with the tombstones of what was removed — sealed under a key from the account's recovery phrase, which the server
 * cannot read. It is both the recovery copy (a phrase on an empty home fetches it and rebuilds the vault) and how an
 * account's devices keep in step: each device merges the stored state into its vault ({@link SharedState#merge}) and
 * stores the merge, compare-and-set on the copy it read, so that concurrent changes on two devices both survive.
 */
public final class RecoveryCopies {
    /** How often a store that lost a race with another device is merged and tried again. */
    private static final int ATTEMPTS = 4;
    /**
     * A copy's plaintext is bounded by the copy's own limit, not the protocol's 256 KiB for a JSON document: a list
     * owner's subscribers and their pins outgrow that.
     */
    private static final com.fasterxml.jackson.core.JsonFactory COPY_LIMITS =
            Json.newFactory(org.mailv2.protocol.api.RecoveryCopyView.MAX_COPY_BYTES);

    /** The copy's plaintext, version 1 ({@code tombstones} since devices keep in step; absent means none). */
    public record Contents(int version, OwnAccount account, List<Contact> contacts, List<ContactPermit> contactPermits,
                           List<Subscription> subscriptions, List<OwnedList> ownedLists,
                           List<OwnedOrganisation> organisations, List<Tombstone> tombstones) {
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
            tombstones = tombstones == null ? List.of() : List.copyOf(tombstones);
        }

        SharedState.Part part() {
            return new SharedState.Part(account, contacts, contactPermits, subscriptions, ownedLists, organisations,
                    tombstones);
        }
    }

    /** The copy as read from the server: its plaintext, and the hash of the sealed bytes a store must be based on. */
    private record Read(Contents contents, Sha256 sealedHash) {
    }

    private RecoveryCopies() {
    }

    /**
     * The phrase of {@code account}, made now (and kept in the vault) if it has none yet; a new phrase's copy is
     * stored at once, replacing any copy under another phrase.
     */
    public static RecoveryPhrase ensurePhrase(Address account, ApiClient server, KeyRotation.Vault vault,
                                              SecureRandom random, Clock clock) throws IOException {
        RecoveryPhrase fresh = RecoveryPhrase.generate(random);
        boolean made = account(vault.update(k -> k), account).recoveryEntropy() == null;
        Keyring saved = vault.update(k -> {
            OwnAccount a = account(k, account);
            return a.recoveryEntropy() != null ? k
                    : k.replacingAccount(a.withRecovery(HexFormat.of().formatHex(fresh.entropy()), null));
        });
        OwnAccount me = account(saved, account);
        RecoveryPhrase phrase = RecoveryPhrase.fromEntropy(HexFormat.of().parseHex(me.recoveryEntropy()));
        exchange(account, server, vault, random, clock, true, made);
        return phrase;
    }

    /**
     * {@link #exchange} for every account of {@code keyring} that has a recovery phrase, each at its own server. One
     * account's unreachable server does not keep the others from their turn; the first failure is thrown after all.
     *
     * @return whether any copy was stored
     */
    public static boolean exchangeAll(Keyring keyring, java.util.function.Function<OwnAccount, ApiClient> servers,
                                      KeyRotation.Vault vault, SecureRandom random, Clock clock, boolean pull)
            throws IOException {
        boolean stored = false;
        IOException first = null;
        for (OwnAccount account : keyring.accounts()) {
            if (account.recoveryEntropy() == null) {
                continue;
            }
            try {
                stored |= exchange(account.parsedAddress(), servers.apply(account), vault, random, clock, pull);
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
        return stored;
    }

    /**
     * Keeps the account's copy and this vault in step: reads the stored copy (when {@code pull}, or when this vault
     * changed since its last store), merges it into the vault, and stores the merge when it differs from what is
     * stored. A store that loses a race with another device is merged again and retried.
     *
     * @return whether a copy was stored
     * @throws IOException when the server cannot be reached (the vault's digest still says a store is due)
     */
    public static boolean exchange(Address account, ApiClient server, KeyRotation.Vault vault, SecureRandom random,
                                   Clock clock, boolean pull) throws IOException {
        return exchange(account, server, vault, random, clock, pull, false);
    }

    /** @param newPhrase the phrase was just made: its copy replaces one stored under another phrase */
    private static boolean exchange(Address account, ApiClient server, KeyRotation.Vault vault, SecureRandom random,
                                    Clock clock, boolean pull, boolean newPhrase) throws IOException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Keyring keyring = vault.update(k -> k);
            OwnAccount me = account(keyring, account);
            if (me.recoveryEntropy() == null) {
                return false;
            }
            String localDigest = Sha256.hash(plaintext(keyring, me)).hex();
            if (!pull && localDigest.equals(me.recoveryCopyDigest())) {
                return false;
            }
            RecoveryKeys keys = RecoveryKeys.of(RecoveryPhrase.fromEntropy(HexFormat.of().parseHex(
                    me.recoveryEntropy())));
            Read stored = read(account, me, server, keys, clock);
            if (stored != null) {
                SharedState.Part theirs = stored.contents().part();
                keyring = vault.update(k -> SharedState.merge(k, account, theirs));
                me = account(keyring, account);
            }
            byte[] merged = plaintext(keyring, me);
            String digest = Sha256.hash(merged).hex();
            boolean same = stored != null && digest.equals(Sha256.hash(plaintext(stored.contents())).hex());
            if (!same) {
                try {
                    server.putRecoveryCopy(RecoveryCopyView.of(keys.authKey().publicKey(),
                            keys.seal(account.hash(), merged, random),
                            stored == null ? null : stored.sealedHash(), newPhrase && stored == null));
                } catch (ApiException lost) {
                    if (lost.code() == ErrorCode.CONFLICT) {
                        continue; // another device stored meanwhile: merge what it stored
                    }
                    throw lost;
                }
            }
            String entropy = me.recoveryEntropy();
            vault.update(k -> {
                OwnAccount now = account(k, account);
                return entropy.equals(now.recoveryEntropy())
                        ? k.replacingAccount(now.withRecovery(entropy, digest)) : k;
            });
            return !same;
        }
        return false;
    }

    /** A recovered account and the shared state its copy held. */
    public record Recovered(OwnAccount account, SharedState.Part shared) {
        /**
         * {@code keyring} with the account added (and made the one in use) and its shared state merged in.
         *
         * @throws ProtocolException {@code conflict} when the keyring holds the account already
         */
        public Keyring into(Keyring keyring) {
            if (keyring.account(account.parsedAddress()).isPresent()) {
                throw new ProtocolException(ErrorCode.CONFLICT, "this vault holds " + account.address() + " already");
            }
            return SharedState.merge(keyring.withAccount(account), account.parsedAddress(), shared);
        }
    }

    /**
     * Fetches and opens {@code account}'s recovery copy from its server with {@code phrase}.
     *
     * @throws ApiException {@code unauthorized} when the phrase is not the account's (or the server keeps no copy)
     * @throws ProtocolException {@code decryption_failed} for a copy the phrase does not open (a server that swapped
     *     it), {@code malformed} for a copy of another account
     */
    public static Recovered recover(Address account, String serverUrl, Sha256 serverPin, RecoveryPhrase phrase,
                                    Clock clock) throws IOException {
        ApiClient server = ApiClient.connect(serverUrl, serverPin);
        Sha256 routingId = server.info().routingId();
        RecoveryKeys keys = RecoveryKeys.of(phrase);
        RecoveryCopyView view = server.recoveryCopy(account.hash(), keys.token(account.hash(), routingId, clock));
        byte[] plaintext = keys.open(account.hash(), view.copyBytes());
        Contents contents = Json.read(plaintext, Contents.class, COPY_LIMITS);
        if (!contents.account().parsedAddress().equals(account)) {
            throw new ProtocolException(ErrorCode.MALFORMED, "the recovery copy is another account's");
        }
        OwnAccount kept = contents.account().withRecovery(HexFormat.of().formatHex(phrase.entropy()),
                Sha256.hash(plaintext).hex());
        return new Recovered(kept, contents.part());
    }

    /** The stored copy, or null when there is none under this phrase (none yet, or another phrase's). */
    private static Read read(Address account, OwnAccount me, ApiClient server, RecoveryKeys keys, Clock clock)
            throws IOException {
        RecoveryCopyView view;
        try {
            view = server.recoveryCopy(account.hash(), keys.token(account.hash(), me.routingId(), clock));
        } catch (ApiException refused) {
            if (refused.code() == ErrorCode.UNAUTHORIZED) {
                return null;
            }
            throw refused;
        }
        byte[] sealed = view.copyBytes();
        Contents contents = Json.read(keys.open(account.hash(), sealed), Contents.class, COPY_LIMITS);
        if (!contents.account().parsedAddress().equals(account)) {
            throw new ProtocolException(ErrorCode.MALFORMED, "the recovery copy is another account's");
        }
        return new Read(contents, Sha256.hash(sealed));
    }

    /** The copy's plaintext for {@code me}: the same bytes for the same state, so its digest says what changed. */
    static byte[] plaintext(Keyring keyring, OwnAccount me) {
        SharedState.Part part = SharedState.of(keyring, me);
        return plaintext(new Contents(Contents.VERSION, me, part.contacts(), part.contactPermits(),
                part.subscriptions(), part.ownedLists(), part.organisations(), part.tombstones()));
    }

    /** Device-local parts of the account (pending keys, the phrase's digest bookkeeping) never leave the device. */
    private static byte[] plaintext(Contents contents) {
        OwnAccount a = contents.account();
        OwnAccount shared = new OwnAccount(a.address(), a.displayName(), a.serverUrl(), a.serverPin(), a.routingId(),
                a.resolverUrl(), a.resolverPin(), a.signingSecret(), a.encryptionSecret(), a.createdAt(),
                a.retiredKeys(), null, null, null);
        return Json.write(new Contents(contents.version(), shared, contents.contacts(), contents.contactPermits(),
                contents.subscriptions(), contents.ownedLists(), contents.organisations(), contents.tombstones()));
    }

    private static OwnAccount account(Keyring keyring, Address address) {
        return keyring.account(address).orElseThrow(() -> new ProtocolException(ErrorCode.UNKNOWN_RECIPIENT,
                address.display() + " is not an account of this vault"));
    }
}
