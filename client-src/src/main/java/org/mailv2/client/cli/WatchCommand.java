package org.mailv2.client.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.mailv2.client.core.cache.SummaryCache;
import org.mailv2.client.core.session.ClientSession;
import org.mailv2.protocol.api.NewMailEvent;
import org.mailv2.protocol.api.NewMailListener;
import org.mailv2.client.core.text.UntrustedText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
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

    @Option(names = "--json", description = "One JSON object per new message and line (the fields of"
            + " `inbox --json`), for scripts; no other output.")
    boolean json;

    /** Released to stop watching (tests); Ctrl-C ends the process. */
    CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        CliContext ctx = root.context();
        var out = spec.commandLine().getOut();
        try (ClientSession session = ctx.session()) {
            session.sync("inbox");
            long after = session.cache().cursor(session.account(), "inbox");
            Exception[] ended = new Exception[1];
            Exception failure;
            try (AutoCloseable stream = session.connection().server().events(after, new NewMailListener() {
                @Override
                public void onNewMail(NewMailEvent event) {
                    try {
                        session.sync("inbox");
                        SummaryCache.Entry e = session.cache().get(session.account(), event.messageId());
                        if (e != null) {
                            out.println(json ? UntrustedText.json(InboxCommand.row(e))
                                    : "new: " + InboxCommand.line(e, false));
                        }
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
                if (!json) {
                    out.println("watching " + session.me().address() + "'s inbox; Ctrl-C to stop");
                    out.flush();
                }
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
