package org.mailv2.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailv2.server.store.StoreFixtures.T0;
import static org.mailv2.server.store.StoreFixtures.delivery;
import static org.mailv2.server.store.StoreFixtures.hash;
import static org.mailv2.server.store.StoreFixtures.message;
import static org.mailv2.server.store.StoreFixtures.uuid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.server.service.Invitations;
import org.mailv2.server.store.Account;
import org.mailv2.server.store.QueuedDelivery;
import org.mailv2.server.store.StoreFixtures;
import org.mailv2.server.store.sql.SqlDatabase;
import picocli.CommandLine;

/** The operator's commands on a server directory that is not running (the end-to-end test runs them beside one). */
class OperatorCommandsTest {
    private static final Sha256 ALICE = Address.parse("alice!").hash();
    private static final Sha256 BOB = Address.parse("bob!").hash();

    @TempDir
    Path dir;

    private Path config;

    record Result(int exit, String out, String err) {
    }

    @BeforeEach
    void initServer() {
        assertThat(run("init", "--dir", dir.toString(), "--hostname", "mail.example.org", "--registration", "invite",
                "--pow-account", "4").exit()).isZero();
        config = dir.resolve("config.yml");
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ServerCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    private Result operator(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--config";
        all[args.length + 1] = config.toString();
        return run(all);
    }

    /** Alice with one message and its blob file; Bob with nothing. */
    private Path seedAliceAndBob() throws Exception {
        try (SqlDatabase db = SqlDatabase.sqlite(dir)) {
            db.accounts().create(new Account(ALICE, T0, 5000));
            db.accounts().create(new Account(BOB, T0.plusSeconds(1), 5000));
            db.messages().insert(message(ALICE, uuid(1), "inbox"));
        }
        Path blob = Files.createDirectories(dir.resolve("blobs")).resolve(StoreFixtures.blobName(uuid(1)));
        Files.writeString(blob, "body of " + uuid(1));
        return blob;
    }

    @Test
    void accountsListPrintsAnAlignedTableAndTheSameAsJson() throws Exception {
        seedAliceAndBob();

        Result table = operator("accounts", "list");
        assertThat(table.exit()).as(table.err()).isZero();
        String[] lines = table.out().split("\n");
        assertThat(lines[0]).startsWith("ACCOUNT").contains("STATE", "MESSAGES", "USED", "QUOTA");
        assertThat(lines[1]).startsWith(ALICE.hex()).contains("active");
        assertThat(lines[2]).startsWith(BOB.hex());
        assertThat(lines[1].indexOf("active")).isEqualTo(lines[0].indexOf("STATE"));

        JsonNode json = new ObjectMapper().readTree(operator("accounts", "list", "--json").out());
        assertThat(json).hasSize(2);
        assertThat(json.get(0).get("addressHash").asText()).isEqualTo(ALICE.hex());
        assertThat(json.get(0).get("messages").asLong()).isEqualTo(1);
        assertThat(json.get(0).get("usedBytes").asLong()).isPositive();
        assertThat(json.get(1).get("messages").asLong()).isZero();
    }

    @Test
    void suspendAndResumeAnAccountByAddressOrHashAndShowItsState() throws Exception {
        seedAliceAndBob();

        assertThat(operator("accounts", "suspend", "alice!").exit()).isZero();
        JsonNode shown = new ObjectMapper().readTree(operator("accounts", "show", ALICE.hex(), "--json").out());
        assertThat(shown.get("state").asText()).isEqualTo("suspended");
        assertThat(shown.get("suspendedAt").asText()).isNotBlank();
        assertThat(operator("accounts", "show", "bob!").out()).contains("active");

        assertThat(operator("accounts", "resume", ALICE.hex()).exit()).isZero();
        assertThat(operator("accounts", "show", "alice!").out()).contains("active").doesNotContain("suspended");
    }

    @Test
    void deleteRemovesTheAccountItsMessagesAndItsBlobsAndNothingElse() throws Exception {
        Path blob = seedAliceAndBob();

        Result deleted = operator("accounts", "delete", "alice!");

        assertThat(deleted.exit()).as(deleted.err()).isZero();
        assertThat(blob).doesNotExist();
        assertThat(operator("accounts", "show", "alice!").exit()).isEqualTo(OperatorCommand.NOT_FOUND);
        try (SqlDatabase db = SqlDatabase.sqlite(dir)) {
            assertThat(db.messages().blobsOf(ALICE)).isEmpty();
            assertThat(db.accounts().find(BOB)).isPresent();
        }
    }

    @Test
    void anUnknownAccountIsReportedOnStderrWithANonZeroExitAndNothingChanges() throws Exception {
        Path blob = seedAliceAndBob();

        for (String command : new String[] {"show", "suspend", "resume", "delete"}) {
            Result r = operator("accounts", command, "carol!");
            assertThat(r.exit()).as(command).isEqualTo(OperatorCommand.NOT_FOUND);
            assertThat(r.err()).contains("no such account here");
            assertThat(r.out()).isEmpty();
        }
        Result malformed = operator("accounts", "suspend", "not an address");
        assertThat(malformed.exit()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(malformed.err()).contains("neither an address");

        assertThat(blob).exists();
        assertThat(operator("accounts", "list").out()).doesNotContain("suspended");
    }

    @Test
    void anIssuedInvitationIsListedByIdAndARevokedOneShowsSo() throws Exception {
        String token = run("invite", "dora!", "--config", config.toString()).out().trim();
        String id = Invitations.idOf(token);

        Result listed = operator("invites", "list");
        assertThat(listed.out()).contains(id, "open", Address.parse("dora!").hash().hex()).doesNotContain(token);

        assertThat(operator("invites", "revoke", id).exit()).isZero();
        JsonNode json = new ObjectMapper().readTree(operator("invites", "list", "--json").out());
        assertThat(json.get(0).get("id").asText()).isEqualTo(id);
        assertThat(json.get(0).get("state").asText()).isEqualTo("revoked");

        Result unknown = operator("invites", "revoke", "0000000000000000");
        assertThat(unknown.exit()).isEqualTo(OperatorCommand.NOT_FOUND);
        assertThat(unknown.err()).contains("no invitation with id 0000000000000000");
    }

    @Test
    void theQueueIsListedAnItemMadeDueAndUnknownIdsRefused() throws Exception {
        seedAliceAndBob();
        QueuedDelivery item;
        try (SqlDatabase db = SqlDatabase.sqlite(dir)) {
            item = db.queue().enqueue(delivery(ALICE, uuid(7), hash("far!"), T0.plusSeconds(86_400 * 365)));
        }

        Result listed = operator("queue", "list");
        assertThat(listed.out().split("\n")[0]).startsWith("ID").contains("SENDER", "RECIPIENT", "NEXT TRY");
        assertThat(listed.out().split("\n")[1]).startsWith(item.id() + " ").contains(ALICE.hex().substring(0, 12));
        assertThat(operator("queue", "retry", Long.toString(item.id())).exit()).isZero();
        try (SqlDatabase db = SqlDatabase.sqlite(dir)) {
            assertThat(db.queue().find(item.id()).orElseThrow().notBefore()).isBefore(T0.plusSeconds(86_400 * 365));
        }

        for (String command : new String[] {"retry", "drop"}) {
            Result r = operator("queue", command, Long.toString(item.id() + 100));
            assertThat(r.exit()).as(command).isEqualTo(OperatorCommand.NOT_FOUND);
            assertThat(r.err()).contains("no queued item " + (item.id() + 100));
        }
    }

    @Test
    void aDropWhoseNoticeCannotBeWrittenLeavesTheCopyQueued() throws Exception {
        seedAliceAndBob();
        try (SqlDatabase db = SqlDatabase.sqlite(dir)) {
            db.queue().enqueue(delivery(ALICE, uuid(7), hash("far!"), T0));
        }
        long id = new ObjectMapper().readTree(operator("queue", "list", "--json").out()).get(0).get("id").asLong();

        // Alice has no resolver record here, so her delivery-status message cannot be sealed to her.
        Result r = operator("queue", "drop", Long.toString(id));

        assertThat(r.exit()).isNotZero();
        JsonNode after = new ObjectMapper().readTree(operator("queue", "list", "--json").out());
        assertThat(after).hasSize(1);
        assertThat(after.get(0).get("messageId").asText()).isEqualTo(uuid(7).toString());
    }
}
