package org.mailv2.client.cli;

import java.util.Set;
import java.util.concurrent.Callable;
import org.mailv2.client.core.session.ClientSession;
import org.mailv2.client.core.session.MailboxActions;
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
        void run(MailboxActions mailbox) throws Exception;
    }

    static int act(MailCli root, MailboxAction action) throws Exception {
        try (ClientSession session = root.context().session()) {
            action.run(session.mailbox());
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
            return act(root, mailbox -> {
                Set<String> add = new java.util.HashSet<>();
                Set<String> remove = new java.util.HashSet<>();
                choose(add, remove, "seen", changes.seen, changes.unseen);
                choose(add, remove, "flagged", changes.flagged, changes.unflagged);
                choose(add, remove, "answered", changes.answered, false);
                mailbox.changeFlags(id, add, remove);
            });
        }
    }

    private static void choose(Set<String> add, Set<String> remove, String flag, boolean set, boolean clear) {
        if (set) {
            add.add(flag);
        }
        if (clear) {
            remove.add(flag);
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
            return act(root, mailbox -> mailbox.move(id, box));
        }
    }

    /** {@code mailv2 delete ID [--purge]}: to the trash; from the trash (or with --purge) for good. */
    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Moves a message to the trash; a message"
            + " already in the trash (or with --purge) is removed for good.")
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        MailCli root;

        @Parameters(index = "0", description = "The message id.")
        String id;

        @Option(names = "--purge", description = "Remove it for good at once, wherever it is.")
        boolean purge;

        @Override
        public Integer call() throws Exception {
            return act(root, mailbox -> {
                if (purge) {
                    mailbox.purge(id);
                } else {
                    mailbox.delete(id);
                }
            });
        }
    }
}
