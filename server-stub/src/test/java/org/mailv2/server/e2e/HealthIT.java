package org.mailv2.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailv2.server.app.RunningServer;

/** {@code GET /health} on the real TLS port: what a load balancer sees. */
class HealthIT {
    @RegisterExtension
    final TestServers servers = new TestServers();

    @Test
    void healthIsOkWithoutAuthOutlivesThePerIpLimitAndTurns503WithoutDetailWhenBlobsAreGone() throws Exception {
        Path config = servers.init("self", null, "open");
        TestServers.editConfig(config, "requestsPerMinutePerIp: 1200", "requestsPerMinutePerIp: 3");
        RunningServer server = servers.restart(config);
        RawClient client = new RawClient(server);

        int refused = 0;
        for (int i = 0; i < 4; i++) {
            refused += client.send("GET", "/info", null, null).status() == 429 ? 1 : 0;
        }
        assertThat(refused).as("this address is over its limit").isPositive();
        for (int i = 0; i < 6; i++) {
            RawClient.Answer ok = client.send("GET", "/health", null, null);
            assertThat(ok.status()).as("probe " + i).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("ok\n");
        }

        Path blobs = config.getParent().resolve("blobs");
        Files.move(blobs, config.getParent().resolve("blobs-away"));
        RawClient.Answer down = Eventually.await(Duration.ofSeconds(10), () -> client.send("GET", "/health", null,
                null), a -> a.status() == 503);
        assertThat(down.body()).isEqualTo("unavailable\n");
    }
}
