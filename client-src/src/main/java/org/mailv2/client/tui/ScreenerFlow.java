package org.mailv2.client.tui;

import org.mailv2.client.core.cache.SummaryCache;
import org.mailv2.client.core.send.Delivery;
import org.mailv2.client.core.session.ScreenerActions;
import org.mailv2.client.core.text.Plural;
import org.mailv2.protocol.address.Address;

/**
 * The screener's keys in the message list and the reader: accept or decline the sender of the selected message, or
 * report it. Declining and reporting block a sender, so they ask first.
 */
final class ScreenerFlow {
    private final MailTui app;
    private final MailSession session;

    ScreenerFlow(MailTui app, MailSession session) {
        this.app = app;
        this.session = session;
    }

    void accept() {
        SummaryCache.Entry e = waiting();
        if (e == null) {
            return;
        }
        if (!e.verified()) {
            app.say("this message did not verify, so its sender is unknown: decline ("
                    + app.keys().key(KeyMap.Action.DECLINE_SENDER) + ") or report it");
            return;
        }
        Address sender = e.summary().sender();
        app.jobs().start("accepting " + sender.display(), job -> session.core().screener().accept(sender), d -> {
            Delivery note = d.permitMessage();
            app.say("accepted " + sender.display() + ": " + Plural.of(d.messages(), "message") + " moved to the inbox"
                    + (note == null ? "" : note.outcome() == Delivery.Outcome.REFUSED
                    ? "; the note with their contact permit was refused (" + note.refusal() + ")"
                    : "; a contact permit went to them, so their next messages come straight in"));
            changed();
        });
    }

    void decline() {
        SummaryCache.Entry e = waiting();
        if (e == null) {
            return;
        }
        if (!e.verified()) {
            confirmReport(e, "Decline this unverified message's sender? It moves to the trash, the sender is"
                    + " blocked. (y/N) ");
            return;
        }
        Address sender = e.summary().sender();
        app.prompt("Decline " + sender.display() + "? Their waiting mail is deleted and your server blocks them."
                + " (y/N) ", "", false, answer -> {
                    if (!answer.trim().equalsIgnoreCase("y")) {
                        return;
                    }
                    app.jobs().start("declining " + sender.display(), job -> session.core().screener()
                            .decline(sender), d -> {
                                app.say("declined " + sender.display() + ": blocked, " + Plural.of(d.messages(),
                                        "waiting message") + " deleted (undo with :blocks remove)");
                                changed();
                            });
                });
    }

    void report() {
        SummaryCache.Entry e = app.current();
        if (e == null) {
            app.say("select a message first");
            return;
        }
        String who = e.verified() ? e.summary().sender().display() : "its sender";
        confirmReport(e, "Report this message? It moves to the trash and " + who + " is blocked. (y/N) ");
    }

    private void confirmReport(SummaryCache.Entry e, String question) {
        app.prompt(question, "", false, answer -> {
            if (!answer.trim().equalsIgnoreCase("y")) {
                return;
            }
            app.jobs().start("reporting", job -> session.core().screener().report(e.messageId()), r -> {
                app.say("reported: the message is in the trash; " + r.sender().map(Address::display)
                        .orElse("its sender") + " is blocked" + (r.alsoDeleted() > 0 ? ", "
                        + Plural.of(r.alsoDeleted(), "more waiting message") + " deleted" : ""));
                changed();
            });
        });
    }

    void unblock(Address sender) {
        app.jobs().start("unblocking " + sender.display(), job -> {
            session.core().screener().unblock(sender);
            return sender;
        }, s -> app.say("unblocked " + s.display() + ": their next mail waits in the screener again"));
    }

    /** The selected message when it waits in the screener; else says what the keys are for. */
    private SummaryCache.Entry waiting() {
        SummaryCache.Entry e = app.current();
        if (e == null || !e.box().equals(ScreenerActions.BOX)) {
            app.say("accept and decline are for first contacts: open the screener in the sidebar");
            return null;
        }
        return e;
    }

    private void changed() {
        app.show(app.messageList());
        app.messageList().clearMarks();
        app.messageList().model.refresh();
        app.refreshSidebar();
    }
}
