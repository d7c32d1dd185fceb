package org.mailv2.client.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.client.core.account.AccountCreator;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.cache.SummaryCache;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.keyring.OwnAccount;
import org.mailv2.client.core.lists.ListService;
import org.mailv2.client.core.send.Delivery;
import org.mailv2.client.core.send.Sender;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.api.CertificateProbe;
import org.mailv2.protocol.pow.StampSolver;
import org.mailv2.server.app.RunningServer;
import org.mailv2.server.app.ServerInit;

/**
 * A post to 1,000 subscribers completes, every copy with its subscriber's permit. Prints where the time goes
 * (setting up the subscribers is not part of the post). Figures go to BENCHMARKS.md.
 */
class ThousandSubscribersIT {
    private static final int SUBSCRIBERS = 1000;
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    private RunningServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aPostReachesAThousandSubscribers() throws Exception {
        Clock clock = Clock.systemUTC();
        var created = ServerInit.init(dir.resolve("server"), "127.0.0.1", 0, "self", null, "open", 4, 4, clock,
                RANDOM);
        Files.writeString(created.config(), Files.readString(created.config())
                .replace("listen: 0.0.0.0", "listen: 127.0.0.1")
                .replace("requestsPerMinutePerIp: 1200", "requestsPerMinutePerIp: 100000")
                .replace("requestsPerMinutePerAccount: 600", "requestsPerMinutePerAccount: 100000"));
        server = RunningServer.start(created.config(), clock);
        var pin = CertificateProbe.pinOf(server.url());
        AccountCreator creator = new AccountCreator(clock, RANDOM, new StampSolver(1));
        Sender sender = new Sender(clock, RANDOM, new StampSolver(1), dir.resolve("outbox"));
        ListService lists = new ListService(clock, RANDOM, sender);

        OwnAccount listAccount = creator.create(Address.parse("news!"), "News", server.url(), pin, null, p -> { });
        Keyring owner = lists.create(Keyring.empty().withAccount(listAccount), listAccount, "News", "", false);

        long setup = System.nanoTime();
        List<OwnAccount> subscribers = new ArrayList<>();
        for (int i = 0; i < SUBSCRIBERS; i++) {
            OwnAccount s = creator.create(Address.parse("reader" + i + "!"), null, server.url(), pin, null, p -> { });
            lists.subscribe(Keyring.empty().withAccount(s), listAccount.parsedAddress());
            subscribers.add(s);
        }
        long setupMillis = (System.nanoTime() - setup) / 1_000_000;

        long requests = System.nanoTime();
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        try (SummaryCache cache = new SummaryCache(dir.resolve("cache.db"), key, RANDOM)) {
            owner = lists.processRequests(owner, listAccount.parsedAddress(), cache);
        }
        long requestsMillis = (System.nanoTime() - requests) / 1_000_000;
        assertThat(owner.ownedList(listAccount.parsedAddress()).orElseThrow().subscribers()).hasSize(SUBSCRIBERS);

        long post = System.nanoTime();
        Sender.Result result = lists.post(owner, listAccount.parsedAddress(), "Issue 1", "Hello, all of you.\n",
                s -> { });
        long postMillis = (System.nanoTime() - post) / 1_000_000;
        assertThat(result.deliveries()).hasSize(SUBSCRIBERS)
                .allSatisfy(d -> {
                    assertThat(d.outcome()).isEqualTo(Delivery.Outcome.DELIVERED);
                    assertThat(d.stampBits()).isZero();
                });

        OwnAccount last = subscribers.get(SUBSCRIBERS - 1);
        assertThat(Connection.open(last, clock).server().list("inbox", 0, 10).messages()).hasSize(1);
        System.out.printf("1,000 subscribers: setup %d ms (register + subscribe), applying 1,000 requests %d ms,"
                + " post %d ms (%.1f ms per copy: resolve + seal + submit + server store)%n", setupMillis,
                requestsMillis, postMillis, postMillis / (double) SUBSCRIBERS);
    }
}
