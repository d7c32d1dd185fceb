package org.mailv2.client.core.open;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Mailcap entries as RFC 1524 writes them and mutt reads them. */
class MailcapTest {
    private static final Path FILE = Path.of("/run/user/1000/mailv2/0a1b2c-plan.txt");

    private static final Mailcap MAILCAP = new Mailcap(Mailcap.parse("""
            # viewers
            text/html; lynx -dump %s; copiousoutput; test=false
            text/html; firefox %s; test=test -n "x"
            image/*; feh \\
              %s
            text; less %s; needsterminal
            application/pdf; zathura '%s'; description=PDF\\; portable
            broken line without a command
            """));

    @Test
    void theFirstEntryWhoseTestPassesWins() {
        assertThat(MAILCAP.find("text/html", FILE, test -> test.equals("test -n \"x\"")).orElseThrow().command())
                .isEqualTo("firefox %s");
    }

    @Test
    void wildcardsContinuationsAndFlagsAreRead() {
        Mailcap.Entry image = MAILCAP.find("image/png", FILE, t -> true).orElseThrow();
        assertThat(image.command()).isEqualTo("feh   %s");
        Mailcap.Entry text = MAILCAP.find("text/plain", FILE, t -> true).orElseThrow();
        assertThat(text.needsTerminal()).isTrue();
        assertThat(MAILCAP.find("application/pdf", FILE, t -> true).orElseThrow().command())
                .isEqualTo("zathura '%s'");
        assertThat(MAILCAP.find("audio/ogg", FILE, t -> true)).isEmpty();
    }

    @Test
    void whatGoesIntoACommandIsQuotedForTheShell() {
        Mailcap.Entry e = new Mailcap.Entry("text/*", "view --type %t %s 100%%", false, null);
        assertThat(e.commandFor(Path.of("/tmp/it's.txt"), "text/plain"))
                .isEqualTo("view --type 'text/plain' '/tmp/it'\\''s.txt' 100%");
        assertThat(new Mailcap.Entry("text/*", "view", false, null).readsStandardInput()).isTrue();
    }

    @Test
    void mailcapsNamesTheFilesElseTheUsualPlaces() {
        assertThat(Mailcap.files(Map.of("MAILCAPS", "/a/mailcap:/b/mailcap"))).containsExactly(Path.of("/a/mailcap"),
                Path.of("/b/mailcap"));
        assertThat(Mailcap.files(Map.of("HOME", "/home/bob"))).startsWith(Path.of("/home/bob/.mailcap"))
                .contains(Path.of("/etc/mailcap"));
    }
}
