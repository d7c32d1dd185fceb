package org.mailv2.client.cli;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.mailv2.client.core.account.AccountCreator;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.keyring.OwnAccount;
import org.mailv2.client.core.keyring.OwnedList;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.api.CertificateProbe;
import org.mailv2.protocol.api.PermitRequest;
import org.mailv2.protocol.permit.Permit;
import org.mailv2.protocol.permit.PermitId;
import org.mailv2.server.app.RunningServer;

/**
 * Many subscribers of a list, made through the client core: the command would spend a vault encryption on each, and
 * each subscription request to a list on another server would be first contact, a 24-bit stamp (about a second on
 * this machine). `mailv2 sync` applying real requests is covered in {@link ListsEndToEndIT}.
 */
final class ListReaders {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A subscriber: its account and the list permit it issued at its server. */
    record Reader(OwnAccount account, PermitId permit) {
    }

    private ListReaders() {
    }

    /** Accounts {@code <prefix><i>!} for i in [0, count) on {@code server}, each with a permit for {@code list}. */
    static List<Reader> create(RunningServer server, Address list, String prefix, int count) throws Exception {
        Clock clock = Clock.systemUTC();
        var pin = CertificateProbe.pinOf(server.url());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Reader> readers = new ArrayList<>();
        try {
            List<Future<Reader>> joined = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Address address = Address.parse(prefix + i + "!");
                joined.add(pool.submit(() -> {
                    OwnAccount account = new AccountCreator(clock, RANDOM, new org.mailv2.protocol.pow.StampSolver(1))
                            .create(address, null, server.url(), pin, null, p -> { });
                    PermitId permit = PermitId.random(RANDOM);
                    Connection.open(account, clock).server().createPermit(new PermitRequest(permit, list.hash(),
                            Permit.Purpose.LIST));
                    return new Reader(account, permit);
                }));
            }
            for (Future<Reader> f : joined) {
                readers.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        return readers;
    }

    /** Adds {@code readers} to the subscriber set of {@code list} in the vault of {@code owner}. */
    static void subscribe(CliWorld world, String owner, Address list, List<Reader> readers) throws Exception {
        var vault = world.vault(owner);
        char[] passphrase = world.passphrase(owner);
        Keyring keyring = vault.load(passphrase);
        OwnedList owned = keyring.ownedList(list).orElseThrow();
        List<OwnedList.Subscriber> subscribers = new ArrayList<>(owned.subscribers());
        readers.forEach(r -> subscribers.add(new OwnedList.Subscriber(r.account().address(), r.permit())));
        vault.save(keyring.withOwnedList(new OwnedList(owned.address(), owned.title(), owned.description(),
                owned.inviteOnly(), owned.serial(), subscribers)), passphrase);
    }
}
