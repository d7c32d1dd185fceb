package org.mailv2.client.cli;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import org.mailv2.client.core.keyring.OwnedOrganisation;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.address.Organisation;
import org.mailv2.protocol.api.ApiClient;
import org.mailv2.protocol.api.OrganisationRecordSubmission;
import org.mailv2.protocol.api.ServerInfo;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.resolver.Membership;
import org.mailv2.protocol.resolver.OrganisationRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mailv2 org create|invite}: organisations, whose key vouches for their members' addresses. */
@Command(name = "org", mixinStandardHelpOptions = true, description = "Organisations and their members.",
        subcommands = {OrgCommand.Create.class, OrgCommand.Invite.class})
final class OrgCommand {
    @ParentCommand
    MailCli root;

    /** {@code mailv2 org create NAME --title T --server URL}: the record (with proof of work); the key goes in the vault. */
    @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates an organisation.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        OrgCommand org;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "The organisation's name, e.g. acme")
        String name;

        @Option(names = "--title", required = true)
        String title;

        @picocli.CommandLine.Mixin
        ServerTrust trust;

        @Option(names = "--server", required = true, description = "The server that hosts its directory.")
        String server;



        @Override
        public Integer call() throws Exception {
            CliContext ctx = org.root.context();
            Sha256 seen = trust.confirm(server, spec.commandLine().getOut());
            Organisation organisation = Organisation.parse(name);
            ApiClient host = ApiClient.connect(server, seen);
            ServerInfo info = host.info();
            ApiClient resolver = info.resolver() ? host : ApiClient.connect(info.resolverUrl(), info.resolverPin());
            SigningPrivateKey key = SigningPrivateKey.generate(ctx.random);
            OrganisationRecord record = OrganisationRecord.create(organisation.hash(), key, title, info.routingId(), 1);
            var stamp = ctx.solver.solve(record.creationStampHeader(resolver.info().powAccountBits(),
                    LocalDate.now(ctx.clock.withZone(ZoneOffset.UTC))), ctx.random.nextLong() >>> 1, null);
            resolver.publish(new OrganisationRecordSubmission(record, stamp));
            ctx.update(keyring -> keyring.withOrganisation(new OwnedOrganisation(organisation.display(), title,
                    key.secretText())));
            spec.commandLine().getOut().println("Created the organisation " + organisation.display() + " (" + title
                    + "); invite members with `mailv2 org invite " + organisation.display() + " ADDRESS`");
            return 0;
        }
    }

    /** {@code mailv2 org invite NAME ADDRESS}: a token that {@code account create x@NAME! --invite} takes. */
    @Command(name = "invite", mixinStandardHelpOptions = true, description = "Invites an address x@NAME!.")
    static final class Invite implements Callable<Integer> {
        @ParentCommand
        OrgCommand org;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0")
        String name;

        @Parameters(index = "1")
        String address;

        @Override
        public Integer call() throws Exception {
            var owned = org.root.context().keyring().organisation(Organisation.parse(name).display()).orElseThrow(() ->
                    new ProtocolException(ErrorCode.UNKNOWN_RECIPIENT, "you do not run the organisation " + name));
            Address member = Address.parse(address);
            if (!member.organisation().map(o -> o.equals(Organisation.parse(name))).orElse(false)) {
                throw new ProtocolException(ErrorCode.INVALID_ADDRESS, "a member's address is x@" + name + "!");
            }
            spec.commandLine().getOut().println(Membership.invite(owned.key(), member));
            return 0;
        }
    }
}
