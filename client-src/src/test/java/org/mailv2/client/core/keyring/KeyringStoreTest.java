package org.mailv2.client.core.keyring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.client.core.vault.VaultCost;
import org.mailv2.client.core.vault.VaultFile;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.json.Json;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.permit.PermitId;

class KeyringStoreTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

    @TempDir
    Path dir;

    private KeyringStore store() {
        return new KeyringStore(dir.resolve("vault"), new VaultFile(RANDOM, VaultCost.MINIMUM));
    }

    private static Contact contact(String address) {
        return new Contact(address, SigningPrivateKey.generate(RANDOM).publicKey(),
                EncryptionIdentity.generate(RANDOM).recipient(), 1, Instant.parse("2026-12-01T00:00:00Z"),
                Contact.Status.PINNED);
    }

    @Test
    void aListOwnersVaultWithAThousandSubscribersPinnedAsContactsOpensAgain() throws Exception {
        // A post to 1,000 subscribers pins each one: the vault grows past the protocol's 256 KiB JSON bound.
        List<OwnedList.Subscriber> subscribers = new ArrayList<>();
        try (KeyringStore owner = store()) {
            owner.unlock(PASSPHRASE);
            owner.update(k -> {
                Keyring keyring = k;
                for (int i = 0; i < 1000; i++) {
                    subscribers.add(new OwnedList.Subscriber("reader" + i + "!", PermitId.random(RANDOM)));
                    keyring = keyring.withContact(contact("reader" + i + "!"));
                }
                return keyring.withOwnedList(new OwnedList("news!", "News", null, false, 1, subscribers));
            });
        }
        try (KeyringStore later = store()) {
            Keyring opened = later.unlock(PASSPHRASE);
            assertThat(opened.contacts()).hasSize(1000);
            assertThat(opened.ownedList(Address.parse("news!")).orElseThrow().subscribers())
                    .containsExactlyElementsOf(subscribers);
        }
        assertThat(java.nio.file.Files.size(dir.resolve("vault"))).isGreaterThan(Json.MAX_DOCUMENT_BYTES);
    }

    @Test
    void changesFromManyStoresAtOnceAreAllKept() throws Exception {
        try (KeyringStore first = store()) {
            first.unlock(PASSPHRASE);
            first.update(k -> k.withCacheKey(RANDOM));
        }
        // One long-lived store (the terminal UI) and twenty short ones (commands), all changing the vault at once.
        try (KeyringStore ui = store()) {
            ui.unlock(PASSPHRASE);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String name = "contact" + i + "!";
                done.add(pool.submit(() -> {
                    start.await();
                    try (KeyringStore command = store()) {
                        command.unlock(PASSPHRASE);
                        command.update(k -> k.withContact(contact(name)));
                    }
                    return null;
                }));
                String uiName = "seen-by-ui" + i + "!";
                done.add(pool.submit(() -> {
                    start.await();
                    ui.update(k -> k.withContact(contact(uiName)));
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            assertThat(ui.read().contacts()).hasSize(40);
        }
        try (KeyringStore later = store()) {
            assertThat(later.unlock(PASSPHRASE).contacts()).hasSize(40);
        }
    }

    @Test
    void aStoreFollowsAPassphraseChangedByAnotherAndAnUnchangedKeyringWritesNothing() throws Exception {
        try (KeyringStore a = store(); KeyringStore b = store()) {
            a.unlock(PASSPHRASE);
            a.update(k -> k.withContact(contact("bob!")));
            long written = dir.resolve("vault").toFile().lastModified();
            b.unlock(PASSPHRASE);
            b.update(k -> k);
            assertThat(dir.resolve("vault").toFile().lastModified()).isEqualTo(written);
            b.changePassphrase("a new passphrase here".toCharArray());
            assertThat(b.read().contact(org.mailv2.protocol.address.Address.parse("bob!"))).isPresent();
            // a derived its key under the old passphrase and never learnt the new one: it must ask again.
            org.assertj.core.api.Assertions.assertThatThrownBy(a::read)
                    .isInstanceOf(org.mailv2.protocol.error.ProtocolException.class);
        }
    }
}
