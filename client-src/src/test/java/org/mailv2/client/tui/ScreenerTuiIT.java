package org.mailv2.client.tui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.client.core.account.AccountCreator;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.keyring.OwnAccount;
import org.mailv2.client.core.send.Delivery;
import org.mailv2.client.core.send.Draft;
import org.mailv2.client.core.send.Sender;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.pow.StampSolver;
import org.mailv2.server.app.RunningServer;
import org.mailv2.server.app.ServerInit;

/**
 * Bob's screener in the terminal UI, against a real server on 127.0.0.1: first contacts wait there with a count in the
 * sidebar; {@code y} lets carol in (her mail moves to the inbox, a contact permit goes to her), {@code n} turns
 * mallory away (her next message is refused {@code blocked}), {@code !} reports eve's.
 */
class ScreenerTuiIT {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Clock clock = Clock.systemUTC();

    @TempDir
    Path dir;

    private RunningServer server;
    private TuiHarness bob;

    @BeforeEach
    void startServer() throws Exception {
        var created = ServerInit.init(dir.resolve("server"), "127.0.0.1", 0, "self", null, "open", 8, 8, clock,
                RANDOM);
        Files.writeString(created.config(), Files.readString(created.config())
                .replace("listen: 0.0.0.0", "listen: 127.0.0.1"));
        server = RunningServer.start(created.config(), clock);
    }

    @AfterEach
    void stop() throws Exception {
        if (bob != null) {
            bob.close();
        }
        server.close();
    }

    private OwnAccount account(String address) throws Exception {
        return new AccountCreator(clock, RANDOM, new StampSolver(1)).create(Address.parse(address), null,
                server.url(), server.certificatePin(), null, p -> { });
    }

    private Delivery write(OwnAccount from, OwnAccount to, String subject) throws Exception {
        Sender sender = new Sender(clock, RANDOM, new StampSolver(1), dir.resolve(from.address() + "-outbox"));
        return sender.send(Connection.open(from, clock), Keyring.empty().withAccount(from), new Draft(
                List.of(to.parsedAddress()), null, null, subject, "text of " + subject, null, null, null),
                s -> { }, p -> { }).deliveries().get(0);
    }

    private int messagesIn(OwnAccount who, String box) throws Exception {
        return Connection.open(who, clock).server().list(box, 0, 50).messages().size();
    }

    /** The sidebar's screener entry as shown ("screener 3"), from the left column of the screen. */
    private static String screenerEntry(String screen) {
        for (String line : screen.split("\n")) {
            String left = line.substring(0, Math.min(23, line.length())).replaceFirst("^\\s*▶?\\s*", "").strip();
            if (left.startsWith("screener")) {
                return left.replaceAll("\\s+", " ");
            }
        }
        return "(no screener entry)";
    }

    @Test
    void bobAcceptsCarolDeclinesMalloryAndReportsEveFromTheScreener() throws Exception {
        OwnAccount bobAccount = account("bob!");
        OwnAccount carol = account("carol!");
        OwnAccount mallory = account("mallory!");
        OwnAccount eve = account("eve!");
        write(eve, bobAccount, "Cheap watches");
        write(mallory, bobAccount, "You have won");
        write(carol, bobAccount, "Hello from carol");

        bob = new TuiHarness(dir.resolve("bob"), Keyring.empty().withAccount(bobAccount), 140, 40);
        bob.await("three strangers counted in the sidebar", s -> screenerEntry(s).equals("screener 3"));
        assertThat(bob.screenText()).doesNotContain("Hello from carol", "You have won", "Cheap watches");

        bob.tui.go("box:screener");
        bob.await("the screener", s -> s.contains("Hello from carol") && s.contains("You have won")
                && s.contains("Cheap watches") && s.contains("y:accept sender"));
        assertThat(bob.lineWith("Hello from carol")).contains("✓", "carol!");

        // Newest first: carol's is selected.
        bob.type("y");
        bob.awaitText("accepted carol!: 1 message moved to the inbox; a contact permit went to them");
        bob.await("two left", s -> screenerEntry(s).equals("screener 2") && !s.contains("Hello from carol"));
        assertThat(Connection.open(bobAccount, clock).server().list("inbox", 0, 10).messages())
                .singleElement().satisfies(m -> assertThat(m.envelope().fromHash())
                        .isEqualTo(carol.parsedAddress().hash()));
        assertThat(messagesIn(carol, "inbox")).as("bob's note with the permit").isEqualTo(1);

        bob.type("g");
        assertThat(bob.lineWith("You have won")).contains("mallory!");
        bob.type("n");
        bob.awaitText("Decline mallory!? Their waiting mail is deleted and your server blocks them. (y/N)");
        bob.type("y\n");
        bob.awaitText("declined mallory!: blocked, 1 waiting message deleted");
        bob.await("one left", s -> screenerEntry(s).equals("screener 1") && !s.contains("You have won"));
        Delivery refused = write(mallory, bobAccount, "Second try");
        assertThat(refused.outcome()).isEqualTo(Delivery.Outcome.REFUSED);
        assertThat(refused.reason()).isEqualTo("blocked");

        bob.type("g");
        bob.type("!");
        bob.awaitText("Report this message? It moves to the trash and eve! is blocked. (y/N)");
        bob.type("y\n");
        bob.awaitText("reported: the message is in the trash; eve! is blocked");
        bob.await("the screener empty", s -> screenerEntry(s).equals("screener")
                && !s.contains("Cheap watches"));
        assertThat(messagesIn(bobAccount, "trash")).isEqualTo(1);
        assertThat(write(eve, bobAccount, "Again").reason()).isEqualTo("blocked");

        // His price, from the keyring pane: published in his address record, paid by the next stranger.
        bob.type("K");
        bob.awaitText("screener on; strangers pay what your server asks (W changes the price)");
        bob.type("W");
        bob.type("14\n");
        bob.awaitText("strangers now pay 14 stamp bits to write to you");
        bob.awaitText("screener on; strangers pay 14 stamp bits");
        assertThat(Connection.open(bobAccount, clock).resolver().address(bobAccount.parsedAddress().hash())
                .orElseThrow().firstContactBits()).isEqualTo(14);
        OwnAccount dave = account("dave!");
        assertThat(write(dave, bobAccount, "Paying the price").stampBits()).isEqualTo(14);

        // New keys from the same pane: the record is a rotation signed by the old key, and keeps his price.
        bob.type("N");
        bob.awaitText("Type yes:");
        bob.type("yes\n");
        bob.awaitText("replaced by");
        bob.awaitText("keys rotated 1 time, last on");
        var rotated = Connection.open(bobAccount, clock).resolver().address(bobAccount.parsedAddress().hash())
                .orElseThrow();
        assertThat(rotated.previousSigningKey()).isEqualTo(bobAccount.signingKey().publicKey());
        assertThat(rotated.signingKey()).isNotEqualTo(bobAccount.signingKey().publicKey());
        assertThat(rotated.firstContactBits()).isEqualTo(14);
    }
}
