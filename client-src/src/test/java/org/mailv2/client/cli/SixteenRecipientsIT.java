package org.mailv2.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.client.core.account.AccountCreator;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.keyring.OwnAccount;
import org.mailv2.client.core.send.Outbox;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.api.ApiException;
import org.mailv2.protocol.api.CertificateProbe;
import org.mailv2.protocol.api.MessageView;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.keys.SigningPublicKey;
import org.mailv2.protocol.pow.StampSolver;
import org.mailv2.protocol.seal.MessageOpener;
import org.mailv2.server.app.RunningServer;

/**
 * The acceptance test, on a server on 127.0.0.1 with real TLS that takes 20 requests a minute per account (its
 * minute moved by the test, see {@link RateWindows}): one message to 16 recipients reaches each exactly once, at the
 * latest after a few `mailv2 sync` runs. The send itself does not wait ({@code MAILV2_RATE_LIMIT_WAIT=0}): what the
 * server does not take now waits in the local outbox, reported as queued, and nothing is dropped.
 */
class SixteenRecipientsIT {
    private static final int RECIPIENTS = 16;
    static final Map<String, String> TWENTY_A_MINUTE = Map.of(
            "requestsPerMinutePerIp: 1200", "requestsPerMinutePerIp: 1000000",
            "requestsPerMinutePerAccount: 600", "requestsPerMinutePerAccount: 20");

    @TempDir
    Path dir;

    private CliWorld world;

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    void oneMessageToSixteenRecipientsThroughATwentyAMinuteLimitReachesEachExactlyOnce() throws Exception {
        world = new CliWorld(dir);
        world.env.put("MAILV2_RATE_LIMIT_WAIT", "0");
        RateWindows minutes = new RateWindows().unlimited();
        RunningServer server = world.server("mail", null, TWENTY_A_MINUTE, minutes);
        world.ok("alice", "account", "create", "alice!", "--server", server.url(), "--yes");
        List<OwnAccount> recipients = accounts(server, RECIPIENTS);
        minutes.limited();

        List<String> send = new ArrayList<>(List.of("send", "--subject", "Minutes of the meeting", "--body-file",
                world.file("Sixteen copies, one each.\n"), "--json"));
        recipients.forEach(r -> send.addAll(List.of("--to", r.address())));
        List<Map<?, ?>> rows = world.ok("alice", send.toArray(String[]::new)).rows();

        assertThat(rows).hasSize(RECIPIENTS).allSatisfy(row -> assertThat(row.get("outcome"))
                .isIn("delivered", "queued"));
        List<Map<?, ?>> queued = rows.stream().filter(row -> row.get("outcome").equals("queued")).toList();
        assertThat(queued).as("20 requests cannot carry 16 allows, 16 permits and 17 copies").isNotEmpty()
                .allSatisfy(row -> assertThat(row.get("reason")).isEqualTo("rate_limited"));
        Path outbox = world.paths("alice").outbox();
        assertThat(new Outbox(outbox).pending("alice!")).hasSizeGreaterThanOrEqualTo(queued.size());
        OwnAccount me = world.vault("alice").load(world.passphrase("alice")).currentAccount();
        assertThatThrownBy(() -> Connection.open(me, Clock.systemUTC()).server().permits())
                .isInstanceOfSatisfying(ApiException.class, limited -> {
                    assertThat(limited.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                    // The test's minute has not moved since it began: the whole of it is left.
                    assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(60));
                });

        int syncs = 0;
        while (!new Outbox(outbox).pending("alice!").isEmpty()) {
            assertThat(syncs).as("sync runs").isLessThan(4);
            minutes.nextMinute();
            String synced = world.ok("alice", "sync").out();
            assertThat(synced).doesNotContain("refused");
            syncs++;
        }

        SigningPublicKey alice = me.signingKey().publicKey();
        for (OwnAccount r : recipients) {
            assertThat(copies(r, alice, "Minutes of the meeting")).as(r.address()).isEqualTo(1);
        }
    }

    /** Accounts {@code reader<i>!} on {@code server}, made through the core (no vault: they only receive). */
    static List<OwnAccount> accounts(RunningServer server, int count) throws Exception {
        var pin = CertificateProbe.pinOf(server.url());
        AccountCreator creator = new AccountCreator(Clock.systemUTC(), new SecureRandom(), new StampSolver(1));
        List<OwnAccount> accounts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            accounts.add(creator.create(Address.parse("reader" + i + "!"), null, server.url(), pin, null, p -> { }));
        }
        return accounts;
    }

    /**
     * How many messages with {@code subject}, signed by {@code from}, reached {@code account}: its inbox, or its
     * screener when the sender is a stranger to it.
     */
    static int copies(OwnAccount account, SigningPublicKey from, String subject) throws Exception {
        MessageOpener opener = new MessageOpener(account.parsedAddress(), account.encryptionIdentity());
        int copies = 0;
        var server = Connection.open(account, Clock.systemUTC()).server();
        List<MessageView> received = new ArrayList<>(server.list("inbox", 0, 100).messages());
        received.addAll(server.list("screener", 0, 100).messages());
        for (MessageView m : received) {
            if (!m.envelope().senderKeyId().equals(from.keyId())) {
                continue;
            }
            if (opener.openSummary(opener.verify(m.envelope(), from), m.summaryBytes()).subject().equals(subject)) {
                copies++;
            }
        }
        return copies;
    }
}
