package org.mailv2.server.cli;

import java.time.Duration;
import java.time.Instant;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.server.app.ServerStorage;
import org.mailv2.server.service.QueueAdmin;
import org.mailv2.server.store.QueuedDelivery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code mailv2-server queue ...}: the relay queue of mail waiting for other servers. */
@Command(name = "queue", mixinStandardHelpOptions = true,
        description = "Lists the relay queue, retries an item now, or drops one (its sender is told).",
        subcommands = {QueueCommand.List.class, QueueCommand.Retry.class, QueueCommand.Drop.class})
final class QueueCommand {
    private QueueCommand() {
    }

    /** One queued copy as printed: hashes and dates, nothing of its content. */
    record View(long id, Sha256 sender, Sha256 recipient,
                String messageId, long sizeBytes, int attempts, Instant firstQueuedAt, Instant nextTry, String state,
                String lastError) {
        static View of(QueuedDelivery d) {
            return new View(d.id(), d.sender(), d.recipient(), d.messageId().toString(), d.sizeBytes(), d.attempts(),
                    d.firstQueuedAt(), d.notBefore(), d.gaveUpReason() == null ? "waiting" : "notice pending",
                    d.lastError());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists queued copies by id.")
    static final class List extends OperatorCommand {
        @Override
        int run(ServerStorage storage) {
            Instant now = clock.instant();
            java.util.List<View> views = admin(storage, this).list().stream().map(View::of).toList();
            Table table = new Table("ID", "SENDER", "RECIPIENT", "ATTEMPTS", "AGE", "NEXT TRY", "STATE", "LAST ERROR");
            for (View v : views) {
                table.row(v.id(), v.sender().hex().substring(0, 12), v.recipient().hex().substring(0, 12),
                        v.attempts(), age(Duration.between(v.firstQueuedAt(), now)), time(v.nextTry()), v.state(),
                        v.lastError() == null ? "-" : v.lastError());
            }
            print(views, table);
            return 0;
        }

        private static String age(Duration d) {
            long s = Math.max(0, d.toSeconds());
            return s < 120 ? s + "s" : s < 7200 ? s / 60 + "m" : s < 172800 ? s / 3600 + "h" : s / 86400 + "d";
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Makes an item due now; a relay worker takes it within a second.")
    static final class Retry extends OperatorCommand {
        @Parameters(index = "0", description = "The item's id, as 'queue list' shows it.")
        long id;

        @Override
        int run(ServerStorage storage) {
            if (!admin(storage, this).retry(id)) {
                return refuse(NOT_FOUND, "no queued item " + id);
            }
            out().println("item " + id + " is due now");
            return 0;
        }
    }

    @Command(name = "drop", mixinStandardHelpOptions = true,
            description = "Removes an item and sends its sender a delivery-status message ('dropped').")
    static final class Drop extends OperatorCommand {
        @Parameters(index = "0", description = "The item's id, as 'queue list' shows it.")
        long id;

        @Override
        int run(ServerStorage storage) throws Exception {
            return switch (admin(storage, this).drop(id)) {
                case UNKNOWN -> refuse(NOT_FOUND, "no queued item " + id);
                case IN_FLIGHT -> refuse(BUSY, "item " + id + " is being relayed right now; look again in a moment");
                case DROPPED -> {
                    out().println("dropped item " + id + "; its sender was sent a delivery-status message");
                    yield 0;
                }
            };
        }
    }

    /** The notice path is built only for a drop: listing and retrying need no postmaster or resolver. */
    private static QueueAdmin admin(ServerStorage storage, OperatorCommand command) {
        return new QueueAdmin(storage.db(), storage.blobs(), (item, reason) -> storage.deliveryStatusNotice(
                command.clock).undeliverable(item, reason), command.clock);
    }
}
