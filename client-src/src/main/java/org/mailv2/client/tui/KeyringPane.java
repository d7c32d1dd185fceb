package org.mailv2.client.tui;

import org.mailv2.client.core.keyring.SafetyNumber;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import org.mailv2.client.core.keyring.Contact;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.keyring.OwnAccount;
import org.mailv2.protocol.address.Address;

/**
 * Keys: my accounts with their key ids and creation dates, the vault (export, passphrase), and my contacts with the
 * keys pinned on first contact, where a changed key waits for the user to accept or reject it.
 */
final class KeyringPane extends View {
    private final PaneHost app;
    private final PaneRows<Object> rows = new PaneRows<>();

    /** The screener and the price strangers pay, as the own server and the resolver last said. */
    private String firstContacts = "screener and price: asking your server…";

    void firstContacts(String text) {
        firstContacts = text;
        invalidate();
    }

    KeyringPane(PaneHost app, Theme theme) {
        super(theme, new TerminalSize(60, 10));
        this.app = app;
    }

    @Override
    boolean handle(KeyMap.Action action, KeyStroke key) {
        rebuild();
        if (rows.navigate(action)) {
            invalidate();
            return true;
        }
        switch (action) {
            case ACCEPT_KEY, REJECT_KEY -> {
                if (!(rows.selected() instanceof Contact c) || c.status() != Contact.Status.KEY_CHANGED) {
                    app.say("select a contact marked KEY CHANGED");
                } else if (action == KeyMap.Action.ACCEPT_KEY) {
                    app.acceptKey(Address.parse(c.address()));
                } else {
                    app.say("kept the pinned key of " + c.address() + ": sending to it stays stopped, and its mail"
                            + " signed with the new key stays marked");
                }
            }
            case EXPORT -> app.exportVault();
            case PASSPHRASE -> app.changePassphrase();
            case STAMP_BITS -> app.setStampBits();
            case ROTATE_KEYS -> app.rotateKeys();
            case MOVE_ACCOUNT -> app.moveAccount();
            default -> {
                return false;
            }
        }
        invalidate();
        return true;
    }

    @Override
    String hints(KeyMap keys) {
        return hints(keys, KeyMap.Action.ACCEPT_KEY, "accept changed key", KeyMap.Action.REJECT_KEY, "reject",
                KeyMap.Action.EXPORT, "export vault", KeyMap.Action.PASSPHRASE, "change passphrase",
                KeyMap.Action.STAMP_BITS, "price for strangers", KeyMap.Action.ROTATE_KEYS, "new keys", KeyMap.Action.MOVE_ACCOUNT, "move",
                KeyMap.Action.BACK, "back");
    }

    private void rebuild() {
        Keyring keyring = app.session().keyring();
        rows.clear();
        rows.title("Your accounts");
        for (OwnAccount a : keyring.accounts()) {
            boolean current = a.address().equals(keyring.current());
            rows.entry(String.format("%-26s signing %s  encryption %s  created %s%s", a.address(),
                    a.signingKey().keyId().shortForm(), a.encryptionIdentity().recipient().text().substring(0, 12)
                    + "…", a.createdAt() == null ? "?" : a.createdAt().toString().substring(0, 10),
                    current ? "  (in use)" : ""), Theme.Role.NORMAL, a);
            rows.note("server " + a.serverUrl() + (a.retiredKeys().isEmpty() ? "" : "; keys rotated "
                    + org.mailv2.client.core.text.Plural.of(a.retiredKeys().size(), "time") + ", last on "
                    + day(a.retiredKeys().get(a.retiredKeys().size() - 1).retiredAt())), Theme.Role.DIM);
        }
        rows.title("Vault: " + app.session().paths().vault());
        rows.note("export with " + app.keys().key(KeyMap.Action.EXPORT) + ", change the passphrase with "
                + app.keys().key(KeyMap.Action.PASSPHRASE) + ", replace the account's keys with "
                + app.keys().key(KeyMap.Action.ROTATE_KEYS) + ", move it to another server with "
                + app.keys().key(KeyMap.Action.MOVE_ACCOUNT), Theme.Role.DIM);
        rows.title("First contacts");
        rows.note(firstContacts + " (" + app.keys().key(KeyMap.Action.STAMP_BITS) + " changes the price)",
                Theme.Role.NORMAL);
        rows.title("Contacts (keys pinned on first contact)");
        if (keyring.contacts().isEmpty()) {
            rows.note("none yet", Theme.Role.DIM);
        }
        for (Contact c : keyring.contacts()) {
            boolean changed = c.status() == Contact.Status.KEY_CHANGED;
            rows.entry(String.format("%-26s key %s  pinned %s  %s", c.address(), c.signingKey().keyId().shortForm(),
                    c.pinnedAt().toString().substring(0, 10), changed ? "! KEY CHANGED — accept ("
                    + app.keys().key(KeyMap.Action.ACCEPT_KEY) + ") or reject ("
                    + app.keys().key(KeyMap.Action.REJECT_KEY) + ")" : c.verified()
                    ? "✔ verified (safety number checked)" : "pinned"),
                    changed ? Theme.Role.WARNING : Theme.Role.NORMAL, c);
            c.rotatedAt().ifPresent(at -> rows.note(c.address() + " rotated keys on " + day(at) + " (signed by the"
                    + " key pinned before: taken without asking)", Theme.Role.DIM));
            if (keyring.current() != null) {
                OwnAccount me = keyring.currentAccount();
                rows.note("safety number " + SafetyNumber.of(me.parsedAddress(), me.signingKey().publicKey(),
                        c.parsedAddress(), c.signingKey()).display(), Theme.Role.DIM);
            }
        }
    }

    private static String day(java.time.Instant at) {
        return at.atZone(java.time.ZoneOffset.UTC).toLocalDate().toString();
    }

    @Override
    void paint(TextGUIGraphics g) {
        rebuild();
        rows.paint(this, g);
    }
}
