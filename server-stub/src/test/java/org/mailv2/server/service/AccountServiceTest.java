package org.mailv2.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.api.RegisterRequest;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.pow.Stamp;
import org.mailv2.protocol.resolver.AddressRecord;

/** Registration on an invite-only server whose resolver is remote (and sometimes fails). */
class AccountServiceTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    private ServiceWorld world;
    private Invitations invitations;

    @BeforeEach
    void setUp() throws IOException {
        world = new ServiceWorld(dir);
        invitations = new Invitations(world.serverKey, world.here, world.db.invitations(), world.clock);
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    /** A remote resolver that fails the first {@code failures} publishes, before or after storing the record. */
    private static final class FlakyPublisher implements AccountService.RecordPublisher {
        private final ServiceWorld world;
        private final boolean storesBeforeFailing;
        private final AtomicInteger failures;

        FlakyPublisher(ServiceWorld world, int failures, boolean storesBeforeFailing) {
            this.world = world;
            this.failures = new AtomicInteger(failures);
            this.storesBeforeFailing = storesBeforeFailing;
        }

        @Override
        public void publishFirst(AddressRecord record, Stamp stamp) throws IOException {
            boolean fail = failures.getAndDecrement() > 0;
            if (fail && !storesBeforeFailing) {
                throw new IOException("resolver unreachable");
            }
            world.resolver.publish(record, stamp);
            if (fail) {
                throw new IOException("connection reset before the answer");
            }
        }
    }

    private AccountService service(AccountService.RecordPublisher publisher) {
        return new AccountService(world.db, world.blobs, world.here, true, invitations, ServiceWorld.BITS,
                1_000_000, publisher, false, world.resolver, world.clock);
    }

    private RegisterRequest request(String address) {
        Sha256 hash = Address.parse(address).hash();
        AddressRecord record = AddressRecord.create(hash, SigningPrivateKey.generate(RANDOM),
                EncryptionIdentity.generate(RANDOM).recipient(), world.here);
        return new RegisterRequest(record, world.creationStamp(record),
                invitations.issue(hash, Duration.ofDays(1)));
    }

    @Test
    void anInvitationSurvivesAResolverThatFailedAndWorksOnTheRetry() throws IOException {
        AccountService accounts = service(new FlakyPublisher(world, 1, false));
        RegisterRequest request = request("dora!");

        assertThatThrownBy(() -> accounts.register(request)).isInstanceOf(IOException.class);
        accounts.register(request);

        assertThat(world.db.accounts().find(request.record().addressHash())).isPresent();
        assertThat(world.db.records().address(request.record().addressHash())).isPresent();
    }

    @Test
    void aRetryAfterAPublishWhoseAnswerWasLostCompletesTheRegistration() throws IOException {
        AccountService accounts = service(new FlakyPublisher(world, 1, true));
        RegisterRequest request = request("dora!");

        assertThatThrownBy(() -> accounts.register(request)).isInstanceOf(IOException.class);
        accounts.register(request);

        assertThat(world.db.accounts().find(request.record().addressHash())).isPresent();
    }

    @Test
    void aSpentInvitationStaysSpent() throws IOException {
        AccountService accounts = service(new FlakyPublisher(world, 0, false));
        RegisterRequest request = request("dora!");
        accounts.register(request);
        world.db.accounts().delete(request.record().addressHash());

        assertThatThrownBy(() -> accounts.register(request)).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    }

    @Test
    void aRevokedInvitationCanNoLongerBeRedeemedAndARedeemedOneIsMarked() throws IOException {
        AccountService accounts = service(new FlakyPublisher(world, 0, false));
        RegisterRequest revoked = request("dora!");
        RegisterRequest kept = request("erin!");
        String revokedId = Invitations.idOf(revoked.invitation());
        assertThat(world.db.invitations().all()).extracting(i -> i.id())
                .containsExactlyInAnyOrder(revokedId, Invitations.idOf(kept.invitation()));

        assertThat(world.db.invitations().revoke(revokedId, world.clock.instant())).isTrue();

        assertThatThrownBy(() -> accounts.register(revoked)).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThat(world.db.accounts().find(revoked.record().addressHash())).isEmpty();
        accounts.register(kept);
        assertThat(world.db.invitations().find(Invitations.idOf(kept.invitation())).orElseThrow()
                .state(world.clock.instant())).isEqualTo("redeemed");
    }
}
