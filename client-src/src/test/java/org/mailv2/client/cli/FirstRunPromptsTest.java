package org.mailv2.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Local mode's first run forgives: a short passphrase or an address without '!' is explained and asked again. */
class FirstRunPromptsTest {
    private final List<String> said = new ArrayList<>();
    private final List<String> asked = new ArrayList<>();

    @Test
    void aShortPassphraseOrTwoThatDifferAreAskedAgain() throws Exception {
        Deque<String> typed = new ArrayDeque<>(List.of("short", "correct horse", "correct hose", "correct horse",
                "correct horse"));
        char[] chosen = Passphrases.chooseNew("New vault passphrase: ", p -> {
            asked.add(p);
            return typed.removeFirst().toCharArray();
        }, said::add);
        assertThat(new String(chosen)).isEqualTo("correct horse");
        assertThat(asked).containsExactly("New vault passphrase: ", "New vault passphrase: ", "Again: ",
                "New vault passphrase: ", "Again: ");
        assertThat(said).hasSize(2);
        assertThat(said.get(0)).contains("at least 8 characters", "this one has 5");
        assertThat(said.get(1)).contains("differ");
    }

    @Test
    void anAddressWithoutItsBangGetsASuggestionAndBadOnesAnExplanation() throws Exception {
        Deque<String> typed = new ArrayDeque<>(List.of("alice", "a!", "welcome!", "\u001b[2Jx!", " alice! "));
        var chosen = LocalCommand.chooseAddress(p -> typed.removeFirst(), said::add);
        assertThat(chosen.display()).isEqualTo("alice!");
        assertThat(said).hasSize(4);
        assertThat(said.get(0)).contains("end with '!'", "did you mean alice! ?");
        assertThat(said.get(1)).contains("That is not an address", "like alice!");
        assertThat(said.get(2)).contains("welcome! is the address of the welcome message");
        assertThat(said.get(3)).doesNotContain("\u001b");
    }
}
