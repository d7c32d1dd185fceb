package org.mailv2.client.tui;

import org.mailv2.client.core.text.Plural;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.Interactable;
import com.googlecode.lanterna.gui2.TextBox;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.mailv2.client.core.cache.SummaryCache;
import org.mailv2.client.core.keyring.OwnedList;
import org.mailv2.client.core.send.Delivery;
import org.mailv2.client.core.send.Draft;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.permit.PermitId;

/**
 * Writing mail, from the first key to the delivery report: new messages, replies and forwards, list posts, the
 * drafts saved as one types (and offered again after a crash), {@code $EDITOR}, attachments, the review screen and
 * sending in the background.
 */
final class ComposeFlow {
    private final MailTui app;
    private final MailSession session;
    private final Theme theme;
    private final ZoneId zone;
    /** Draft id → the server id of the message it answers, flagged {@code answered} once the reply is sent. */
    private final Map<String, String> answering = new HashMap<>();
    /** One writer, so saves and the deletion after sending happen in the order they were asked for. */
    private final ExecutorService draftWriter = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mailv2-drafts");
        t.setDaemon(true);
        return t;
    });
    /** Draft id → its newest text not yet written; a queued write takes whatever is newest when it runs. */
    private final Map<String, Drafts.Document> unsaved = new java.util.concurrent.ConcurrentHashMap<>();
    private ComposeView compose;
    private int draftCount;

    ComposeFlow(MailTui app, MailSession session, Theme theme, ZoneId zone) {
        this.app = app;
        this.session = session;
        this.theme = theme;
        this.zone = zone;
    }

    boolean active() {
        return compose != null;
    }

    int draftCount() {
        return draftCount;
    }

    /** The compose form gives way to another screen (its draft is on disk already). */
    void leave() {
        compose = null;
    }

    void close() {
        draftWriter.shutdown();
        try {
            draftWriter.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A key while composing; @return whether it goes on to the focused field */
    boolean key(KeyStroke key, KeyMap.Action action, Interactable focused) {
        if (key.getKeyType() == KeyType.Escape) {
            saveSoon();
            countDraftsLater();
            app.show(app.messageList());
            app.say("draft saved: it is in Drafts (" + app.keys().key(KeyMap.Action.DISCARD) + " in compose discards)");
            return false;
        }
        switch (action == null ? KeyMap.Action.REDRAW : action) {
            case SEND -> {
                review();
                return false;
            }
            case EDITOR -> {
                editInEditor();
                return false;
            }
            case DISCARD -> {
                discard();
                return false;
            }
            case ATTACH -> {
                app.prompt("Attach file: ", "", false, this::attach);
                return false;
            }
            default -> {
            }
        }
        boolean completing = action == KeyMap.Action.COMPLETE || key.getKeyType() == KeyType.Tab;
        if (completing && compose.isAddressField(focused)) {
            List<String> matches = ComposeView.complete((TextBox) focused, knownAddresses());
            if (!matches.isEmpty() || action == KeyMap.Action.COMPLETE) {
                app.say(matches.size() > 1 ? String.join("  ", matches) : matches.isEmpty() ? "no match" : null);
                saveSoon();
                return false;
            }
        }
        // Saved after the field has taken the key.
        app.invokeLater(this::saveSoon);
        return true;
    }

    private void attach(String path) {
        Path file = Commands.path(path.trim());
        if (!Files.isReadable(file) || Files.isDirectory(file)) {
            app.error("cannot read " + file);
            return;
        }
        compose.attach(file);
        saveSoon();
    }

    private List<String> knownAddresses() {
        Set<String> known = new LinkedHashSet<>();
        var keyring = session.keyring();
        keyring.contacts().forEach(c -> known.add(c.address()));
        keyring.accounts().forEach(a -> known.add(a.address()));
        keyring.subscriptions().forEach(s -> known.add(s.list()));
        keyring.ownedLists().forEach(o -> known.add(o.address()));
        return new ArrayList<>(known);
    }

    void reply(boolean all) {
        SummaryCache.Entry original = app.current();
        app.withOpened(m -> {
            Drafts.Document d = Replies.reply(m, session.me().parsedAddress(), all, zone);
            if (original != null) {
                answering.put(d.id(), original.messageId());
            }
            compose(d);
        });
    }

    void forward() {
        SummaryCache.Entry original = app.current();
        if (original == null) {
            app.say("select a message to forward");
            return;
        }
        app.withOpened(m -> compose(Replies.forward(m, original.messageId(), zone)));
    }

    /** The draft with the forwarded message's attachments first, read again and checked as reading checks it. */
    private Draft withForwarded(Draft draft, String messageId) throws IOException {
        List<org.mailv2.protocol.seal.Attachment> all = new ArrayList<>(
                session.core().forwarding(messageId).attachments());
        all.addAll(draft.attachments());
        return new Draft(draft.to(), draft.cc(), draft.bcc(), draft.subject(), draft.text(), all, draft.inReplyTo(),
                draft.references(), draft.html());
    }

    void composeListPost(OwnedList owned) {
        Drafts.Document d = Drafts.Document.blank();
        compose(new Drafts.Document(d.id(), owned.address(), "", "", "", "", List.of(), null, List.of(),
                owned.address()));
    }

    void compose(Drafts.Document draft) {
        app.show(app.messageList());
        compose = new ComposeView(draft);
        app.showForm(compose.component(), new View(theme, new TerminalSize(1, 1)) {
            @Override
            void paint(TextGUIGraphics g) {
            }

            @Override
            String hints(KeyMap k) {
                return k.key(KeyMap.Action.SEND) + ":review and send  " + k.key(KeyMap.Action.EDITOR) + ":$EDITOR  "
                        + k.key(KeyMap.Action.ATTACH) + ":attach  " + k.key(KeyMap.Action.DISCARD) + ":discard"
                        + "  Tab:complete address / next field  Esc:keep as draft";
            }
        });
        compose.focusFirstEmpty();
        saveSoon();
    }

    /**
     * Saves the draft on the writer. Each save forces the file to disk, so saves asked for while one is queued or
     * running are folded into one write of the newest text (per draft), instead of one write per keystroke.
     */
    private void saveSoon() {
        if (compose == null) {
            return;
        }
        Drafts.Document doc = compose.document();
        if (unsaved.put(doc.id(), doc) == null) {
            draftWriter.execute(() -> {
                Drafts.Document newest = unsaved.remove(doc.id());
                if (newest == null) {
                    return;
                }
                try {
                    session.drafts().save(newest);
                } catch (IOException e) {
                    app.invokeLater(() -> app.error("draft not saved: " + e.getMessage()));
                }
            });
        }
    }

    private void discard() {
        String id = compose.id();
        draftWriter.execute(() -> {
            try {
                session.drafts().delete(id);
            } catch (IOException e) {
                app.invokeLater(() -> app.error("draft not deleted: " + e.getMessage()));
            }
        });
        countDraftsLater();
        answering.remove(id);
        app.show(app.messageList());
        app.say("draft discarded");
    }

    private void countDraftsLater() {
        draftWriter.execute(() -> {
            try {
                int n = session.drafts().all().size();
                app.invokeLater(() -> {
                    draftCount = n;
                    app.refreshSidebar();
                });
            } catch (IOException ignored) {
                // the count is cosmetic; the drafts themselves are on disk
            }
        });
    }

    void recoverDrafts() {
        app.jobs().start("drafts", job -> session.drafts().all().size(), n -> {
            draftCount = n;
            app.refreshSidebar();
            if (n > 0) {
                app.say(n + " unsent draft" + (n == 1 ? "" : "s") + " recovered: see Drafts in the sidebar");
            }
        });
    }

    void openDrafts() {
        app.jobs().start("drafts", job -> session.drafts().all(), all -> {
            if (all.isEmpty()) {
                app.say("no drafts");
                return;
            }
            compose(all.get(0));
            app.say(all.size() > 1 ? "the latest draft; " + (all.size() - 1) + " more in Drafts" : "draft reopened");
        });
    }

    /** Hands the text to {@code $VISUAL}/{@code $EDITOR} on the real terminal, and takes back what it saved. */
    private void editInEditor() {
        String editor = System.getenv().getOrDefault("VISUAL", System.getenv().getOrDefault("EDITOR", "vi"));
        try {
            Path file = Files.createTempFile(session.paths().dataDir(), "compose-", ".txt");
            try {
                Files.writeString(file, compose.body.getText());
                app.screen().stopScreen();
                try {
                    new ProcessBuilder("sh", "-c", editor + " \"$1\"", "sh", file.toString()).inheritIO().start()
                            .waitFor();
                } finally {
                    app.screen().startScreen();
                    app.screen().clear();
                }
                compose.body.setText(Files.readString(file));
                saveSoon();
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            app.error("editor: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void review() {
        Draft draft;
        try {
            draft = compose.toDraft();
        } catch (RuntimeException e) {
            app.error(Failures.describe(e));
            return;
        }
        ComposeView editing = compose;
        saveSoon();
        ReviewView review = new ReviewView(app, theme, editing);
        app.show(review);
        Map<Address, PermitId> permits = editing.listPost() != null
                ? session.listPermits(Address.parse(editing.listPost())) : Map.of();
        // A post goes to the list's subscribers (each with the permit it gave), not to the list's own address.
        Draft planned = editing.listPost() == null ? draft : new Draft(List.copyOf(permits.keySet()), null, null,
                draft.subject(), draft.text(), null, null, null);
        if (editing.listPost() != null && permits.isEmpty()) {
            review.failed("the list has no subscribers yet: nobody would receive this post");
            return;
        }
        app.jobs().start("checking recipients", job -> session.plan(planned, permits), review::planned);
    }

    void send(ReviewView review) {
        ComposeView editing = review.draft();
        Draft draft;
        try {
            draft = editing.toDraft();
        } catch (RuntimeException e) {
            app.error(Failures.describe(e));
            return;
        }
        String listPost = editing.listPost();
        String forwards = editing.forwards();
        int copies = listPost != null ? session.listPermits(Address.parse(listPost)).size() : draft.everyone().size();
        String original = answering.remove(editing.id());
        app.show(app.messageList());
        app.say(listPost != null ? "posting to " + Plural.of(copies, "subscriber") + " in the background…"
                : "sending in the background…");
        AtomicInteger sealed = new AtomicInteger();
        app.jobs().start(listPost != null ? "fan-out " + listPost : "sending", job -> {
            Consumer<String> progress = text -> {
                if (text.startsWith("sealing for")) {
                    int n = sealed.incrementAndGet();
                    job.progress(copies == 0 ? -1 : (double) n / copies, n + "/" + copies + " " + text);
                } else {
                    job.progress(job.fraction(), text);
                }
            };
            Draft sent = forwards == null ? draft : withForwarded(draft, forwards);
            var result = listPost != null
                    ? session.post(Address.parse(listPost), draft.subject(), draft.text(), progress)
                    : session.send(sent, Map.of(), null, progress, p -> job.progress(
                            Math.min(0.99, p.triesDone() / Math.max(1, p.expectedTries())), String.format(Locale.ROOT,
                                    "stamp %.1f MH/s, ETA %s", p.triesPerSecond() / 1e6,
                                    ReviewView.seconds(p.expectedTimeLeft().toMillis() / 1000.0))),
                            (what, done, total) -> job.progress(total <= 0 ? -1 : (double) done / total,
                                    org.mailv2.client.core.account.TransferProgress.line(what, done,
                                            total)));
            deleteDraftAfterPendingSaves(editing.id());
            markAnswered(original);
            session.sync("sent");
            return result;
        }, result -> {
            long delivered = result.deliveries().stream().filter(d -> d.outcome() == Delivery.Outcome.DELIVERED)
                    .count();
            long queued = result.deliveries().stream().filter(d -> d.outcome() == Delivery.Outcome.QUEUED).count();
            List<String> refused = result.deliveries().stream().filter(d -> d.outcome() == Delivery.Outcome.REFUSED)
                    .map(d -> d.recipient().display() + " (" + d.refusal() + ")").toList();
            app.say("sent: " + delivered + " delivered" + (queued > 0 ? ", " + queued + " waiting in the outbox" : "")
                    + (refused.isEmpty() ? "" : ", refused: " + String.join(", ", refused)));
            if (!refused.isEmpty()) {
                app.error("refused: " + String.join(", ", refused));
            }
            app.messageList().model.refresh();
            countDraftsLater();
            app.refreshSidebar();
        });
    }

    /** Through the draft writer, after any save still queued: a sent message must not come back as a draft. */
    private void deleteDraftAfterPendingSaves(String id) throws IOException {
        try {
            draftWriter.submit(() -> {
                session.drafts().delete(id);
                return null;
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    private void markAnswered(String original) throws IOException {
        if (original == null) {
            return;
        }
        SummaryCache.Entry e = session.cache().get(session.account(), original);
        if (e != null) {
            Set<String> flags = new LinkedHashSet<>(e.flags());
            flags.add("answered");
            session.setFlags(original, flags);
        }
    }
}
