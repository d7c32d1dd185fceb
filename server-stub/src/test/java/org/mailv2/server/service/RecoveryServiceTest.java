package org.mailv2.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.protocol.api.RecoveryCopyView;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.recovery.RecoveryKeys;
import org.mailv2.protocol.recovery.RecoveryPhrase;

/**
 * Who gets an account's recovery copy, and which stores replace it: only the phrase's key fetches, a stranger learns
 * nothing, and a store that was not merged from the stored copy changes nothing.
 */
class RecoveryServiceTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    private ServiceWorld world;

    @AfterEach
    void close() {
        world.close();
    }

    private RecoveryService service() throws Exception {
        world = new ServiceWorld(dir);
        return new RecoveryService(world.db, world.here, world.clock);
    }

    private String token(RecoveryKeys keys, Sha256 account, Sha256 server) {
        return "Mailv2-Recovery " + keys.token(account, server, world.clock);
    }

    @Test
    void onlyTheRegisteredRecoveryKeyFetchesAndEveryOtherRequestLooksTheSame() throws Exception {
        RecoveryService recovery = service();
        Sha256 alice = world.local("alice!", 1_000_000).hash();
        Sha256 bob = world.local("bob!", 1_000_000).hash();
        RecoveryKeys keys = RecoveryKeys.of(RecoveryPhrase.generate(RANDOM));
        RecoveryKeys stranger = RecoveryKeys.of(RecoveryPhrase.generate(RANDOM));
        assertUnauthorized(() -> recovery.fetch(alice, token(keys, alice, world.here)));

        recovery.put(alice, RecoveryCopyView.of(keys.authKey().publicKey(), new byte[] {1, 2, 3}, null, false));

        assertThat(recovery.fetch(alice, token(keys, alice, world.here)).copyBytes()).containsExactly(1, 2, 3);
        assertUnauthorized(() -> recovery.fetch(alice, token(stranger, alice, world.here)));
        assertUnauthorized(() -> recovery.fetch(bob, token(keys, alice, world.here)));
        assertUnauthorized(() -> recovery.fetch(bob, token(keys, bob, world.here)));
        assertUnauthorized(() -> recovery.fetch(alice, token(keys, alice, Sha256.hash("another server"))));
        assertUnauthorized(() -> recovery.fetch(alice, "Mailv2 " + keys.token(alice, world.here, world.clock)));
        assertUnauthorized(() -> recovery.fetch(alice, null));
    }

    @Test
    void aStoreNotMergedFromTheStoredCopyOrUnderAnotherPhraseChangesNothing() throws Exception {
        RecoveryService recovery = service();
        Sha256 alice = world.local("alice!", 1_000_000).hash();
        RecoveryKeys keys = RecoveryKeys.of(RecoveryPhrase.generate(RANDOM));
        RecoveryKeys other = RecoveryKeys.of(RecoveryPhrase.generate(RANDOM));
        byte[] first = {1};
        recovery.put(alice, RecoveryCopyView.of(keys.authKey().publicKey(), first, null, false));

        assertConflict(() -> recovery.put(alice, RecoveryCopyView.of(keys.authKey().publicKey(), new byte[] {2},
                null, false)));
        assertConflict(() -> recovery.put(alice, RecoveryCopyView.of(keys.authKey().publicKey(), new byte[] {2},
                Sha256.hash("another copy"), false)));
        assertConflict(() -> recovery.put(alice, RecoveryCopyView.of(other.authKey().publicKey(), new byte[] {9},
                Sha256.hash(first), false)));
        assertThat(recovery.fetch(alice, token(keys, alice, world.here)).copyBytes()).containsExactly(1);

        recovery.put(alice, RecoveryCopyView.of(keys.authKey().publicKey(), new byte[] {2}, Sha256.hash(first),
                false));
        assertThat(recovery.fetch(alice, token(keys, alice, world.here)).copyBytes()).containsExactly(2);
        recovery.put(alice, RecoveryCopyView.of(other.authKey().publicKey(), new byte[] {9}, null, true));
        assertThat(recovery.fetch(alice, token(other, alice, world.here)).copyBytes()).containsExactly(9);
        assertUnauthorized(() -> recovery.fetch(alice, token(keys, alice, world.here)));
    }

    private static void assertUnauthorized(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.UNAUTHORIZED);
    }

    private static void assertConflict(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.CONFLICT);
    }
}
