package org.mailv2.client.core.permits;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailv2.client.core.keyring.ContactPermit;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.permit.PermitId;
import org.mailv2.protocol.seal.Summary;

class ContactPermitsTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private final Address alice = Address.parse("alice!");
    private final Address bob = Address.parse("bob!");

    private static Summary from(String sender, PermitId permit) {
        return new Summary(sender, List.of("alice!"), List.of(), List.of(), "hi", "2026-11-28T11:00:00Z", "m@x",
                "m@x", null, 3, List.of()).withPermit(permit);
    }

    @Test
    void aPermitInAnArrivingSummaryIsStoredForItsSender() {
        PermitId permit = PermitId.random(RANDOM);
        Keyring learnt = ContactPermits.learn(Keyring.empty(), alice, from("bob!", permit), NOW);
        assertThat(learnt.receivedPermit(alice, bob)).contains(permit);
        assertThat(learnt.contactPermit(alice, bob, ContactPermit.Direction.RECEIVED).orElseThrow().since())
                .isEqualTo(NOW);
        assertThat(learnt.receivedPermit(bob, alice)).isEmpty();
    }

    @Test
    void nothingChangesWithoutANewPermit() {
        PermitId permit = PermitId.random(RANDOM);
        Keyring learnt = ContactPermits.learn(Keyring.empty(), alice, from("bob!", permit), NOW);
        assertThat(ContactPermits.learn(learnt, alice, from("bob!", null), NOW)).isSameAs(learnt);
        assertThat(ContactPermits.learn(learnt, alice, from("bob!", permit), NOW.plusSeconds(5))).isSameAs(learnt);
        assertThat(ContactPermits.learn(Keyring.empty(), alice, from("alice!", permit), NOW).contactPermits())
                .isEmpty();
    }

    @Test
    void aRefusedPermitIsNotLearntAgainButANewOneIs() {
        PermitId old = PermitId.random(RANDOM);
        Keyring learnt = ContactPermits.learn(Keyring.empty(), alice, from("bob!", old), NOW);
        Keyring refused = learnt.withContactPermit(learnt.contactPermit(alice, bob,
                ContactPermit.Direction.RECEIVED).orElseThrow().revoked(NOW.plusSeconds(1)));
        assertThat(ContactPermits.learn(refused, alice, from("bob!", old), NOW.plusSeconds(2))
                .receivedPermit(alice, bob)).isEmpty();
        PermitId fresh = PermitId.random(RANDOM);
        assertThat(ContactPermits.learn(refused, alice, from("bob!", fresh), NOW.plusSeconds(2))
                .receivedPermit(alice, bob)).contains(fresh);
    }

    @Test
    void thePermitsListNamesContactsAndLists() {
        PermitId issued = PermitId.random(RANDOM);
        PermitId list = PermitId.random(RANDOM);
        Keyring keyring = Keyring.empty().withContactPermit(new ContactPermit("alice!", "bob!",
                ContactPermit.Direction.ISSUED, issued, NOW, null)).withSubscriptions(List.of(
                new org.mailv2.client.core.keyring.Subscription("alice!", "news@acme!", list, NOW)));
        assertThat(ContactPermits.holder(keyring, alice, issued)).contains("bob!");
        assertThat(ContactPermits.holder(keyring, alice, list)).contains("news@acme!");
        assertThat(ContactPermits.holder(keyring, bob, issued)).isEmpty();
        assertThat(ContactPermits.holder(keyring, alice, PermitId.random(RANDOM))).isEmpty();
    }
}
