package org.mailv2.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.seal.Attachment;
import org.mailv2.protocol.seal.ByteSource;
import org.mailv2.server.app.RunningServer;

/** Bodies of several MiB go in and come back out byte for byte (ciphertext is never compressed on the way). */
class LargeBodyIT {
    @RegisterExtension
    final TestServers servers = new TestServers();

    @Test
    void aThreeMebibyteAttachmentArrivesIntact() throws Exception {
        RunningServer server = servers.startResolver();
        TestAccount alice = TestAccount.register(server, "alice!");
        TestAccount bob = TestAccount.register(server, "bob!");
        byte[] file = new byte[3 << 20];
        new SecureRandom().nextBytes(file);

        alice.submit(alice.seal(bob, "the file", "x".repeat(5000),
                new Attachment("file.bin", "application/octet-stream", ByteSource.of(file))));

        TestAccount.Read read = bob.read(bob.received().get(0));
        assertThat(read.message().text()).hasSize(5000);
        assertThat(read.message().attachments()).singleElement().satisfies(a -> {
            assertThat(a.size()).isEqualTo(file.length);
            assertThat(a.sha256()).isEqualTo(Sha256.hash(file));
        });
    }
}
