package org.mailv2.client.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.cache.SummaryCache;
import org.mailv2.client.core.cache.Syncer;
import org.mailv2.protocol.api.NewMailEvent;
import org.mailv2.protocol.api.NewMailListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code mailv2 watch}: follows the server's new-mail stream and prints each new message (verified, from the cache)
 * as it arrives, until Ctrl-C or until the stream ends.
 */
@Command(name = "watch", mixinStandardHelpOptions = true, description = "Prints new mail as it arrives.")
final class WatchCommand implements Callable<Integer> {
    @ParentCommand
    MailCli root;

    @Spec
    CommandSpec spec;

    /** Released to stop watching (tests); Ctrl-C ends the process. */
    CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        CliContext ctx = root.context();
        CliContext.Opened opened = ctx.open();
        var me = opened.keyring().currentAccount();
        var out = spec.commandLine().getOut();
        Connection connection = Connection.open(me, ctx.clock);
        try (SummaryCache cache = ctx.cache(opened)) {
            Syncer.sync(connection, cache, "inbox");
            long after = cache.cursor(me.parsedAddress().hash(), "inbox");
            Exception[] ended = new Exception[1];
            Exception failure;
            try (AutoCloseable stream = connection.server().events(after, new NewMailListener() {
                @Override
                public void onNewMail(NewMailEvent event) {
                    try {
                        Syncer.sync(connection, cache, "inbox");
                        cache.list(me.parsedAddress().hash(), "inbox", 1000).stream()
                                .filter(e -> e.messageId().equals(event.messageId())).findFirst()
                                .ifPresent(e -> out.printf("new: %s  %-24s %s%n", e.messageId(),
                                        e.summary() == null ? "?" : e.summary().from(),
                                        e.summary() == null ? "NOT VERIFIED: " + e.problem()
                                                : e.summary().subject() + "  [verified]"));
                        out.flush();
                    } catch (java.io.IOException | RuntimeException e) {
                        ended[0] = e;
                        stop.countDown();
                    }
                }

                @Override
                public void onClosed(Exception failure) {
                    ended[0] = failure;
                    stop.countDown();
                }
            })) {
                out.println("watching " + me.address() + "'s inbox; Ctrl-C to stop");
                out.flush();
                stop.await();
                // Closing the stream below reports a cancellation; only what ended it before counts.
                failure = ended[0];
            }
            if (failure != null) {
                throw failure;
            }
            return 0;
        }
    }
}
