package org.mailv2.client.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.cache.SummaryCache;
import org.mailv2.protocol.api.MessageView;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mailv2 flag|move|delete}: act on one message at the own server. */
final class MessageCommands {
    private MessageCommands() {
    }

    /** One change to one message at the server, mirrored in the local cache. */
    @FunctionalInterface
    interface MailboxAction {
        void run(Connection connection, SummaryCache cache, org.mailv2.protocol.digest.Sha256 account)
                throws Exception;
    }

    static int act(MailCli root, MailboxAction action) throws Exception {
        CliContext ctx = root.context();
        CliContext.Opened opened = ctx.open();
        Connection connection = Connection.open(opened.keyring().currentAccount(), ctx.clock);
        try (SummaryCache cache = ctx.cache(opened)) {
            action.run(connection, cache, connection.account().parsedAddress().hash());
        }
        return 0;
    }

    /** {@code mailv2 flag ID --seen|--unseen|--flagged|--unflagged|--answered}. */
    @Command(name = "flag", mixinStandardHelpOptions = true, description = "Sets or clears a message's flags.")
    static final class Flag implements Callable<Integer> {
        @ParentCommand
        MailCli root;

        @Parameters(index = "0", description = "The message id.")
        String id;

        @ArgGroup(exclusive = false, multiplicity = "1")
        Changes changes;

        static final class Changes {
            @Option(names = "--seen")
            boolean seen;
            @Option(names = "--unseen")
            boolean unseen;
            @Option(names = "--flagged")
            boolean flagged;
            @Option(names = "--unflagged")
            boolean unflagged;
            @Option(names = "--answered")
            boolean answered;
        }

        @Override
        public Integer call() throws Exception {
            return act(root, (connection, cache, account) -> {
                UUID message = UUID.fromString(id);
                MessageView view = connection.server().message(message);
                List<String> flags = new ArrayList<>(view.flags());
                apply(flags, "seen", changes.seen, changes.unseen);
                apply(flags, "flagged", changes.flagged, changes.unflagged);
                apply(flags, "answered", changes.answered, false);
                connection.server().setFlags(message, flags);
                cache.relabel(account, id, view.box(), Set.copyOf(flags));
            });
        }

        private static void apply(List<String> flags, String flag, boolean set, boolean clear) {
            if (set && !flags.contains(flag)) {
                flags.add(flag);
            }
            if (clear) {
                flags.remove(flag);
            }
        }
    }

    /** {@code mailv2 move ID BOX}. */
    @Command(name = "move", mixinStandardHelpOptions = true, description = "Moves a message to another box.")
    static final class Move implements Callable<Integer> {
        @ParentCommand
        MailCli root;

        @Parameters(index = "0", description = "The message id.")
        String id;

        @Parameters(index = "1", description = "The box, e.g. archive.")
        String box;

        @Override
        public Integer call() throws Exception {
            return act(root, (connection, cache, account) -> {
                MessageView view = connection.server().message(UUID.fromString(id));
                connection.server().move(UUID.fromString(id), box);
                cache.relabel(account, id, box, view.flags());
            });
        }
    }

    /** {@code mailv2 delete ID}. */
    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes a message at the server.")
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        MailCli root;

        @Parameters(index = "0", description = "The message id.")
        String id;

        @Override
        public Integer call() throws Exception {
            return act(root, (connection, cache, account) -> {
                connection.server().delete(UUID.fromString(id));
                cache.remove(account, id);
            });
        }
    }
}
