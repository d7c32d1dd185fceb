package org.mailv2.client.tui;

import java.time.Clock;
import java.util.function.Consumer;
import org.mailv2.client.core.cache.SummaryCache;
import org.mailv2.client.core.keyring.OwnedList;
import org.mailv2.protocol.address.Address;

/**
 * What a pane (the message list, the reader, the review, the lists and keyring panes) may ask of the application:
 * the session to read from, the key map, a line in the status bar, a prompt, and the actions that start background
 * work. The window, the GUI loop and the routing of keys stay with {@link MailTui}.
 */
interface PaneHost {
    MailSession session();

    KeyMap keys();

    Clock clock();

    /** A line in the status bar. */
    void say(String text);

    void prompt(String label, String initial, boolean masked, Consumer<String> onEnter);

    void openMessage(SummaryCache.Entry entry);

    void browseLists(String where);

    void subscribe(Address list, String invitation);

    void unsubscribe(Address list);

    void acceptKey(Address who);

    void exportVault();

    void changePassphrase();

    /** Asks what strangers should pay in stamp bits, and publishes it in the account's address record. */
    void setStampBits();

    /** Asks, then replaces the current account's keys with new ones signed by the old (see `mailv2 keys rotate`). */
    void rotateKeys();

    /** Asks for the new server, shows its certificate to confirm, then moves the account there (see `account move`). */
    void moveAccount();

    void composeListPost(OwnedList owned);

    void editDraft(ComposeView draft);

    void sendReviewed(ReviewView review);
}
