package org.mailv2.client.core.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MboxTest {
    @TempDir
    Path dir;

    @Test
    void linesThatLookLikeFromLinesGetOneMoreQuoteAndAFailedMessageIsCutOffAgain() throws Exception {
        Path file = dir.resolve("x.mbox");
        try (Mbox mbox = new Mbox(file)) {
            ExportTarget.Entry a = mbox.begin("inbox", "id-1", Set.of("seen", "flagged"), "alice!",
                    Instant.parse("2026-12-01T09:05:03Z"));
            a.out().write(("Subject: a\r\n\r\nFrom here\r\n>From there\r\n>>From afar\r\nFro\r\n From x\r\n"
                    + "From").getBytes(StandardCharsets.US_ASCII));
            a.commit();
            ExportTarget.Entry broken = mbox.begin("inbox", "id-2", Set.of(), "bob!", Instant.EPOCH);
            OutputStream out = broken.out();
            out.write("Subject: half\r\n\r\nhalf a mess".getBytes(StandardCharsets.US_ASCII));
            broken.abort();
            ExportTarget.Entry c = mbox.begin("trash", "id-3", Set.of("answered"), "carol!",
                    Instant.parse("2026-01-10T23:59:59Z"));
            c.out().write("Subject: c\n\nok\n".getBytes(StandardCharsets.US_ASCII));
            c.commit();
        }
        assertThat(Files.readString(file, StandardCharsets.US_ASCII)).isEqualTo(
                "From alice! Tue Dec  1 09:05:03 2026\n"
                + "X-Mailv2-Box: inbox\nStatus: RO\nX-Status: F\n"
                + "Subject: a\r\n\r\n>From here\r\n>>From there\r\n>>>From afar\r\nFro\r\n From x\r\nFrom\n\n"
                + "From carol! Sat Jan 10 23:59:59 2026\n"
                + "X-Mailv2-Box: trash\nX-Status: A\n"
                + "Subject: c\n\nok\n\n");
    }

    @Test
    void maildirNamesCarryTheFlagsInAsciiOrder() {
        assertThat(Maildir.flags("inbox", Set.of("seen", "flagged", "answered"))).isEqualTo("FRS");
        assertThat(Maildir.flags("trash", Set.of("seen"))).isEqualTo("ST");
        assertThat(Maildir.flags("inbox", Set.of())).isEmpty();
        assertThat(Maildir.folderName("archive")).isEqualTo("archive");
        assertThat(Maildir.folderName("../etc")).doesNotContain("/").startsWith("box-");
    }
}
