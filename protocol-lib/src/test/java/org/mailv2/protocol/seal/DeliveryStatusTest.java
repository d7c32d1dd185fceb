package org.mailv2.protocol.seal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.mailv2.protocol.digest.Sha256;

class DeliveryStatusTest {
    private final DeliveryStatus status = new DeliveryStatus(UUID.fromString("35cf8f8d-535d-4107-995a-91c9305f026d"),
            Sha256.hash("bob!"), "permit_revoked");

    @Test
    void aClientReadsBackWhatTheServerWrote() {
        String text = status.text("the recipient revoked the permit this message used (permit_revoked)", 1,
                Instant.parse("2026-11-28T12:00:00.123Z"));
        assertThat(text).contains("Message (envelope id): 35cf8f8d-535d-4107-995a-91c9305f026d",
                "Code: permit_revoked", "first queued 2026-11-28T12:00:00Z");
        assertThat(DeliveryStatus.parse(text)).contains(status);
    }

    @Test
    void anyOtherTextIsNoStatus() {
        String text = status.text("x", 1, Instant.EPOCH);
        assertThat(DeliveryStatus.parse("Hello Bob,\nhow are you?\n")).isEmpty();
        assertThat(DeliveryStatus.parse(text.replace("Code: permit_revoked", "Code: PERMIT!"))).isEmpty();
        assertThat(DeliveryStatus.parse(text.replace("35cf8f8d-535d", "35CF8F8D-535D"))).isEmpty();
        assertThat(DeliveryStatus.parse(text.replace(Sha256.hash("bob!").hex(), "beef"))).isEmpty();
    }

    @Test
    void thePostmasterIsNamedAfterItsServersRoutingId() {
        Sha256 routing = Sha256.hash("a server");
        assertThat(DeliveryStatus.postmaster(routing).display())
                .isEqualTo("postmaster-" + routing.hex().substring(0, 16) + "!");
    }
}
