package org.mailv2.client.core.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailv2.protocol.seal.ByteSource;

class TransferProgressTest {
    @Test
    void readingAndWritingReportTheBytesMovedAgainstTheTotal() throws IOException {
        List<String> seen = new ArrayList<>();
        TransferProgress progress = (what, done, total) -> seen.add(what + " " + done + "/" + total);
        ByteSource counted = progress.counting(ByteSource.of(new byte[10]), "up");
        try (InputStream in = counted.open()) {
            in.read();
            in.readNBytes(9);
        }
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        try (OutputStream out = progress.counting(target, "down", 4)) {
            out.write(new byte[3]);
            out.write(1);
        }
        assertThat(seen).containsExactly("up 1/10", "up 10/10", "down 3/4", "down 4/4");
        assertThat(target.size()).isEqualTo(4);
        assertThat(counted.size()).isEqualTo(10);
    }

    @Test
    void noneChangesNothing() {
        ByteSource source = ByteSource.of(new byte[1]);
        OutputStream out = OutputStream.nullOutputStream();
        assertThat(TransferProgress.NONE.counting(source, "x")).isSameAs(source);
        assertThat(TransferProgress.NONE.counting(out, "x", 1)).isSameAs(out);
    }
}
