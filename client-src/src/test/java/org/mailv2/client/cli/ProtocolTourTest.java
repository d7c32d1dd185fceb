package org.mailv2.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProtocolTourTest {

    @Test
    void sealsStampsAndOpensAMessage() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        new ProtocolTour(new PrintStream(buffer, true, StandardCharsets.UTF_8)).run(8);
        String out = buffer.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("solved a 8-bit stamp", "\"stamp\":\"v1:8:", "bob reads      from alice! (verified",
                "\"Hello from mailv2\"", "| this message was sealed to your key");
        String serverView = out.lines().filter(l -> l.startsWith("server sees")).findFirst().orElseThrow();
        assertThat(serverView).doesNotContain("alice", "bob", "Hello");
    }
}
