package org.mailv2.client.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mailv2.client.core.move.AccountMove;
import org.mailv2.client.core.session.ClientSession;
import org.mailv2.client.core.text.UntrustedText;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.pow.SolveProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mailv2 account move --to URL [--pin SHA256 | --yes] [--invite TOKEN] [--json]}. */
@Command(name = "move", mixinStandardHelpOptions = true,
        description = {"Moves the current account to another server, keeping its address and keys: registers there,"
                + " copies every message (sealed, checked by hash), the permits you issued and your screener rules,"
                + " publishes the new routing, and has the old server forward what still arrives there.",
            "Correspondents change nothing. A move that was cut off goes on where it stopped when run again."})
final class AccountMoveCommand implements Callable<Integer> {
    @ParentCommand
    AccountCommand account;

    @Spec
    CommandSpec spec;

    @Option(names = "--to", required = true, paramLabel = "URL", description = "The new server's https URL.")
    String to;

    @Option(names = "--invite", paramLabel = "TOKEN", description = "Invitation token (invite-only servers).")
    String invitation;

    @Option(names = "--json", description = "Print the outcome as JSON (fields: address, server, copied, present,"
            + " unverified, permits, senderRules).")
    boolean json;

    @picocli.CommandLine.Mixin
    ServerTrust trust;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        Sha256 pin = trust.confirm(to, out);
        AccountMove.Result result;
        try (ClientSession session = account.root.context().session();
             TerminalProgress terminal = TerminalProgress.on(spec.commandLine().getErr())) {
            if (!json) {
                out.println("Moving " + session.me().address() + " to " + to + "…");
                out.flush();
            }
            result = new AccountMove(session).move(new AccountMove.Target(to, pin, invitation), progress(terminal));
        }
        int copied = result.firstPass().copied() + result.finalPass().copied();
        int unverified = result.finalPass().unverified();
        if (json) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("address", result.account().address());
            row.put("server", result.account().serverUrl());
            row.put("copied", copied);
            row.put("present", result.firstPass().present());
            row.put("unverified", unverified);
            row.put("permits", result.permits());
            row.put("senderRules", result.senderRules());
            out.println(UntrustedText.json(row));
        } else {
            out.println("Moved " + result.account().address() + " to " + result.account().serverUrl() + ": " + copied
                    + " messages copied, " + result.permits() + " permits, " + result.senderRules()
                    + " screener rules.");
            if (unverified > 0) {
                out.println(unverified + " messages on the old server did not match their signed envelopes and were"
                        + " not copied.");
            }
        }
        return 0;
    }

    private static AccountMove.Progress progress(TerminalProgress terminal) {
        return new AccountMove.Progress() {
            @Override
            public void moved(String what, long done, long total) {
                terminal.transfer(what, done, total);
            }

            @Override
            public void step(String what) {
                terminal.step(what);
            }

            @Override
            public void message(int done, int total) {
                terminal.step("copying mail: " + done + " of " + total + " messages");
            }

            @Override
            public void stamp(SolveProgress p) {
                terminal.stamp(p);
            }
        };
    }
}
