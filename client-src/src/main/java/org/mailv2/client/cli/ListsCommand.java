package org.mailv2.client.cli;

import java.util.concurrent.Callable;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.api.ApiClient;
import org.mailv2.protocol.api.CertificateProbe;
import org.mailv2.protocol.lists.ListDescriptor;
import org.mailv2.protocol.resolver.AddressRecord;
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

        @Override
        public Integer call() throws Exception {
            CliContext ctx = lists.root.context();
            var resolver = org.mailv2.client.core.account.Connection.open(ctx.keyring().currentAccount(), ctx.clock)
                    .resolver();
            ApiClient directory;
            if (server.startsWith("https://")) {
                directory = ApiClient.connect(server, CertificateProbe.pinOf(server));
            } else {
                // An organisation: its signed record says which server hosts its directory, and that server's
                // signed routing record says where it is and which certificate it has.
                var name = org.mailv2.protocol.address.Organisation.parse(server);
                var organisation = resolver.organisation(name.hash()).orElseThrow(() ->
                        new org.mailv2.protocol.error.ProtocolException(
                                org.mailv2.protocol.error.ErrorCode.UNKNOWN_RECIPIENT, "no organisation " + server));
                organisation.verifySelf();
                var routing = resolver.routing(organisation.routingId()).orElseThrow(() ->
                        new org.mailv2.protocol.error.ProtocolException(
                                org.mailv2.protocol.error.ErrorCode.UNKNOWN_RECIPIENT, "its server is unknown"));
                routing.verifySelf();
                directory = ApiClient.connect(routing.url(), routing.tlsCertSha256());
                spec.commandLine().getOut().println(organisation.displayName() + ":");
            }
            var out = spec.commandLine().getOut();
            String onlyOrganisation = server.startsWith("https://") ? null
                    : org.mailv2.protocol.address.Organisation.parse(server).canonical();
            for (ListDescriptor d : directory.directory()) {
                if (onlyOrganisation != null && !d.parsedAddress().organisation()
                        .map(o -> o.canonical().equals(onlyOrganisation)).orElse(false)) {
                    continue;
                }
                AddressRecord record = resolver.address(d.parsedAddress().hash()).orElse(null);
                boolean verified = false;
                if (record != null) {
                    try {
                        record.verifySelf();
                        d.verify(record.signingKey());
                        org.mailv2.client.core.keyring.Memberships.require(resolver, d.parsedAddress(), record);
                        verified = true;
                    } catch (org.mailv2.protocol.error.ProtocolException forged) {
                        verified = false;
                    }
                }
                out.printf("%-28s %s%s  %s%n", d.address(), d.title(), d.inviteOnly() ? " (invite only)" : "",
                        verified ? "[verified]" : "[NOT VERIFIED]");
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

        @Override
        public Integer call() throws Exception {
            Keyring keyring = lists.root.context().keyring();
            keyring.subscriptions().stream().filter(s -> s.account().equals(keyring.current()))
                    .forEach(s -> spec.commandLine().getOut().println(s.list() + "  since " + s.since()));
            return 0;
        }
    }
}
