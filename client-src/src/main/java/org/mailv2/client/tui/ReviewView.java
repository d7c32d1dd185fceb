package org.mailv2.client.tui;

import org.mailv2.client.core.text.Plural;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import java.util.List;
import java.util.Locale;
import org.mailv2.client.core.send.SendPlan;

/**
 * The last look before sending: per recipient, whether the copy travels free (a permit the recipient gave) or with a
 * stamp and about how many seconds of work this machine will spend on it, or cannot go at all and why.
 */
final class ReviewView extends View {
    private final PaneHost app;
    private final ComposeView draft;
    private List<SendPlan.Line> plans;
    private String failure;

    ReviewView(PaneHost app, Theme theme, ComposeView draft) {
        super(theme, new TerminalSize(60, 10));
        this.app = app;
        this.draft = draft;
    }

    ComposeView draft() {
        return draft;
    }

    void planned(List<SendPlan.Line> plans) {
        this.plans = plans;
        invalidate();
    }

    void failed(String why) {
        this.failure = why;
        invalidate();
    }

    boolean sendable() {
        return plans != null && plans.stream().noneMatch(p -> p.cost() == SendPlan.Cost.BLOCKED);
    }

    @Override
    boolean handle(KeyMap.Action action, KeyStroke key) {
        if (action == KeyMap.Action.OPEN || action == KeyMap.Action.SEND) {
            if (!sendable()) {
                app.say(plans == null ? "still working out the cost…" : "some recipients cannot be sent to: edit");
                return true;
            }
            app.sendReviewed(this);
            return true;
        }
        if (action == KeyMap.Action.BACK) {
            app.editDraft(draft);
            return true;
        }
        return false;
    }

    @Override
    String hints(KeyMap keys) {
        return hints(keys, KeyMap.Action.OPEN, "send", KeyMap.Action.BACK, "back to editing");
    }

    @Override
    void paint(TextGUIGraphics g) {
        int width = g.getSize().getColumns();
        var d = draft.document();
        put(g, 1, 0, width - 1, Theme.Role.HEADER, "Review before sending: " + (d.subject().isBlank()
                ? "(no subject)" : d.subject()));
        if (failure != null) {
            put(g, 1, 2, width - 1, Theme.Role.WARNING, failure);
            return;
        }
        if (plans == null) {
            put(g, 1, 2, width - 1, Theme.Role.DIM, "looking up the recipients' keys and permits…");
            return;
        }
        int y = 2;
        double seconds = 0;
        int stamps = 0;
        int free = 0;
        for (SendPlan.Line p : plans) {
            String cost;
            Theme.Role role;
            switch (p.cost()) {
                case FREE -> {
                    cost = "free        " + p.note();
                    role = Theme.Role.DIM;
                }
                case PERMIT -> {
                    cost = "free        permit: they let you write without proof of work";
                    role = Theme.Role.VERIFIED;
                    free++;
                }
                case STAMP -> {
                    cost = String.format(Locale.ROOT, "stamp       %d bits, about %s of work (%s)", p.bits(),
                            seconds(p.seconds()), p.note());
                    role = Theme.Role.ACCENT;
                    seconds += p.seconds();
                    stamps++;
                }
                default -> {
                    cost = "CANNOT SEND " + p.note();
                    role = Theme.Role.WARNING;
                }
            }
            put(g, 1, y, 28, Theme.Role.NORMAL, p.recipient().display());
            put(g, 30, y, width - 30, role, cost);
            y++;
        }
        y++;
        put(g, 1, y++, width - 1, Theme.Role.HEADER, stamps == 0
                ? String.format(Locale.ROOT, "%d with a permit, 0 with a stamp: no proof of work needed", free)
                : String.format(Locale.ROOT, "%d with a permit, %d with a stamp: about %s of proof of work in the"
                        + " background", free, stamps, seconds(seconds)));
        if (!draft.document().attachments().isEmpty()) {
            put(g, 1, y++, width - 1, Theme.Role.NORMAL, Plural.of(draft.document().attachments().size(), "attachment"));
        }
        put(g, 1, y + 1, width - 1, sendable() ? Theme.Role.NORMAL : Theme.Role.WARNING, sendable()
                ? "Enter sends (the work runs in the background; the status bar shows it); Esc goes back to editing."
                : "Some recipients cannot be reached: Esc goes back to editing.");
    }

    static String seconds(double s) {
        if (s < 0.01) {
            return "under 0.01 s";
        }
        if (s < 0.1) {
            return String.format(Locale.ROOT, "%.2f s", s);
        }
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        return String.format(Locale.ROOT, "%.0f min", s / 60);
    }
}
