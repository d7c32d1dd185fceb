package org.mailv2.server.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.mailv2.protocol.address.Address;
import org.mailv2.server.app.ServerStorage;
import org.mailv2.server.service.Invitations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code mailv2-server invite ADDRESS}: prints a one-time invitation for an invite-only server, and records it (by id,
 * not the token) so that {@code invites list} shows it and {@code invites revoke} can withdraw it.
 */
@Command(name = "invite", mixinStandardHelpOptions = true, description = "Prints a signed invitation token.")
final class InviteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "The address to invite, e.g. alice!")
    String address;

    @Option(names = "--config", required = true, description = "The server's config.yml.")
    Path config;

    @Option(names = "--days", description = "Days the invitation stays valid (default: the config's).")
    Integer days;

    @Override
    public Integer call() throws Exception {
        try (ServerStorage storage = ServerStorage.open(config)) {
            var key = storage.identityKey();
            Invitations invitations = new Invitations(key, storage.routingId(), storage.db().invitations(),
                    Clock.systemUTC());
            int validDays = days == null ? storage.config().limits().invitationDays() : days;
            spec.commandLine().getOut().println(invitations.issue(Address.parse(address).hash(),
                    Duration.ofDays(validDays)));
        }
        return 0;
    }
}
