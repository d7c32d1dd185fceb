package org.mailv2.client.tui;

import java.io.File;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.mailv2.client.core.cache.SummaryCache;
import org.mailv2.client.core.open.AttachmentOpener;
import org.mailv2.client.core.text.UntrustedText;

/**
 * Opens an attachment of the selected or open message with its viewer, in the background. A viewer that needs the
 * terminal gets it: the screen is put aside while it runs, as for {@code $EDITOR}. Any other viewer must not draw on
 * the terminal the UI owns, so its output is discarded.
 */
final class AttachmentViewer {
    private final MailTui app;
    private final MailSession session;
    private final Map<String, String> environment;

    AttachmentViewer(MailTui app, MailSession session, Map<String, String> environment) {
        this.app = app;
        this.session = session;
        this.environment = environment;
    }

    void open(SummaryCache.Entry e) {
        if (e == null || e.summary() == null || e.summary().attachments().isEmpty()) {
            app.say("this message has no attachments");
            return;
        }
        int count = e.summary().attachments().size();
        app.prompt(count == 1 ? "Open the attachment " + UntrustedText.line(e.summary().attachments().get(0))
                + "? (Enter, or Esc) " : "Open attachment (1-" + count + "): ", count == 1 ? "1" : "", false, answer -> {
                    int n;
                    try {
                        n = Integer.parseInt(answer.trim());
                    } catch (NumberFormatException notANumber) {
                        app.error("not an attachment number: " + answer);
                        return;
                    }
                    if (n < 1 || n > count) {
                        app.error("there is no attachment " + n + " (1-" + count + ")");
                        return;
                    }
                    app.jobs().start("opening attachment " + n, job -> session.core().openAttachment(e.messageId(), n,
                            AttachmentOpener.of(environment), this::run), opened -> app.say((opened.cleanedHtml()
                            ? "opened a copy cleaned of every remote reference: " : "opened ")
                            + UntrustedText.line(opened.name()) + " (viewer exit " + opened.exit()
                            + "); the decrypted file is removed"));
                });
    }

    private int run(ProcessBuilder viewer, boolean needsTerminal) throws IOException, InterruptedException {
        if (!needsTerminal) {
            if (viewer.redirectInput() == ProcessBuilder.Redirect.PIPE) {
                viewer.redirectInput(new File("/dev/null"));
            }
            return viewer.redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        }
        CompletableFuture<Integer> done = new CompletableFuture<>();
        app.invokeLater(() -> {
            try {
                app.screen().stopScreen();
                try {
                    done.complete(AttachmentOpener.inherit(viewer, true));
                } finally {
                    app.screen().startScreen();
                    app.screen().clear();
                }
            } catch (IOException | InterruptedException | RuntimeException failed) {
                done.completeExceptionally(failed);
            }
        });
        try {
            return done.get();
        } catch (ExecutionException failed) {
            throw new IOException("the viewer: " + failed.getCause().getMessage(), failed.getCause());
        }
    }
}
