package org.mailv2.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailv2.server.e2e.SingleServerIT.assertCode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailv2.protocol.api.AddressRecordSubmission;
import org.mailv2.protocol.api.ScreenerSetting;
import org.mailv2.protocol.api.SenderRuleView;
import org.mailv2.protocol.auth.AuthToken;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.server.app.RunningServer;

/** Bob's screener over HTTPS: the setting, the allow and block lists, and what each does to alice's mail. */
class ScreenerIT {
    @RegisterExtension
    final TestServers servers = new TestServers();

    @Test
    void aliceWaitsInBobsScreenerUntilHeAllowsHerAndIsRefusedAsBlockedOnceHeBlocksHer() throws IOException {
        RunningServer server = servers.startResolver();
        TestAccount alice = TestAccount.register(server, "alice!");
        TestAccount bob = TestAccount.register(server, "bob!");

        TestAccount.Sealed first = alice.send(bob, "Hello Bob", "a stranger, paid with a stamp\n");
        assertThat(bob.inbox()).isEmpty();
        assertThat(bob.api.list("screener", 0, 10).messages()).singleElement()
                .satisfies(m -> assertThat(m.box()).isEqualTo("screener"));

        bob.api.allow(alice.address.hash());
        bob.api.allow(alice.address.hash());
        bob.api.move(UUID.fromString(first.envelope().messageId()), "inbox");
        TestAccount.Sealed second = alice.send(bob, "Again", "now allowed\n");
        assertThat(bob.inboxIds()).containsExactly(first.envelope().messageId(), second.envelope().messageId());
        assertThat(bob.api.allowed()).extracting(SenderRuleView::senderHash).containsExactly(alice.address.hash());

        bob.api.block(alice.address.hash());
        assertThat(bob.api.allowed()).isEmpty();
        assertThat(bob.api.blocked()).extracting(SenderRuleView::senderHash).containsExactly(alice.address.hash());
        TestAccount.Sealed third = alice.seal(bob, "Blocked", "no way in\n", null, TestServers.MESSAGE_BITS);
        assertCode(() -> alice.submit(third), ErrorCode.BLOCKED, 403);
        assertThat(bob.received()).hasSize(2);

        bob.api.unblock(alice.address.hash());
        alice.submit(third);
        assertThat(bob.api.list("screener", 0, 10).messages()).singleElement()
                .satisfies(m -> assertThat(m.envelope().messageId()).isEqualTo(third.envelope().messageId()));
    }

    @Test
    void carolAsksFourteenBitsAndHerServerRefusesTwelve() throws IOException {
        RunningServer server = servers.startResolver();
        TestAccount alice = TestAccount.register(server, "alice!");
        TestAccount carol = TestAccount.register(server, "carol!");
        AddressRecord current = carol.api.address(carol.address.hash()).orElseThrow();
        carol.api.publish(new AddressRecordSubmission(current.pricedAt(14, carol.signing), null));

        TestAccount.Sealed cheap = alice.seal(carol, "Cheap", "twelve bits\n", null, 12);
        assertCode(() -> alice.submit(cheap), ErrorCode.POW_REQUIRED, 402);
        assertThat(carol.api.list("screener", 0, 10).messages()).isEmpty();

        TestAccount.Sealed paid = alice.seal(carol, "Paid", "fourteen bits\n", null, 14);
        alice.submit(paid);
        assertThat(carol.api.list("screener", 0, 10).messages()).singleElement()
                .satisfies(m -> assertThat(m.envelope().messageId()).isEqualTo(paid.envelope().messageId()));
    }

    @Test
    void bobTurnsTheScreenerOffAndBadRequestsChangeNothing() throws IOException {
        RunningServer server = servers.startResolver();
        TestAccount alice = TestAccount.register(server, "alice!");
        TestAccount bob = TestAccount.register(server, "bob!");
        assertThat(bob.api.screener().enabled()).isTrue();

        bob.api.setScreener(ScreenerSetting.of(false));
        assertThat(bob.api.screener().enabled()).isFalse();
        alice.send(bob, "Hello Bob", "screener off\n");
        assertThat(bob.inbox()).hasSize(1);

        RawClient raw = new RawClient(server);
        String token = "Mailv2 " + AuthToken.issue(bob.signing, bob.address.hash(), server.routingId(),
                Clock.systemUTC(), Duration.ofMinutes(5));
        expect(raw.send("PUT", "/api/v1/screener", "application/json", bytes("{}"), "Authorization", token),
                400, "malformed");
        expect(raw.send("PUT", "/api/v1/screener", "application/json", bytes("{\"enabled\":\"yes\"}"),
                "Authorization", token), 400, "malformed");
        expect(raw.send("PUT", "/api/v1/screener/blocked/not-a-hash", "application/json", bytes("{}"),
                "Authorization", token), 400, "malformed");
        expect(raw.send("PUT", "/api/v1/screener/allowed/" + bob.address.hash().hex(), "application/json",
                bytes("{}"), "Authorization", token), 400, "malformed");
        expect(raw.send("GET", "/api/v1/screener/blocked", null, null), 401, "unauthorized");
        assertCode(() -> bob.api.unblock(alice.address.hash()), ErrorCode.UNKNOWN_RECIPIENT, 404);
        assertThat(bob.api.screener().enabled()).isFalse();
        assertThat(bob.api.allowed()).isEmpty();
        assertThat(bob.api.blocked()).isEmpty();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void expect(RawClient.Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body()).contains("\"code\":\"" + code + "\"");
    }
}
