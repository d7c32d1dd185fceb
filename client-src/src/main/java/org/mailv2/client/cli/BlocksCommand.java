package org.mailv2.client.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mailv2.client.core.session.ClientSession;
import org.mailv2.client.core.session.ScreenerActions;
import org.mailv2.client.core.text.UntrustedText;
import org.mailv2.protocol.address.Address;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mailv2 blocks list|remove ADDRESS}: the senders your server turns away with {@code blocked}. */
@Command(name = "blocks", mixinStandardHelpOptions = true, description = "Senders you blocked.",
        subcommands = {BlocksCommand.List.class, BlocksCommand.Remove.class})
final class BlocksCommand {
    @ParentCommand
    MailCli root;

    /** {@code mailv2 blocks list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the senders you blocked.")
    static final class List implements Callable<Integer> {
        @ParentCommand
        BlocksCommand blocks;

        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print as JSON (fields: senderHash, address when known, since).")
        boolean json;

        @Override
        public Integer call() throws Exception {
            java.util.List<ScreenerActions.Blocked> blocked;
            try (ClientSession session = blocks.root.context().session()) {
                blocked = session.screener().blocked();
            }
            var out = spec.commandLine().getOut();
            if (json) {
                out.println(UntrustedText.json(blocked.stream().map(List::row).toList()));
                return 0;
            }
            if (blocked.isEmpty()) {
                out.println("(no one is blocked)");
            }
            for (ScreenerActions.Blocked b : blocked) {
                out.printf("%-28s since %s%n", b.address().orElse(b.senderHash().hex().substring(0, 16) + "…"),
                        b.since());
            }
            return 0;
        }

        private static Map<String, Object> row(ScreenerActions.Blocked b) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("senderHash", b.senderHash().hex());
            b.address().ifPresent(a -> row.put("address", a));
            row.put("since", b.since().toString());
            return row;
        }
    }

    /** {@code mailv2 blocks remove ADDRESS}: their next mail waits in the screener again. */
    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Lifts a block.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        BlocksCommand blocks;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0")
        String address;

        @Override
        public Integer call() throws Exception {
            Address sender = Address.parse(address);
            try (ClientSession session = blocks.root.context().session()) {
                session.screener().unblock(sender);
            }
            spec.commandLine().getOut().println("unblocked " + sender.display()
                    + ": their next mail waits in the screener");
            return 0;
        }
    }
}
