package org.mailv2.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailv2.protocol.api.MessageView;
import org.mailv2.server.app.RunningServer;

/** Three real servers on 127.0.0.1: one runs the resolver; accounts on the other two write to each other. */
class MultiServerIT {
    private static final Duration RELAY = Duration.ofSeconds(30);

    @RegisterExtension
    final TestServers servers = new TestServers();

    @Test
    void accountsOnDifferentServersExchangeMailThroughTheRelay() throws Exception {
        RunningServer resolver = servers.startResolver();
        RunningServer a = servers.startUsing(resolver);
        RunningServer b = servers.startUsing(resolver);
        TestAccount alice = TestAccount.register(a, resolver, "alice!");
        TestAccount bob = TestAccount.register(b, resolver, "bob!");

        alice.send(bob, "across servers", "relayed by alice's server\n");
        List<MessageView> inbox = Eventually.await(RELAY, bob::received, l -> !l.isEmpty());
        TestAccount.Read read = bob.read(inbox.get(0));
        assertThat(read.message().from()).isEqualTo(alice.address);
        assertThat(read.message().text()).isEqualTo("relayed by alice's server\n");

        bob.send(alice, "re: across servers", "and back\n");
        List<MessageView> aliceInbox = Eventually.await(RELAY, alice::received, l -> !l.isEmpty());
        assertThat(alice.read(aliceInbox.get(0)).summary().subject()).isEqualTo("re: across servers");
    }

    @Test
    void aSenderServerRestartedMidRelayDeliversEveryQueuedMessageExactlyOnce() throws Exception {
        RunningServer resolver = servers.startResolver();
        RunningServer a = servers.startUsing(resolver);
        RunningServer b = servers.startUsing(resolver);
        TestAccount alice = TestAccount.register(a, resolver, "alice!");
        TestAccount bob = TestAccount.register(b, resolver, "bob!");
        Path aConfig = servers.directories().get(1).resolve("config.yml");
        Path bConfig = servers.directories().get(2).resolve("config.yml");

        servers.stop(b);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(alice.send(bob, "queued " + i, "message " + i).envelope().messageId());
        }
        servers.stop(a);

        TestAccount bobAgain = bob.at(servers.restart(bConfig));
        servers.restart(aConfig);

        List<MessageView> inbox = Eventually.await(RELAY, bobAgain::received, l -> l.size() >= 5);
        Set<String> received = inbox.stream().map(m -> m.envelope().messageId()).collect(Collectors.toSet());
        assertThat(inbox).hasSize(5);
        assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
    }
}
