package org.mailv2.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.mailv2.protocol.pow.SolveProgress;

class TerminalProgressTest {
    @Test
    void onATerminalTheLineIsRewrittenInPlaceAndClearedAtTheEnd() {
        StringWriter err = new StringWriter();
        try (TerminalProgress progress = new TerminalProgress(new PrintWriter(err), true)) {
            progress.stamp(new SolveProgress(1_000_000, 20e6, 60e6));
            progress.stamp(new SolveProgress(2_000_000, 21e6, 60e6)); // within 100 ms: not drawn again
        }
        String line = "proof of work: 20.0 MH/s, about 3 s left";
        assertThat(err.toString()).isEqualTo("\r" + line + "\r" + " ".repeat(line.length()) + "\r");
    }

    @Test
    void elsewhereNothingIsWritten() {
        StringWriter err = new StringWriter();
        try (TerminalProgress progress = new TerminalProgress(new PrintWriter(err), false)) {
            progress.stamp(new SolveProgress(1, 1e6, 1e3));
            progress.step("submitting");
        }
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void transfersShowMebibytesAndPercent() {
        StringWriter err = new StringWriter();
        try (TerminalProgress progress = new TerminalProgress(new PrintWriter(err), true)) {
            progress.transfer("uploading to bob!", 12L << 20, 64L << 20);
        }
        assertThat(err.toString()).startsWith("\ruploading to bob!: 12.0 of 64.0 MiB (18 %)");
    }

    @Test
    void aShortWaitSaysSo() {
        assertThat(TerminalProgress.line(new SolveProgress(0, 20e6, 1e6))).endsWith("less than a second left");
    }
}
