package org.mailv2.client.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.keyring.OwnedList;
import org.mailv2.client.core.keyring.Subscription;
import org.mailv2.client.core.lists.ListDirectory;

/**
 * Mailing lists from both sides: the lists I follow (leaving one revokes its permit at my own server), the lists I run
 * (subscriber counts, posting), and what an organisation or a server publishes (subscribing issues the permit).
 */
final class ListsPane extends View {
    /** What a row stands for. */
    sealed interface Item permits Followed, Owned, Published {
    }

    record Followed(Subscription subscription) implements Item {
    }

    record Owned(OwnedList list) implements Item {
    }

    record Published(ListDirectory.Entry entry) implements Item {
    }

    private final PaneHost app;
    private final PaneRows<Item> rows = new PaneRows<>();
    private ListDirectory.Listing browsed;
    private String browsedWhere;

    ListsPane(PaneHost app, Theme theme) {
        super(theme, new TerminalSize(60, 10));
        this.app = app;
    }

    void browsed(String where, ListDirectory.Listing listing) {
        this.browsedWhere = where;
        this.browsed = listing;
        invalidate();
    }

    Item selected() {
        rebuild();
        return rows.selected();
    }

    @Override
    boolean handle(KeyMap.Action action, KeyStroke key) {
        rebuild();
        if (rows.navigate(action)) {
            invalidate();
            return true;
        }
        switch (action) {
            case BROWSE -> app.prompt("Browse the lists of (organisation name or https://server): ", "", false,
                    app::browseLists);
            case SUBSCRIBE, OPEN -> {
                Item item = rows.selected();
                if (item instanceof Published p) {
                    if (p.entry().descriptor().inviteOnly()) {
                        app.prompt("Invitation token for " + p.entry().descriptor().address() + ": ", "", false,
                                token -> app.subscribe(p.entry().descriptor().parsedAddress(), token));
                    } else {
                        app.subscribe(p.entry().descriptor().parsedAddress(), null);
                    }
                } else if (item instanceof Owned o && action == KeyMap.Action.OPEN) {
                    app.composeListPost(o.list());
                } else {
                    app.say("select a published list (browse with " + app.keys().key(KeyMap.Action.BROWSE) + ")");
                }
            }
            case UNSUBSCRIBE -> {
                if (rows.selected() instanceof Followed f) {
                    app.unsubscribe(org.mailv2.protocol.address.Address.parse(f.subscription().list()));
                } else {
                    app.say("select one of your subscriptions");
                }
            }
            case POST -> {
                if (rows.selected() instanceof Owned o) {
                    app.composeListPost(o.list());
                } else {
                    app.say("select a list you run");
                }
            }
            default -> {
                return false;
            }
        }
        invalidate();
        return true;
    }

    @Override
    String hints(KeyMap keys) {
        return hints(keys, KeyMap.Action.BROWSE, "browse", KeyMap.Action.SUBSCRIBE, "subscribe",
                KeyMap.Action.UNSUBSCRIBE, "unsubscribe (revoke)", KeyMap.Action.POST, "post to a list you run",
                KeyMap.Action.BACK, "back");
    }

    private void rebuild() {
        Keyring keyring = app.session().keyring();
        rows.clear();
        rows.title("Your subscriptions (leaving revokes the list's permit at your own server)");
        var mine = keyring.subscriptions().stream().filter(s -> s.account().equals(keyring.current())).toList();
        if (mine.isEmpty()) {
            rows.note("none yet", Theme.Role.DIM);
        }
        for (Subscription s : mine) {
            rows.entry(String.format("%-30s since %s", s.list(), s.since().toString().substring(0, 10)),
                    Theme.Role.NORMAL, new Followed(s));
        }
        if (!keyring.ownedLists().isEmpty()) {
            rows.title("Lists you run");
            for (OwnedList o : keyring.ownedLists()) {
                rows.entry(String.format("%-30s %s — %d subscriber%s%s", o.address(), o.title(),
                        o.subscribers().size(), o.subscribers().size() == 1 ? "" : "s",
                        o.inviteOnly() ? " (invite only)" : ""), Theme.Role.NORMAL, new Owned(o));
            }
        }
        if (browsed != null) {
            rows.title("Published by " + (browsed.organisation() != null ? browsed.organisation() + " (" + browsedWhere
                    + ")" : browsedWhere));
            if (browsed.lists().isEmpty()) {
                rows.note("no public lists", Theme.Role.DIM);
            }
            for (ListDirectory.Entry e : browsed.lists()) {
                boolean following = mine.stream().anyMatch(s -> s.list().equals(e.descriptor().address()));
                rows.entry(String.format("%-30s %s%s  %s%s", e.descriptor().address(), e.descriptor().title(),
                        e.descriptor().inviteOnly() ? " (invite only)" : "", e.verified() ? "✓ verified"
                        : "✗ NOT VERIFIED", following ? "  [subscribed]" : ""),
                        e.verified() ? Theme.Role.NORMAL : Theme.Role.WARNING, new Published(e));
            }
        } else {
            rows.title("Browse");
            rows.note("press " + app.keys().key(KeyMap.Action.BROWSE) + " and give an organisation (e.g. acme) or a"
                    + " server's https URL", Theme.Role.DIM);
        }
    }

    @Override
    void paint(TextGUIGraphics g) {
        rebuild();
        rows.paint(this, g);
    }
}
