package org.mailv2.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.server.app.RunningServer;

/** The Prometheus listener of a real server: the named meters move with what happens on the TLS port. */
class MetricsIT {
    @RegisterExtension
    final TestServers servers = new TestServers();

    @Test
    void aDeliveryAndARefusalMoveTheirCountersAndRequestsAreTimedByRouteTemplate() throws Exception {
        Path config = servers.init("self", null, "open");
        TestServers.editConfig(config, "# metrics:\n#   port: 9464", "metrics:\n  port: 0");
        RunningServer server = servers.restart(config);
        TestAccount alice = TestAccount.register(server, "alice!");
        TestAccount bob = TestAccount.register(server, "bob!");
        int port = server.metricsPort();
        assertThat(port).isPositive();

        Scrape before = Scrape.of(port);
        assertThat(before.contentType()).startsWith("text/plain; version=0.0.4");
        assertThat(before.has("mailv2_relay_queue_depth")).isTrue();
        assertThat(before.has("mailv2_relay_queue_oldest_age_seconds")).isTrue();
        assertThat(before.value("mailv2_event_streams_open")).isZero();

        alice.send(bob, "hello", "counted");
        TestAccount.Sealed weak = alice.seal(bob, "cheap", "refused", null, TestServers.MESSAGE_BITS - 2);
        SingleServerIT.assertCode(() -> alice.submit(weak), ErrorCode.POW_REQUIRED, 402);
        Scrape after = Scrape.of(port);

        assertThat(after.value("mailv2_deliveries_total", "outcome=\"stored\""))
                .isEqualTo(before.value("mailv2_deliveries_total", "outcome=\"stored\"") + 1);
        assertThat(after.value("mailv2_delivery_refusals_total", "code=\"pow_required\""))
                .isEqualTo(before.value("mailv2_delivery_refusals_total", "code=\"pow_required\"") + 1);
        assertThat(after.value("mailv2_stamp_checks_total", "result=\"valid\"")).isEqualTo(1);
        assertThat(after.value("mailv2_stamp_checks_total", "result=\"pow_required\"")).isEqualTo(1);
        assertThat(after.value("mailv2_http_requests_seconds_count", "route=\"/api/v1/outbox\"", "status=\"201\""))
                .isEqualTo(1);
        assertThat(after.text()).as("route templates only, never ids").doesNotContain(bob.address.hash().hex());
    }
}
