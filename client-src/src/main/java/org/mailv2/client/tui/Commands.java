package org.mailv2.client.tui;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mailv2.protocol.address.Address;

/** The {@code :} commands, named like the CLI's where they overlap ({@code :sync}, {@code :lists browse acme}). */
final class Commands {
    /** What a command does with its arguments. */
    @FunctionalInterface
    interface Handler {
        void run(String[] args);
    }

    /** A command: how it is typed (for help) and what it does. */
    record Command(String usage, Handler handler) {
    }

    private final MailTui app;
    private final Map<String, Command> all = new LinkedHashMap<>();

    Commands(MailTui app) {
        this.app = app;
    }

    Map<String, Command> all() {
        add("quit", "quit", a -> app.quit());
        add("help", "help", a -> app.showHelp());
        add("compose", "compose [ADDRESS…]", a -> {
            Drafts.Document d = Drafts.Document.blank();
            app.compose(new Drafts.Document(d.id(), String.join(", ", a), "", "", "", "", java.util.List.of(), null,
                    java.util.List.of(), null));
        });
        add("send", "send [ADDRESS…] (same as compose)", a -> all.get("compose").handler().run(a));
        add("reply", "reply", a -> app.act(KeyMap.Action.REPLY));
        add("reply-all", "reply-all", a -> app.act(KeyMap.Action.REPLY_ALL));
        add("forward", "forward", a -> app.act(KeyMap.Action.FORWARD));
        add("sync", "sync", a -> app.act(KeyMap.Action.SYNC));
        add("inbox", "inbox [BOX]", a -> app.showBox(a.length > 0 ? a[0] : "inbox"));
        add("box", "box NAME", a -> app.showBox(one(a, "box NAME")));
        add("move", "move BOX", a -> app.moveTo(one(a, "move BOX")));
        add("delete", "delete", a -> app.act(KeyMap.Action.DELETE));
        add("flag", "flag", a -> app.act(KeyMap.Action.FLAG));
        add("search", "search TEXT", a -> app.search(String.join(" ", a)));
        add("filter", "filter unread|flagged|answered|lists|attachments|unverified|none",
                a -> app.filter(a.length > 0 ? a[0] : "none"));
        add("threads", "threads", a -> app.act(KeyMap.Action.THREADS));
        add("sort", "sort (newest or oldest first)", a -> app.act(KeyMap.Action.SORT));
        add("screener", "screener (first contacts waiting)", a -> app.showBox(
                org.mailv2.client.core.session.ScreenerActions.BOX));
        add("screener accept", "screener accept (the selected message's sender)",
                a -> app.act(KeyMap.Action.ACCEPT_SENDER));
        add("screener decline", "screener decline (the selected message's sender)",
                a -> app.act(KeyMap.Action.DECLINE_SENDER));
        add("report", "report (the selected message: trash, sender blocked)", a -> app.act(KeyMap.Action.REPORT));
        add("blocks remove", "blocks remove ADDRESS", a -> app.unblock(Address.parse(one(a, "blocks remove ADDRESS"))));
        add("lists", "lists", a -> app.showLists());
        add("lists browse", "lists browse ORG|SERVER-URL", a -> app.browseLists(one(a, "lists browse ORG")));
        add("lists subscribe", "lists subscribe LIST [INVITATION]", a -> app.subscribe(
                Address.parse(one(a, "lists subscribe LIST")), a.length > 1 ? a[1] : null));
        add("lists unsubscribe", "lists unsubscribe LIST", a -> app.unsubscribe(
                Address.parse(one(a, "lists unsubscribe LIST"))));
        add("list post", "list post LIST", a -> app.session().keyring().ownedList(Address.parse(one(a,
                "list post LIST"))).ifPresentOrElse(app::composeListPost, () -> app.error("you do not run that list")));
        add("keys", "keys", a -> app.showKeyring());
        add("contacts", "contacts", a -> app.showKeyring());
        add("contacts accept-key", "contacts accept-key ADDRESS", a -> app.acceptKey(
                Address.parse(one(a, "contacts accept-key ADDRESS"))));
        add("keys export", "keys export", a -> app.exportVault());
        add("keys passphrase", "keys passphrase", a -> app.changePassphrase());
        add("bell", "bell on|off", a -> app.setBell(a.length > 0 && a[0].equals("on")));
        return all;
    }

    private void add(String name, String usage, Handler handler) {
        all.put(name, new Command(usage, args -> {
            try {
                handler.run(args);
            } catch (RuntimeException e) {
                app.error(Failures.describe(e));
            }
        }));
    }

    private static String one(String[] args, String usage) {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: :" + usage);
        }
        return args[0];
    }

    static Path path(String text) {
        return Path.of(text.replaceFirst("^~", System.getProperty("user.home")));
    }
}
