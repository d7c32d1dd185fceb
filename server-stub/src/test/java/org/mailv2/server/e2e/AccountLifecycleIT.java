package org.mailv2.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailv2.protocol.api.AccountView;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.server.app.RunningServer;

/** An account sees its storage use against its quota, and can leave: its mail and blobs go, mail for it is refused. */
class AccountLifecycleIT {
    @RegisterExtension
    final TestServers servers = new TestServers();

    @Test
    void usageCountsStoredCiphertextsAndDeletionRemovesEverything() throws Exception {
        RunningServer server = servers.startResolver();
        TestAccount alice = TestAccount.register(server, "alice!");
        TestAccount bob = TestAccount.register(server, "bob!");
        assertThat(bob.api.account().usedBytes()).isZero();

        TestAccount.Sealed sealed = alice.send(bob, "kept", "until bob leaves");
        AccountView view = bob.api.account();
        assertThat(view.addressHash()).isEqualTo(bob.address.hash());
        assertThat(view.usedBytes()).isEqualTo(sealed.summary().length + sealed.body().length);
        assertThat(view.quotaBytes()).isEqualTo(10L << 30);
        Path blobs = servers.directories().get(0).resolve("blobs");
        long before = countFiles(blobs);

        bob.api.deleteAccount();

        assertThat(countFiles(blobs)).isEqualTo(before - 1);
        SingleServerIT.assertCode(() -> bob.api.account(), ErrorCode.UNAUTHORIZED, 401);
        SingleServerIT.assertCode(() -> alice.send(bob, "after", "gone"), ErrorCode.UNKNOWN_RECIPIENT, 404);
    }

    private static long countFiles(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).count();
        }
    }
}
