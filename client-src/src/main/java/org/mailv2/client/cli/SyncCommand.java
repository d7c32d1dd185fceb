package org.mailv2.client.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.keyring.OwnAccount;
import org.mailv2.client.core.send.Outbox;
import org.mailv2.protocol.api.ApiException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mailv2 sync}: hands the server what waited in the local outbox while it could not be reached. */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = "Sends what waits in the local outbox (messages written while the server was unreachable).")
final class SyncCommand implements Callable<Integer> {
    @ParentCommand
    MailCli root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CliContext ctx = root.context();
        OwnAccount me = ctx.keyring().currentAccount();
        Outbox outbox = new Outbox(ctx.paths.outbox());
        int waiting = outbox.pending(me.address()).size();
        List<ApiException> refused = new ArrayList<>();
        int sent = outbox.flush(Connection.open(me, ctx.clock), me.address(), refused);
        var out = spec.commandLine().getOut();
        out.println("outbox: " + sent + " of " + waiting + " sent" + (refused.isEmpty() ? ""
                : ", " + refused.size() + " refused"));
        for (ApiException e : refused) {
            out.println("  refused: " + e.getMessage() + " (" + e.code().wire() + ")");
        }
        return refused.isEmpty() ? 0 : ExitCodes.REFUSED;
    }
}
