package org.mailv2.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.client.core.keyring.OwnAccount;
import org.mailv2.client.core.send.Outbox;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.keys.SigningPublicKey;
import org.mailv2.server.app.RunningServer;

/**
 * A list post whose copies hit the own server's rate limit part-way (10 requests a minute per account, 12
 * subscribers, on 127.0.0.1 with real TLS): the copies the server does not take wait in the local outbox, none is
 * lost or refused, and `mailv2 list post --resume` and `mailv2 sync`, each in a later minute, finish them; every
 * subscriber gets the post exactly once.
 */
class ListPostRateLimitIT {
    private static final Address LIST = Address.parse("digest!");
    private static final int SUBSCRIBERS = 12;
    private static final Map<String, String> TEN_A_MINUTE = Map.of(
            "requestsPerMinutePerIp: 1200", "requestsPerMinutePerIp: 1000000",
            "requestsPerMinutePerAccount: 600", "requestsPerMinutePerAccount: 10");

    @TempDir
    Path dir;

    private CliWorld world;

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    void copiesThatHitTheRateLimitWaitAndAreFinishedByResumeAndSyncEachOnce() throws Exception {
        world = new CliWorld(dir);
        world.env.put("MAILV2_RATE_LIMIT_WAIT", "0");
        RateWindows minutes = new RateWindows().unlimited();
        RunningServer server = world.server("a", null, TEN_A_MINUTE, minutes);
        world.ok("owner", "list", "create", "digest!", "--title", "Digest", "--server", server.url(), "--yes");
        world.ok("owner", "list", "sync", "digest!");
        List<ListReaders.Reader> readers = ListReaders.create(server, LIST, "reader", SUBSCRIBERS);
        ListReaders.subscribe(world, "owner", LIST, readers);
        minutes.limited();

        String posted = world.ok("owner", "list", "post", "digest!", "--no-sync", "--subject", "Issue 1",
                "--body-file", world.file("The first issue.\n")).out();
        assertThat(posted).contains("posted to " + SUBSCRIBERS + " of " + SUBSCRIBERS + " subscribers")
                .contains("wait in the local outbox (rate_limited)").doesNotContain("refused");
        Path outbox = world.paths("owner").outbox();
        int waiting = new Outbox(outbox).pending(LIST.display()).size();
        assertThat(waiting).as("copies past the first minute's 10 requests").isGreaterThan(1);

        minutes.nextMinute();
        String resumed = world.ok("owner", "list", "post", "digest!", "--resume").out();
        assertThat(resumed).contains("outbox: ").doesNotContain("refused");
        int syncs = 0;
        while (!new Outbox(outbox).pending(LIST.display()).isEmpty()) {
            assertThat(syncs).as("sync runs").isLessThan(4);
            minutes.nextMinute();
            assertThat(world.ok("owner", "sync").out()).doesNotContain("refused");
            syncs++;
        }

        SigningPublicKey list = world.vault("owner").load(world.passphrase("owner")).account(LIST).orElseThrow()
                .signingKey().publicKey();
        for (ListReaders.Reader r : readers) {
            OwnAccount reader = r.account();
            assertThat(SixteenRecipientsIT.copies(reader, list, "Issue 1")).as(reader.address()).isEqualTo(1);
        }
    }
}
