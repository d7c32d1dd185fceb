package org.mailv2.client.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.mailv2.client.core.agent.AgentClient;
import org.mailv2.client.core.agent.AgentLauncher;
import org.mailv2.client.core.vault.VaultKey;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mailv2 unlock|lock}: the vault agent of this profile, which holds the unlocked vault for a login session. */
final class AgentCommands {
    private AgentCommands() {
    }

    /** {@code mailv2 unlock [--idle MINUTES]}: starts the agent (or reuses one) with the vault key. */
    @Command(name = "unlock", mixinStandardHelpOptions = true, description = "Keeps the vault unlocked for this login"
            + " session: an agent holds its key, so commands and the terminal UI open it without the passphrase.")
    static final class Unlock implements Callable<Integer> {
        @ParentCommand
        MailCli root;

        @Spec
        CommandSpec spec;

        @Option(names = "--idle", defaultValue = "15", description = "Forget the key after this many minutes without"
                + " use (default ${DEFAULT-VALUE}).")
        long idleMinutes;

        @Override
        public Integer call() throws Exception {
            CliContext ctx = root.context();
            var out = spec.commandLine().getOut();
            if (!ctx.keyrings.exists()) {
                throw new ProtocolException(ErrorCode.UNKNOWN_RECIPIENT, "no vault yet: create an account first");
            }
            AgentClient agent = new AgentClient(ctx.agentSocket());
            var held = agent.key();
            if (held.isPresent()) {
                try {
                    ctx.keyrings.unlock(held.get());
                    out.println("the agent already holds this vault's key");
                    return 0;
                } catch (ProtocolException stale) {
                    agent.lock(); // its key no longer opens the vault (a new passphrase): it makes way
                }
            }
            ctx.open();
            try (VaultKey key = ctx.keyrings.keyCopy().orElseThrow()) {
                AgentLauncher.start(ctx.agentSocket(), key, Duration.ofMinutes(idleMinutes));
            }
            out.println("unlocked: the agent holds the vault key until `mailv2 lock` or " + idleMinutes
                    + " minutes without use");
            return 0;
        }
    }

    /** {@code mailv2 lock}: the agent forgets the key and stops. */
    @Command(name = "lock", mixinStandardHelpOptions = true, description = "Makes the agent forget the vault key.")
    static final class Lock implements Callable<Integer> {
        @ParentCommand
        MailCli root;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            boolean was = new AgentClient(root.context().agentSocket()).lock();
            spec.commandLine().getOut().println(was ? "locked: the agent forgot the vault key" : "no agent was running");
            return 0;
        }
    }
}
