package org.mailv2.client.tui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.seal.OpenedMessage;

class RepliesTest {
    private static final Address ALICE = Address.parse("alice!");

    private static OpenedMessage message(String subject) {
        return new OpenedMessage(Address.parse("bob!"), "Bob", List.of(ALICE, Address.parse("carol!")),
                List.of(Address.parse("dave!"), ALICE), List.of(), subject, Instant.parse("2026-11-20T09:30:00Z"),
                "m2@bob", null, List.of("m1@alice"), null, "Shall we?\n> earlier words\n", List.of());
    }

    @Test
    void aReplyGoesToTheSenderQuotesTheTextAndThreads() {
        Drafts.Document d = Replies.reply(message("Plans"), ALICE, false, ZoneOffset.UTC);
        assertThat(d.to()).isEqualTo("bob!");
        assertThat(d.cc()).isEmpty();
        assertThat(d.subject()).isEqualTo("Re: Plans");
        assertThat(d.inReplyTo()).isEqualTo("m2@bob");
        assertThat(d.references()).containsExactly("m1@alice", "m2@bob");
        assertThat(d.text()).contains("On Fri 20 Nov 2026 at 09:30, bob! wrote:\n> Shall we?\n>> earlier words\n");
    }

    @Test
    void replyAllAddsEveryoneButMeAndKeepsOneRePrefix() {
        Drafts.Document d = Replies.reply(message("Re: Plans"), ALICE, true, ZoneOffset.UTC);
        assertThat(d.to()).isEqualTo("bob!, carol!");
        assertThat(d.cc()).isEqualTo("dave!");
        assertThat(d.subject()).isEqualTo("Re: Plans");
    }

    @Test
    void aForwardCarriesTheOriginalBelowAHeaderAndHasNoRecipientsYet() {
        Drafts.Document d = Replies.forward(message("Plans"), "00000000-0000-0000-0000-000000000001", ZoneOffset.UTC);
        assertThat(d.to()).isEmpty();
        assertThat(d.subject()).isEqualTo("Fwd: Plans");
        assertThat(d.text()).contains("---------- Forwarded message ----------", "From: bob!", "Subject: Plans",
                "Shall we?");
        assertThat(d.inReplyTo()).isNull();
    }
}
