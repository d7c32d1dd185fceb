package org.mailv2.client.cli;

import java.util.concurrent.Callable;
import org.mailv2.client.tui.TuiLauncher;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code mailv2 tui}: the terminal UI for the current account, on whatever server it lives. */
@Command(name = "tui", mixinStandardHelpOptions = true,
        description = "Opens the full-screen terminal UI (inbox, reader, compose, lists, keyring).")
final class TuiCommand implements Callable<Integer> {
    @ParentCommand
    MailCli root;

    @Override
    public Integer call() throws Exception {
        CliContext ctx = root.context();
        CliContext.Opened opened = ctx.open();
        open(ctx, opened, System.currentTimeMillis());
        return 0;
    }

    /** Runs the UI until the user quits; the session owns (and wipes) the passphrase. */
    static void open(CliContext ctx, CliContext.Opened opened, long unlockedAtMillis) throws Exception {
        if (opened.keyring().accounts().isEmpty()) {
            throw new org.mailv2.protocol.error.ProtocolException(org.mailv2.protocol.error.ErrorCode.UNKNOWN_RECIPIENT,
                    "no account yet: run `mailv2 account create` (or `mailv2` for local mode) first");
        }
        TuiLauncher.open(ctx.paths, ctx.keyrings, opened.keyring(), opened.passphrase(), ctx.env(), ctx.clock,
                ctx.random, ctx.solver, unlockedAtMillis);
    }
}
