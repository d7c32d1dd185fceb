package org.mailv2.client.cli;

import org.mailv2.client.core.text.UntrustedText;
import java.util.concurrent.Callable;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.lists.ListDescriptor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mailv2 lists browse|subscribe|unsubscribe|subscriptions}: lists from the subscriber's side. */
@Command(name = "lists", mixinStandardHelpOptions = true, description = "Find, join and leave mailing lists.",
        subcommands = {ListsCommand.Browse.class, ListsCommand.Subscribe.class, ListsCommand.Unsubscribe.class,
            ListsCommand.Subscriptions.class})
final class ListsCommand {
    @ParentCommand
    MailCli root;

    /** {@code mailv2 lists browse SERVER-URL}: a server's public lists, each checked against its list's keys. */
    @Command(name = "browse", mixinStandardHelpOptions = true, description = "Shows a server's public lists.")
    static final class Browse implements Callable<Integer> {
        @ParentCommand
        ListsCommand lists;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "An organisation's name, or a server's https URL.")
        String server;

        @picocli.CommandLine.Option(names = "--json", description = "Print as JSON (fields: organisation, lists"
                + " [address, title, description, inviteOnly, verified]).")
        boolean json;

        @Override
        public Integer call() throws Exception {
            CliContext ctx = lists.root.context();
            var resolver = org.mailv2.client.core.account.Connection.open(ctx.keyring().currentAccount(), ctx.clock)
                    .resolver();
            var listing = new org.mailv2.client.core.lists.ListDirectory(resolver).browse(server);
            var out = spec.commandLine().getOut();
            if (json) {
                java.util.Map<String, Object> row = new java.util.LinkedHashMap<>();
                row.put("organisation", listing.organisation());
                row.put("lists", listing.lists().stream().map(entry -> {
                    java.util.Map<String, Object> l = new java.util.LinkedHashMap<>();
                    l.put("address", entry.descriptor().address());
                    l.put("title", entry.descriptor().title());
                    l.put("description", entry.descriptor().description());
                    l.put("inviteOnly", entry.descriptor().inviteOnly());
                    l.put("verified", entry.verified());
                    return l;
                }).toList());
                out.println(UntrustedText.json(row));
                return 0;
            }
            if (listing.organisation() != null) {
                out.println(UntrustedText.line(listing.organisation()) + ":");
            }
            for (var entry : listing.lists()) {
                ListDescriptor d = entry.descriptor();
                out.printf("%-28s %s%s  %s%n", d.address(), UntrustedText.line(d.title()),
                        d.inviteOnly() ? " (invite only)" : "",
                        entry.verified() ? "[verified]" : "[NOT VERIFIED]");
            }
            return 0;
        }
    }

    /** {@code mailv2 lists subscribe LIST}. */
    @Command(name = "subscribe", mixinStandardHelpOptions = true,
            description = "Issues the list a permit at your server and asks it to add you.")
    static final class Subscribe implements Callable<Integer> {
        @ParentCommand
        ListsCommand lists;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0")
        String list;

        @picocli.CommandLine.Option(names = "--invite", description = "Invitation token (invite-only lists).")
        String invitation;

        @Override
        public Integer call() throws Exception {
            CliContext ctx = lists.root.context();
            ctx.update(keyring -> ListCommand.service(ctx).subscribe(keyring, Address.parse(list), invitation));
            spec.commandLine().getOut().println("asked " + list + " to add you; it may now write to you"
                    + " without proof of work");
            return 0;
        }
    }

    /** {@code mailv2 lists unsubscribe LIST}: revokes the permit (enforced by your own server) and tells the list. */
    @Command(name = "unsubscribe", mixinStandardHelpOptions = true, description = "Leaves a list.")
    static final class Unsubscribe implements Callable<Integer> {
        @ParentCommand
        ListsCommand lists;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0")
        String list;

        @Override
        public Integer call() throws Exception {
            CliContext ctx = lists.root.context();
            ctx.update(keyring -> ListCommand.service(ctx).unsubscribe(keyring, Address.parse(list)));
            spec.commandLine().getOut().println("left " + list + ": your server refuses its mail from now on");
            return 0;
        }
    }

    /** {@code mailv2 lists subscriptions}. */
    @Command(name = "subscriptions", mixinStandardHelpOptions = true, description = "The lists you subscribed to.")
    static final class Subscriptions implements Callable<Integer> {
        @ParentCommand
        ListsCommand lists;

        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Option(names = "--json", description = "Print as JSON (fields: list, since, permit).")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Keyring keyring = lists.root.context().keyring();
            if (json) {
                spec.commandLine().getOut().println(UntrustedText.json(keyring.subscriptions().stream()
                        .filter(s -> s.account().equals(keyring.current()))
                        .map(s -> java.util.Map.of("list", s.list(), "since", s.since().toString(),
                                "permit", s.permit().text())).toList()));
                return 0;
            }
            keyring.subscriptions().stream().filter(s -> s.account().equals(keyring.current()))
                    .forEach(s -> spec.commandLine().getOut().println(s.list() + "  since " + s.since()));
            return 0;
        }
    }
}
