package org.mailv2.client.cli;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.permits.ContactPermits;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.api.PermitView;
import org.mailv2.protocol.json.Json;
import org.mailv2.protocol.permit.PermitId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code mailv2 permits list|revoke ID|grant ADDRESS}: the permits you issued at your own server — to lists you subscribed to, and
 * to contacts you wrote to (given automatically, so they can answer without proof of work).
 */
@Command(name = "permits", mixinStandardHelpOptions = true, description = "Permits you issued.",
        subcommands = {PermitsCommand.List.class, PermitsCommand.Revoke.class, PermitsCommand.Grant.class})
final class PermitsCommand {
    @ParentCommand
    MailCli root;

    /** {@code mailv2 permits list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the permits you issued.")
    static final class List implements Callable<Integer> {
        @ParentCommand
        PermitsCommand permits;

        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print as JSON (fields: id, senderHash, holder, purpose, createdAt,"
                + " revokedAt).")
        boolean json;

        @Override
        public Integer call() throws Exception {
            CliContext ctx = permits.root.context();
            Keyring keyring = ctx.keyring();
            Address me = keyring.currentAccount().parsedAddress();
            var views = Connection.open(keyring.currentAccount(), ctx.clock).server().permits();
            var out = spec.commandLine().getOut();
            if (json) {
                out.println(new String(Json.write(views.stream().map(v -> row(v, keyring, me)).toList()),
                        StandardCharsets.UTF_8));
                return 0;
            }
            for (PermitView v : views) {
                String holder = ContactPermits.holder(keyring, me, v.permit().permitId())
                        .orElse(v.permit().senderHash().hex().substring(0, 16) + "…");
                out.printf("%s  %-7s %-24s %s%n", v.permit().permitId().text(),
                        v.permit().purpose().name().toLowerCase(java.util.Locale.ROOT), holder,
                        v.revokedAt() == null ? "active" : "revoked " + v.revokedAt());
            }
            return 0;
        }
    }

    /** {@code mailv2 permits revoke ID}: effective for the very next delivery. */
    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revokes a permit.")
    static final class Revoke implements Callable<Integer> {
        @ParentCommand
        PermitsCommand permits;

        @Parameters(index = "0")
        String id;

        @Override
        public Integer call() throws Exception {
            CliContext ctx = permits.root.context();
            PermitId permit = new PermitId(id);
            ctx.update(keyring -> ContactPermits.revoke(Connection.open(keyring.currentAccount(), ctx.clock), keyring,
                    permit, ctx.clock.instant()));
            return 0;
        }
    }

    /** {@code mailv2 permits grant ADDRESS}: a new contact permit, after the last one was revoked. */
    @Command(name = "grant", mixinStandardHelpOptions = true, description = "Gives a contact a new contact permit (after"
            + " you revoked theirs), in a short note: their messages need no proof of work again.")
    static final class Grant implements Callable<Integer> {
        @ParentCommand
        PermitsCommand permits;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "The contact's address.")
        String address;

        @Override
        public Integer call() throws Exception {
            try (org.mailv2.client.core.session.ClientSession session = permits.root.context().session()) {
                org.mailv2.client.core.send.Delivery note = session.screener().grantPermit(Address.parse(address));
                spec.commandLine().getOut().println("contact permit: " + SendCommand.line(note));
                return note.outcome() == org.mailv2.client.core.send.Delivery.Outcome.REFUSED ? ExitCodes.REFUSED : 0;
            }
        }
    }

    static Map<String, Object> row(PermitView v, Keyring keyring, Address me) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", v.permit().permitId().text());
        row.put("senderHash", v.permit().senderHash().hex());
        ContactPermits.holder(keyring, me, v.permit().permitId()).ifPresent(h -> row.put("holder", h));
        row.put("purpose", v.permit().purpose().name().toLowerCase(java.util.Locale.ROOT));
        row.put("createdAt", v.permit().createdAt().toString());
        if (v.revokedAt() != null) {
            row.put("revokedAt", v.revokedAt().toString());
        }
        return row;
    }
}
