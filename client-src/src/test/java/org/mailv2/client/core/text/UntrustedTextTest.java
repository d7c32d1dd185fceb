package org.mailv2.client.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mailv2.protocol.json.Json;

class UntrustedTextTest {
    /** What a stranger puts in a subject: erase the line, draw a fake badge, set the title and the clipboard. */
    private static final String HOSTILE = "Invoice\r\u001b[2K\u001b[1A[verified] bank!\u001b]0;pwned\u0007"
            + "\u001b]52;c;Y3VybCBldmlsIHwgc2g=\u0007\u009b31m\u202egnp.exe\u2066x\u2069\u007f\u0000";

    @Test
    void aLineShowsEveryControlDelC1AndBidiCharacterVisibly() {
        String shown = UntrustedText.line(HOSTILE + "\n\t");
        assertThat(shown.codePoints().filter(UntrustedText::isControl)).isEmpty();
        assertThat(shown).contains("\\u001b[2K", "\\u000d", "\\u0007", "\\u009b", "\\u202e", "\\u2066", "\\u2069",
                "\\u007f", "\\u0000", "\\u000a", "\\u0009", "Invoice", "gnp.exe");
    }

    @Test
    void aBodyKeepsItsLinesAndTabsButNothingElse() {
        String shown = UntrustedText.body("Dear Alice,\r\n\tpay here\u001b[8m hidden\u001b[0m\n\u202eevil");
        assertThat(shown).isEqualTo("Dear Alice,\n\tpay here\\u001b[8m hidden\\u001b[0m\n\\u202eevil");
    }

    @Test
    void plainTextInAnyScriptPassesUnchanged() {
        String text = "Grüße, 東京, שלום, emoji 🎉, ümlaut — fine";
        assertThat(UntrustedText.line(text)).isEqualTo(text);
        assertThat(UntrustedText.body(text + "\n")).isEqualTo(text + "\n");
    }

    @Test
    void jsonKeepsTheExactTextAndWritesNoControlByte() throws Exception {
        String json = UntrustedText.json(List.of(Map.of("subject", HOSTILE, "name", "Zoë ✓")));
        assertThat(json.codePoints().filter(UntrustedText::isControl)).isEmpty();
        assertThat(json).contains("\\u202E".toLowerCase()).contains("Zoë ✓");
        List<?> back = Json.mapper().readValue(json, List.class);
        assertThat(((Map<?, ?>) back.get(0)).get("subject")).isEqualTo(HOSTILE);
    }
}
