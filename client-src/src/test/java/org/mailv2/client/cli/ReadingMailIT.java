package org.mailv2.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
        // bob expects alice's mail (a stranger's first message waits in the screener: ScreenerEndToEndIT).
        world.ok("bob", "screener", "accept", "alice!");
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
    void anHtmlNewsletterReadsAsTextWithItsLinksListedAndNothingFetched() throws Exception {
        Path html = Files.writeString(dir.resolve("news.html"), "<html><head><style>p{color:red}</style></head><body>"
                + "<h1>Garden news</h1><p>The seed swap is on <b>Saturday</b>.</p><ul><li>bring seeds</li>"
                + "<li>bring pots</li></ul><p>Details <a href=\"https://garden.example/swap\">on the site</a>."
                + "<img src=\"https://tracker.example/pixel.gif\" alt=\"logo\"></p></body></html>");
        world.ok("alice", "send", "--to", "bob!", "--subject", "Newsletter", "--html-file", html.toString());
        String id = (String) world.awaitMessage("bob", "Newsletter").get("id");

        String shown = world.ok("bob", "read", id).out();
        assertThat(shown).contains("Garden news", "The seed swap is on Saturday.", "- bring seeds",
                "on the site [1]", "[1] https://garden.example/swap", "[image: logo]")
                .doesNotContain("<p>", "color:red", "pixel.gif");
        Map<?, ?> json = org.mailv2.protocol.json.Json.mapper().readValue(world.ok("bob", "read", id, "--json").out(),
                Map.class);
        assertThat(json.get("html")).isEqualTo(true);
        assertThat((String) json.get("text")).contains("[1] https://garden.example/swap");
        Message raw = parse(world.bytes("bob", false, "read", id, "--raw").stdout());
        assertThat(raw.getMimeType()).isEqualTo("text/html");
    }

    @Test
    void bobOpensAttachmentsWithHisMailcapViewersAndNothingStaysOnDisk() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        Path seen = Files.createDirectories(dir.resolve("seen"));
        // The viewers copy what they are given, and note the file's mode while it exists.
        String viewer = "cp %s " + seen + "/photo && stat -c %%a %s > " + seen + "/mode";
        Path mailcap = Files.writeString(dir.resolve("mailcap"), "image/jpeg; " + viewer + "\n"
                + "application/octet-stream; " + viewer + "\n" + "text/html; cp %s " + seen + "/page.html\n");
        world.env.put("MAILCAPS", mailcap.toString());
        world.env.put("XDG_RUNTIME_DIR", run.toString());
        world.env.put("MAILV2_OPEN_KEEP_SECONDS", "0");
        String holiday = sendWithPhoto("Holiday");
        assertThat(world.ok("bob", "read", holiday).out()).contains("[attachment 1] photo.jpg (40000 bytes; --open 1");

        CliWorld.Run opened = world.ok("bob", "read", holiday, "--open", "1");

        assertThat(opened.out()).contains("opened photo.jpg (", ": exit 0; the decrypted copy is removed");
        assertThat(Files.readAllBytes(seen.resolve("photo"))).isEqualTo(photo);
        assertThat(seen.resolve("mode")).content().isEqualToIgnoringNewLines("600");
        assertThat(run.resolve("mailv2")).isEmptyDirectory();
        assertThat(world.run("bob", "read", holiday, "--open", "2").exit()).isEqualTo(2);

        Path page = Files.writeString(dir.resolve("invoice.html"), "<p>Your invoice</p>"
                + "<img src=\"https://tracker.example/open.gif\" alt=\"logo\"><a href=\"https://shop.example/\">shop</a>");
        world.ok("alice", "send", "--to", "bob!", "--subject", "Invoice", "--body-file", world.file("attached\n"),
                "--attach", page.toString());
        String invoice = (String) world.awaitMessage("bob", "Invoice").get("id");
        CliWorld.Run html = world.ok("bob", "read", invoice, "--open", "1");
        assertThat(html.out()).contains("HTML opens as a copy cleaned of every remote reference");
        assertThat(Files.readString(seen.resolve("page.html"))).contains("Your invoice", "[image: logo]",
                "https://shop.example/", "default-src 'none'").doesNotContain("tracker.example");
        assertThat(run.resolve("mailv2")).isEmptyDirectory();
    }

    @Test
    void aHundredMebibyteAttachmentFitsTheServersLimitOf128AndCostsNoMoreThanThreePercent() throws Exception {
        long size = 100L << 20;
        Path big = dir.resolve("film.bin");
        try (OutputStream out = Files.newOutputStream(big)) {
            byte[] chunk = new byte[1 << 20];
            java.util.Random random = new java.util.Random(5);
            for (long written = 0; written < size; written += chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
        world.ok("alice", "send", "--to", "bob!", "--subject", "The film", "--body-file", world.file("enjoy\n"),
                "--attach", big.toString());
        String id = (String) world.awaitMessage("bob", "The film").get("id");

        List<Path> blobs;
        try (var files = Files.list(dir.resolve("one").resolve("blobs"))) {
            blobs = files.filter(p -> p.toFile().length() > size / 2).toList();
        }
        assertThat(blobs).as("bob's copy and alice's Sent copy").hasSize(2)
                .allSatisfy(blob -> assertThat(Files.size(blob)).isBetween(size, size * 103 / 100));
        Path saved = dir.resolve("saved");
        world.ok("bob", "read", id, "--save-attachments", saved.toString());
        // Compared as they stream: this JVM's heap (112 MiB, server and client together) could not hold the file.
        assertThat(Files.mismatch(saved.resolve("film.bin"), big)).isEqualTo(-1L);
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

    @Test
    void bobExportsEveryBoxToMaildirAndMboxWithFlagsAndAttachments() throws Exception {
        String holiday = sendWithPhoto("Holiday");
        world.ok("alice", "send", "--to", "bob!", "--subject", "Plans", "--body-file", world.file("Dinner?\n"));
        String plans = (String) world.awaitMessage("bob", "Plans").get("id");
        world.ok("bob", "flag", holiday, "--flagged");
        world.ok("bob", "read", plans);
        world.ok("bob", "flag", plans, "--answered");
        world.ok("bob", "move", plans, "archive");

        Path maildir = dir.resolve("Mail");
        CliWorld.Run exported = world.ok("bob", "export", "--maildir", maildir.toString());
        assertThat(exported.out()).contains("exported 2 messages to " + maildir, "inbox 1", "archive 1");
        Path inboxFile = only(maildir.resolve("inbox/cur"));
        assertThat(inboxFile.getFileName().toString()).contains(holiday).endsWith(":2,F");
        Message m = parse(Files.readAllBytes(inboxFile));
        assertThat(m.getSubject()).isEqualTo("Holiday");
        assertThat(text(m)).isEqualTo("From the beach.\nFrom here it looks grey.\n");
        assertThat(attachment(m, "photo.jpg")).isEqualTo(photo);
        Path archived = only(maildir.resolve("archive/cur"));
        assertThat(archived.getFileName().toString()).contains(plans).endsWith(":2,RS");
        assertThat(parse(Files.readAllBytes(archived)).getSubject()).isEqualTo("Plans");
        for (String box : List.of("inbox", "sent", "archive", "trash")) {
            for (String sub : List.of("cur", "new", "tmp")) {
                assertThat(maildir.resolve(box).resolve(sub)).isDirectory();
            }
        }
        // Again: nothing twice.
        assertThat(world.ok("bob", "export", "--maildir", maildir.toString()).out())
                .contains("exported 0 messages", "2 already there");
        assertThat(maildir.resolve("inbox/cur")).isDirectoryContaining(p -> true);

        keepForAManualLook(maildir);

        Path mbox = dir.resolve("bob.mbox");
        assertThat(world.ok("bob", "export", "--mbox", mbox.toString(), "--json").out())
                .contains("\"total\":2", "\"failures\":[]");
        List<byte[]> messages = mboxrd(Files.readAllBytes(mbox));
        assertThat(messages).hasSize(2);
        Message first = parse(messages.get(0));
        assertThat(first.getSubject()).isEqualTo("Holiday");
        assertThat(first.getHeader().getField("X-Status").getBody()).isEqualTo("F");
        assertThat(first.getHeader().getField("Status")).isNull();
        assertThat(attachment(first, "photo.jpg")).isEqualTo(photo);
        Message second = parse(messages.get(1));
        assertThat(second.getSubject()).isEqualTo("Plans");
        assertThat(second.getHeader().getField("Status").getBody()).isEqualTo("RO");
        assertThat(second.getHeader().getField("X-Status").getBody()).isEqualTo("A");
        assertThat(second.getHeader().getField("X-Mailv2-Box").getBody()).isEqualTo("archive");
        // An existing mbox is not written over.
        assertThat(world.run("bob", "export", "--mbox", mbox.toString()).exit()).isNotZero();
        assertThat(mboxrd(Files.readAllBytes(mbox))).hasSize(2);
    }

    @Test
    void bobForwardsHolidayToCarolWithThePhotoAndANote() throws Exception {
        world.ok("carol", "account", "create", "carol!", "--server", server.url(), "--yes");
        world.ok("carol", "screener", "accept", "bob!");
        String holiday = sendWithPhoto("Holiday");

        assertThat(world.run("bob", "send", "--to", "carol!").exit()).isEqualTo(2);
        world.ok("bob", "send", "--forward", holiday, "--to", "carol!", "--body-file", world.file("Look at this!\n"));
        String id = (String) world.awaitMessage("carol", "Fwd: Holiday").get("id");
        Map<?, ?> read = org.mailv2.protocol.json.Json.mapper().readValue(world.ok("carol", "read", id, "--json").out(),
                Map.class);
        assertThat((String) read.get("text")).startsWith("Look at this!\n\n---------- Forwarded message ----------\n")
                .contains("From: alice!", "Subject: Holiday", "From the beach.\nFrom here it looks grey.\n");
        List<?> attachments = (List<?>) read.get("attachments");
        assertThat(attachments).hasSize(1);
        Map<?, ?> photoRow = (Map<?, ?>) attachments.get(0);
        assertThat(photoRow.get("name")).isEqualTo("photo.jpg");
        assertThat(photoRow.get("sha256")).isEqualTo(org.mailv2.protocol.digest.Sha256.hash(photo).hex());
        // Forwarding did not mark the original read.
        Map<?, ?> original = world.message("bob", "Holiday").orElseThrow();
        assertThat(String.valueOf(original.get("flags"))).doesNotContain("seen");
    }

    @Test
    void keysAndContactsSpeakJsonForScripts() throws Exception {
        sendWithPhoto("Holiday");
        Map<?, ?> key = world.ok("bob", "keys", "list", "--json").rows().get(0);
        assertThat(key.get("address")).isEqualTo("bob!");
        assertThat(key.get("current")).isEqualTo(true);
        assertThat((String) key.get("signingKeyId")).hasSize(32);
        assertThat((String) key.get("encryptionKey")).startsWith("age1");

        Map<?, ?> alice = org.mailv2.protocol.json.Json.mapper().readValue(
                world.ok("bob", "contacts", "show", "alice!", "--json").out(), Map.class);
        assertThat(alice.get("address")).isEqualTo("alice!");
        assertThat(alice.get("status")).isEqualTo("pinned");
        assertThat(alice.get("verified")).isEqualTo(false);
        assertThat((String) alice.get("safetyNumber")).matches("[0-9]{60}");
        assertThat(world.ok("alice", "contacts", "show", "bob!", "--json").out())
                .contains((String) alice.get("safetyNumber"));
    }

    /** With -Dmailv2.keepExport=DIR, the maildir stays there to open with neomutt or aerc by hand. */
    private static void keepForAManualLook(Path maildir) throws IOException {
        String keep = System.getProperty("mailv2.keepExport");
        if (keep == null) {
            return;
        }
        try (var files = Files.walk(maildir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path copy = Path.of(keep).resolve(maildir.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(p, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static Path only(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            List<Path> all = files.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    /** Splits an mboxrd file into its messages: "From " lines start one, one ">" comes off quoted "From " lines. */
    static List<byte[]> mboxrd(byte[] file) {
        List<byte[]> messages = new ArrayList<>();
        ByteArrayOutputStream current = null;
        for (String line : new String(file, StandardCharsets.ISO_8859_1).split("(?<=\n)")) {
            if (line.startsWith("From ")) {
                if (current != null) {
                    messages.add(current.toByteArray());
                }
                current = new ByteArrayOutputStream();
                continue;
            }
            String unquoted = line.matches(">+From [\\s\\S]*") ? line.substring(1) : line;
            current.writeBytes(unquoted.getBytes(StandardCharsets.ISO_8859_1));
        }
        if (current != null) {
            messages.add(current.toByteArray());
        }
        return messages;
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
