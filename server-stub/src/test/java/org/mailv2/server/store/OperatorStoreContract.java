package org.mailv2.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailv2.server.store.StoreFixtures.T0;
import static org.mailv2.server.store.StoreFixtures.account;
import static org.mailv2.server.store.StoreFixtures.delivery;
import static org.mailv2.server.store.StoreFixtures.hash;
import static org.mailv2.server.store.StoreFixtures.uuid;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.mailv2.protocol.digest.Sha256;

/**
 * What the operator's tools need of every {@link Database}: listing and suspending accounts, recording and revoking
 * invitations, looking into and editing the relay queue. Run by {@link StoreContract} on SQLite and PostgreSQL alike.
 */
interface OperatorStoreContract {
    Database database();

    private Sha256 created(String local, Instant at) {
        Account a = new Account(account(local).addressHash(), at, 1000);
        assertThat(database().accounts().create(a)).isTrue();
        return a.addressHash();
    }

    @Test
    default void accountsAreListedOldestFirstAndASuspensionKeepsItsFirstDateUntilResumed() {
        Sha256 bob = created("bob", T0.plusSeconds(1));
        Sha256 alice = created("alice", T0);
        AccountStore accounts = database().accounts();

        assertThat(accounts.all()).extracting(Account::addressHash).containsExactly(alice, bob);
        assertThat(accounts.suspend(bob, T0.plusSeconds(10))).isTrue();
        assertThat(accounts.suspend(bob, T0.plusSeconds(20))).isTrue();
        assertThat(accounts.find(bob).orElseThrow().suspendedAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(accounts.find(alice).orElseThrow().suspended()).isFalse();
        assertThat(accounts.all()).filteredOn(Account::suspended).extracting(Account::addressHash).containsExactly(bob);

        assertThat(accounts.resume(bob)).isTrue();
        assertThat(accounts.find(bob).orElseThrow().suspended()).isFalse();
        assertThat(accounts.suspend(hash("nobody!"), T0)).isFalse();
        assertThat(accounts.resume(hash("nobody!"))).isFalse();
    }

    @Test
    default void invitationsAreRecordedListedRevokedOnceAndMarkedRedeemed() {
        InvitationStore invitations = database().invitations();
        IssuedInvitation first = new IssuedInvitation("0123456789abcdef", hash("alice!"), T0, T0.plusSeconds(60),
                null, null);
        IssuedInvitation second = new IssuedInvitation("fedcba9876543210", hash("bob!"), T0.plusSeconds(1),
                T0.plusSeconds(60), null, null);

        assertThat(invitations.record(second)).isTrue();
        assertThat(invitations.record(first)).isTrue();
        assertThat(invitations.record(first)).isFalse();
        assertThat(invitations.all()).containsExactly(first, second);
        assertThat(first.state(T0)).isEqualTo("open");
        assertThat(first.state(T0.plusSeconds(60))).isEqualTo("expired");

        assertThat(invitations.revoke(first.id(), T0.plusSeconds(5))).isTrue();
        assertThat(invitations.revoke(first.id(), T0.plusSeconds(6))).isFalse();
        assertThat(invitations.find(first.id()).orElseThrow().revokedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(invitations.find(first.id()).orElseThrow().state(T0)).isEqualTo("revoked");
        assertThat(invitations.revoke("0000000000000000", T0)).isFalse();

        assertThat(invitations.redeemed(second.id(), T0.plusSeconds(7))).isTrue();
        assertThat(invitations.find(second.id()).orElseThrow().state(T0)).isEqualTo("redeemed");
        assertThat(invitations.redeemed("0000000000000000", T0)).isFalse();
    }

    @Test
    default void theOperatorSeesQueuedItemsMakesOneDueAndRemovesOnlyWhatNoWorkerHolds() {
        Sha256 alice = created("alice", T0);
        QueueStore queue = database().queue();
        assertThat(queue.oldestQueuedAt()).isEmpty();
        QueuedDelivery later = queue.enqueue(delivery(alice, uuid(1), hash("far!"), T0.plusSeconds(3600)));
        QueuedDelivery held = queue.enqueue(delivery(alice, uuid(2), hash("far!"), T0));

        assertThat(queue.all()).extracting(QueuedDelivery::id).containsExactly(later.id(), held.id());
        assertThat(queue.find(later.id())).hasValueSatisfying(d -> assertThat(d.messageId()).isEqualTo(uuid(1)));
        assertThat(queue.find(later.id() + held.id())).isEmpty();
        assertThat(queue.oldestQueuedAt()).contains(StoreFixtures.T0);

        assertThat(queue.claim("w", T0, Duration.ofMinutes(1))).hasValueSatisfying(
                d -> assertThat(d.id()).isEqualTo(held.id()));
        assertThat(queue.dueAt(later.id(), T0.plusSeconds(1))).isTrue();
        assertThat(queue.claim("w2", T0.plusSeconds(1), Duration.ofMinutes(1))).hasValueSatisfying(
                d -> assertThat(d.id()).isEqualTo(later.id()));
        assertThat(queue.dueAt(-1, T0)).isFalse();

        assertThat(queue.remove(held.id(), T0.plusSeconds(30))).as("leased").isEmpty();
        assertThat(queue.remove(held.id(), T0.plusSeconds(61))).hasValueSatisfying(
                d -> assertThat(d.bodyBlob()).isEqualTo(held.bodyBlob()));
        assertThat(queue.find(held.id())).isEmpty();
        assertThat(queue.remove(held.id(), T0.plusSeconds(61))).isEmpty();
        assertThat(queue.size()).isEqualTo(1);
    }
}
