package org.mailv2.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailv2.protocol.api.RecoveryCopyView;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.recovery.RecoveryKeys;
import org.mailv2.protocol.recovery.RecoveryPhrase;
import org.mailv2.server.app.RunningServer;

/**
 * A recovery copy up to its own limit (a mebibyte) is stored and fetched whole, though its JSON is far over the
 * 256 KiB of an ordinary request: a list owner's subscribers and their pins made copies of about 600 KiB, which the
 * server refused, so the copy, and the devices' shared state, silently stopped following the vault.
 */
class RecoveryCopySizeIT {
    private static final SecureRandom RANDOM = new SecureRandom();

    @RegisterExtension
    final TestServers servers = new TestServers();

    @Test
    void aCopyOfAlmostAMebibyteIsStoredAndFetchedWholeAndOneOverTheLimitChangesNothing() throws Exception {
        RunningServer server = servers.startResolver();
        TestAccount alice = TestAccount.register(server, "alice!");
        RecoveryKeys keys = RecoveryKeys.of(RecoveryPhrase.generate(RANDOM));
        byte[] copy = new byte[RecoveryCopyView.MAX_COPY_BYTES - 1024];
        RANDOM.nextBytes(copy);

        alice.api.putRecoveryCopy(RecoveryCopyView.of(keys.authKey().publicKey(), copy));

        String token = keys.token(alice.address.hash(), server.routingId(), Clock.systemUTC());
        assertThat(alice.api.recoveryCopy(alice.address.hash(), token).copyBytes()).isEqualTo(copy);

        byte[] tooBig = new byte[RecoveryCopyView.MAX_COPY_BYTES + 1];
        SingleServerIT.assertCode(() -> alice.api.putRecoveryCopy(RecoveryCopyView.of(keys.authKey().publicKey(),
                tooBig, Sha256.hash(copy), false)), ErrorCode.TOO_LARGE, 413);
        assertThat(alice.api.recoveryCopy(alice.address.hash(), token).copyBytes()).isEqualTo(copy);
    }
}
