package org.mailv2.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.dom.TextBody;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.server.app.RunningServer;

/**
 * Reading mail as aerc users do, and taking it elsewhere: the raw message for a pipe, exports other clients open,
 * forwarding with the attachments. Every case drives the real `mailv2` command against a real server.
 */
class ReadingMailIT {
    @TempDir
    Path dir;

    private CliWorld world;
    private RunningServer server;
    private final byte[] photo = new byte[40_000];

    @BeforeEach
    void start() throws Exception {
        world = new CliWorld(dir);
        server = world.server("one", null, CliWorld.UNTHROTTLED);
        world.ok("alice", "account", "create", "alice!", "--server", server.url(), "--yes");
        world.ok("bob", "account", "create", "bob!", "--server", server.url(), "--yes");
        new java.util.Random(7).nextBytes(photo);
    }

    @AfterEach
    void stop() {
        world.close();
    }

    private String sendWithPhoto(String subject) throws Exception {
        Path file = Files.write(dir.resolve("photo.jpg"), photo);
        world.ok("alice", "send", "--to", "bob!", "--subject", subject, "--body-file",
                world.file("From the beach.\nFrom here it looks grey.\n"), "--attach", file.toString());
        return (String) world.awaitMessage("bob", subject).get("id");
    }

    @Test
    void bobPipesTheRawMessageButNotIntoHisTerminalUnlessHeInsists() throws Exception {
        String id = sendWithPhoto("Holiday");

        CliWorld.Bytes refused = world.bytes("bob", true, "read", id, "--raw");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.stdout()).isEmpty();
        assertThat(refused.messages()).contains("Not writing the raw message to a terminal").contains("--force");

        CliWorld.Bytes piped = world.bytes("bob", false, "read", id, "--raw");
        assertThat(piped.exit()).as(piped.messages()).isZero();
        Message m = parse(piped.stdout());
        assertThat(m.getSubject()).isEqualTo("Holiday");
        assertThat(m.getFrom().get(0).getLocalPart()).isEqualTo("alice");
        assertThat(text(m)).isEqualTo("From the beach.\nFrom here it looks grey.\n");
        assertThat(attachment(m, "photo.jpg")).isEqualTo(photo);

        CliWorld.Bytes forced = world.bytes("bob", true, "read", id, "--raw", "--force");
        assertThat(forced.exit()).isZero();
        assertThat(forced.stdout()).isEqualTo(piped.stdout());
    }

    static Message parse(byte[] raw) throws IOException {
        return new DefaultMessageBuilder().parseMessage(new ByteArrayInputStream(raw));
    }

    /** The first text/plain part's text, line ends as LF. */
    static String text(Entity e) throws IOException {
        if (e.getBody() instanceof Multipart mp) {
            for (Entity part : mp.getBodyParts()) {
                String t = text(part);
                if (t != null) {
                    return t;
                }
            }
            return null;
        }
        if (e.getDispositionType() == null && e.getBody() instanceof TextBody body
                && "text/plain".equals(e.getMimeType())) {
            try (InputStream in = body.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
            }
        }
        return null;
    }

    /** The bytes of the attachment named {@code name}. */
    static byte[] attachment(Entity e, String name) throws IOException {
        for (Entity part : parts(e)) {
            if (name.equals(part.getFilename())) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ((SingleBody) part.getBody()).writeTo(out);
                return out.toByteArray();
            }
        }
        throw new AssertionError("no attachment " + name);
    }

    private static List<Entity> parts(Entity e) {
        List<Entity> all = new ArrayList<>();
        if (e.getBody() instanceof Multipart mp) {
            mp.getBodyParts().forEach(p -> all.addAll(parts(p)));
        } else {
            all.add(e);
        }
        return all;
    }
}
