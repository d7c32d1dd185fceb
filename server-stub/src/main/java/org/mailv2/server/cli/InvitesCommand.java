package org.mailv2.server.cli;

import java.time.Instant;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.server.app.ServerStorage;
import org.mailv2.server.service.InvitationAdmin;
import org.mailv2.server.store.IssuedInvitation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code mailv2-server invites ...}: the invitations {@code mailv2-server invite} issued. */
@Command(name = "invites", mixinStandardHelpOptions = true,
        description = "Lists issued invitations and revokes one before it is used.",
        subcommands = {InvitesCommand.List.class, InvitesCommand.Revoke.class})
final class InvitesCommand {
    private InvitesCommand() {
    }

    /** One invitation as printed: its id and dates, never the token. */
    record View(String id, Sha256 addressHash, String state, Instant issuedAt,
                Instant expiresAt, Instant revokedAt, Instant redeemedAt) {
        static View of(IssuedInvitation i, Instant now) {
            return new View(i.id(), i.addressHash(), i.state(now), i.issuedAt(), i.expiresAt(), i.revokedAt(),
                    i.redeemedAt());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists invitations, oldest first.")
    static final class List extends OperatorCommand {
        @Override
        int run(ServerStorage storage) {
            Instant now = clock.instant();
            java.util.List<View> views = new InvitationAdmin(storage.db(), clock).list().stream()
                    .map(i -> View.of(i, now)).toList();
            Table table = new Table("ID", "STATE", "ADDRESS HASH", "ISSUED", "EXPIRES");
            for (View v : views) {
                table.row(v.id(), v.state(), v.addressHash().hex(), time(v.issuedAt()), time(v.expiresAt()));
            }
            print(views, table);
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revokes an invitation: registering with it is refused from now on.")
    static final class Revoke extends OperatorCommand {
        @Parameters(index = "0", paramLabel = "TOKEN-ID", description = "The id 'invites list' shows.")
        String id;

        @Override
        int run(ServerStorage storage) {
            return switch (new InvitationAdmin(storage.db(), clock).revoke(id)) {
                case UNKNOWN -> refuse(NOT_FOUND, "no invitation with id " + id);
                case ALREADY_REVOKED -> {
                    out().println("invitation " + id + " was revoked already");
                    yield 0;
                }
                case REVOKED -> {
                    out().println("revoked invitation " + id);
                    yield 0;
                }
            };
        }
    }
}
