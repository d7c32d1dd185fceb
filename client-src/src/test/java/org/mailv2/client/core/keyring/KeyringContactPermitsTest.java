package org.mailv2.client.core.keyring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.json.Json;
import org.mailv2.protocol.permit.PermitId;

class KeyringContactPermitsTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");
    private final Address alice = Address.parse("alice!");
    private final Address bob = Address.parse("bob!");
    private final PermitId fromBob = PermitId.random(RANDOM);

    private ContactPermit received(PermitId id, Instant at) {
        return new ContactPermit("alice!", "bob!", ContactPermit.Direction.RECEIVED, id, at, null);
    }

    @Test
    void aVaultWrittenBeforeContactPermitsStillLoads() {
        String old = "{\"version\":1,\"accounts\":[],\"contacts\":[],\"subscriptions\":[],\"ownedLists\":[],"
                + "\"organisations\":[]}";
        Keyring keyring = Json.read(old.getBytes(StandardCharsets.UTF_8), Keyring.class);
        assertThat(keyring.contactPermits()).isEmpty();
        assertThat(keyring.receivedPermit(alice, bob)).isEmpty();
    }

    @Test
    void contactPermitsSurviveTheVaultsJson() {
        Keyring keyring = Keyring.empty().withContactPermit(received(fromBob, T0))
                .withContactPermit(new ContactPermit("alice!", "bob!", ContactPermit.Direction.ISSUED,
                        PermitId.random(RANDOM), T0, T0.plusSeconds(60)));
        Keyring read = Json.read(Json.write(keyring), Keyring.class);
        assertThat(read).isEqualTo(keyring);
        assertThat(read.receivedPermit(alice, bob)).contains(fromBob);
        assertThat(read.contactPermit(alice, bob, ContactPermit.Direction.ISSUED).orElseThrow().active()).isFalse();
    }

    @Test
    void onlyAnActiveReceivedPermitIsOffered() {
        Keyring keyring = Keyring.empty().withContactPermit(received(fromBob, T0).revoked(T0.plusSeconds(1)));
        assertThat(keyring.receivedPermit(alice, bob)).isEmpty();
        assertThat(keyring.receivedPermit(bob, alice)).isEmpty();
        assertThat(keyring.withContactPermit(received(fromBob, T0)).contactPermits()).hasSize(1);
    }

    @Test
    void mergingKeepsTheNewerKnowledgeOfEachPermit() {
        Keyring base = Keyring.empty().withContactPermit(received(fromBob, T0));
        Keyring refusedMeanwhile = base.withContactPermit(received(fromBob, T0).revoked(T0.plusSeconds(10)));
        // A send that started from the older keyring does not bring the refused permit back…
        assertThat(refusedMeanwhile.withContactsFrom(base).receivedPermit(alice, bob)).isEmpty();
        // …and what the send learnt later wins over what this keyring knew before.
        PermitId newer = PermitId.random(RANDOM);
        Keyring sent = base.withContactPermit(received(newer, T0.plusSeconds(20)));
        assertThat(refusedMeanwhile.withContactsFrom(sent).receivedPermit(alice, bob)).contains(newer);
    }
}
