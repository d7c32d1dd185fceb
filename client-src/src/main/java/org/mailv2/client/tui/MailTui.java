package org.mailv2.client.tui;

import org.mailv2.client.core.text.Plural;
import org.mailv2.client.core.session.LiveMail;
import org.mailv2.protocol.api.NewMailEvent;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.gui2.BasicWindow;
import com.googlecode.lanterna.gui2.BorderLayout;
import com.googlecode.lanterna.gui2.Component;
import com.googlecode.lanterna.gui2.DefaultWindowManager;
import com.googlecode.lanterna.gui2.EmptySpace;
import com.googlecode.lanterna.gui2.MultiWindowTextGUI;
import com.googlecode.lanterna.gui2.Panel;
import com.googlecode.lanterna.gui2.SameTextGUIThread;
import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.gui2.WindowListenerAdapter;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.MouseAction;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.mailv2.client.core.account.TransferProgress;
import org.mailv2.client.core.cache.SummaryCache;
import org.mailv2.client.core.session.ScreenerActions;
import org.mailv2.client.core.keyring.OwnedList;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.seal.AttachmentSink;
import org.mailv2.protocol.seal.OpenedMessage;

/**
 * The terminal UI: one full-screen window with the sidebar, the active screen and the status bar. All input goes
 * through the key map to the active screen; anything slow runs in {@link Jobs} and comes back on the GUI thread. The
 * GUI loop is {@link #pump()}: the real terminal calls it in {@link #run()}, tests call it themselves.
 */
public final class MailTui implements AutoCloseable, PaneHost {
    /** Switches read from {@code ui.properties}: the bell on new mail and mouse support. */
    /** The user's settings, and the environment viewers of attachments run in (mailcap files, runtime folder). */
    public record Settings(boolean bell, boolean mouse, Map<String, String> environment) {
        public Settings(boolean bell, boolean mouse) {
            this(bell, mouse, System.getenv());
        }

        public static Settings load(Path file) throws IOException {
            java.util.Properties p = new java.util.Properties();
            if (Files.exists(file)) {
                try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    p.load(in);
                }
            }
            return new Settings(Boolean.parseBoolean(p.getProperty("bell", "false")),
                    Boolean.parseBoolean(p.getProperty("mouse", "false")));
        }
    }

    private final MailSession session;
    private final Screen screen;
    private final KeyMap keys;
    private final Theme theme;
    private final Clock clock;
    private final ZoneId zone;
    private final MultiWindowTextGUI gui;
    private final BasicWindow window = new BasicWindow();
    private final Panel stage = new Panel(new BorderLayout());
    private final Sidebar sidebar;
    private final StatusBar status;
    private final Prompt prompt = new Prompt();
    private final Jobs jobs;
    private final ScheduledExecutorService timers;
    private MessageListView list;
    private final ListsPane listsPane;
    private final KeyringPane keyringPane;
    private final Map<String, Commands.Command> commands;
    private boolean bell;
    private View active;
    private final ComposeFlow composer;
    private final ScreenerFlow screening;
    private final AttachmentViewer viewer;
    private boolean sidebarFocused;
    private volatile boolean quit;
    private final LiveMail live;
    private long firstFrameNanos;
    private long firstFrameMillis;
    private final java.util.ArrayDeque<String> recentErrors = new java.util.ArrayDeque<>();

    public MailTui(MailSession session, Screen screen, KeyMap keys, Theme theme, Settings settings,
                   ExecutorService workers, Clock clock, ZoneId zone) {
        this.session = session;
        this.screen = screen;
        this.keys = keys;
        this.theme = theme;
        this.clock = clock;
        this.zone = zone;
        this.bell = settings.bell();
        this.gui = new MultiWindowTextGUI(new SameTextGUIThread.Factory(), screen, new DefaultWindowManager(),
                null, new EmptySpace(TextColor.ANSI.DEFAULT));
        this.timers = Executors.newSingleThreadScheduledExecutor(daemon("mailv2-timers"));
        this.live = new LiveMail(session.core(), timers, new LiveMail.Listener() {
            @Override
            public void newMail(NewMailEvent event) {
                gui.getGUIThread().invokeLater(() -> syncNow("inbox", true));
            }

            @Override
            public void connected() {
                gui.getGUIThread().invokeLater(() -> syncNow("inbox", true));
            }

            @Override
            public void changed() {
                gui.getGUIThread().invokeLater(() -> syncNow("inbox", false, true));
            }

            @Override
            public void disconnected(Exception why, java.time.Duration retryIn) {
                gui.getGUIThread().invokeLater(() -> status.connection("offline, retrying in "
                        + retryIn.toSeconds() + " s"));
            }
        });
        this.jobs = new Jobs(workers, task -> gui.getGUIThread().invokeLater(task), this::error);
        this.sidebar = new Sidebar(this, theme);
        this.status = new StatusBar(this, theme);
        this.list = new MessageListView(this, theme, new MessageListModel(session.cache(), session.account()), zone);
        this.listsPane = new ListsPane(this, theme);
        this.keyringPane = new KeyringPane(this, theme);
        this.commands = new Commands(this).all();
        this.composer = new ComposeFlow(this, session, theme, zone);
        this.screening = new ScreenerFlow(this, session);
        this.viewer = new AttachmentViewer(this, session, settings.environment());
        jobs.onChange(() -> gui.getGUIThread().invokeLater(status::invalidate));
        window.setHints(List.of(Window.Hint.FULL_SCREEN, Window.Hint.NO_DECORATIONS, Window.Hint.NO_POST_RENDERING));
        window.setTheme(new com.googlecode.lanterna.graphics.SimpleTheme(TextColor.ANSI.DEFAULT,
                TextColor.ANSI.DEFAULT));
        Panel root = new Panel(new BorderLayout());
        root.addComponent(sidebar, BorderLayout.Location.LEFT);
        root.addComponent(stage, BorderLayout.Location.CENTER);
        root.addComponent(status, BorderLayout.Location.BOTTOM);
        window.setComponent(root);
        window.addWindowListener(new WindowListenerAdapter() {
            @Override
            public void onInput(com.googlecode.lanterna.gui2.Window w, KeyStroke key, AtomicBoolean deliver) {
                deliver.set(route(key));
            }
        });
        show(list);
        gui.addWindow(window);
        if (settings.mouse() && screen instanceof TerminalScreen ts
                && ts.getTerminal() instanceof com.googlecode.lanterna.terminal.ExtendedTerminal et) {
            try {
                et.setMouseCaptureMode(com.googlecode.lanterna.terminal.MouseCaptureMode.CLICK_RELEASE);
            } catch (IOException | RuntimeException noMouse) {
                // mouse support is optional; the keyboard does everything
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    // ---- the loop -------------------------------------------------------------------------------------------------

    /** Shows the cache at once, then syncs and follows new mail in the background. */
    public void start() {
        refreshSidebar();
        syncNow("inbox", false);
        live.start();
        composer.recoverDrafts();
        // Progress bars move while jobs run; redraw the status bar a few times a second then.
        timers.scheduleAtFixedRate(() -> {
            if (!jobs.idle()) {
                gui.getGUIThread().invokeLater(status::invalidate);
            }
        }, 200, 200, TimeUnit.MILLISECONDS);
    }

    /** One turn of the GUI loop: input, queued results, redraw. @return whether anything happened */
    public boolean pump() throws IOException {
        boolean busy = gui.getGUIThread().processEventsAndUpdate();
        if (firstFrameNanos == 0) {
            firstFrameNanos = System.nanoTime();
            firstFrameMillis = System.currentTimeMillis();
        }
        return busy;
    }

    /** The real terminal's loop, until quit. */
    public void run() throws IOException, InterruptedException {
        while (!quit) {
            if (!pump()) {
                Thread.sleep(8); // idle: input is polled, so wait a little between polls
            }
        }
    }

    public boolean quitting() {
        return quit;
    }

    /** When the first frame was drawn ({@link System#nanoTime()}), or 0. */
    public long firstFrameNanos() {
        return firstFrameNanos;
    }

    /** When the first frame was drawn (wall clock), or 0. */
    public long firstFrameMillis() {
        return firstFrameMillis;
    }

    @Override
    public void close() {
        quit = true;
        live.close();
        timers.shutdownNow();
        jobs.shutdown();
        composer.close();
    }

    // ---- accessors for views ----------------------------------------------------------------------------------------

    @Override
    public MailSession session() {
        return session;
    }

    @Override
    public KeyMap keys() {
        return keys;
    }

    Jobs jobs() {
        return jobs;
    }

    Prompt prompt() {
        return prompt;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    View activeView() {
        return active;
    }

    /** For tests and the status line: the screen now showing. */
    public String activeScreen() {
        return composer.active() ? "compose" : active.getClass().getSimpleName();
    }

    /** The last 20 errors, oldest first (the status bar shows the last; a background retry may follow it). */
    public List<String> recentErrors() {
        return List.copyOf(recentErrors);
    }

    public String lastError() {
        return status.lastError();
    }

    public String connectionState() {
        return status.connection();
    }

    MessageListView messageList() {
        return list;
    }

    @Override
    public void say(String text) {
        status.message(text);
    }

    void error(String text) {
        recentErrors.addLast(text);
        if (recentErrors.size() > 20) {
            recentErrors.removeFirst();
        }
        status.error(text);
    }

    // ---- input ------------------------------------------------------------------------------------------------------

    /** @return whether the key goes on to the focused text field (compose only) */
    boolean route(KeyStroke key) {
        if (key instanceof MouseAction mouse) {
            return mouse(mouse);
        }
        if (prompt.active()) {
            String shown = prompt.handle(key);
            status.message(shown);
            status.invalidate();
            return false;
        }
        status.message(null);
        KeyMap.Action action = keys.action(key);
        if (composer.active()) {
            return composer.key(key, action, gui.getFocusedInteractable());
        }
        if (action == null) {
            return false;
        }
        if (action == KeyMap.Action.NEXT_PANE) {
            sidebarFocused = !sidebarFocused;
            sidebar.setFocused(sidebarFocused);
            return false;
        }
        if (sidebarFocused && sidebar.handle(action, key)) {
            return false;
        }
        if (!active.handle(action, key)) {
            global(action);
        }
        return false;
    }

    private boolean mouse(MouseAction mouse) {
        switch (mouse.getActionType()) {
            case SCROLL_DOWN -> active.handle(KeyMap.Action.DOWN, null);
            case SCROLL_UP -> active.handle(KeyMap.Action.UP, null);
            case CLICK_DOWN -> {
                if (active == list) {
                    int row = mouse.getPosition().getRow() - list.getGlobalPosition().getRow() - 1;
                    if (row >= 0) {
                        list.select(list.firstVisible() + row);
                    }
                }
            }
            default -> {
            }
        }
        return false;
    }

    private void global(KeyMap.Action action) {
        switch (action) {
            case QUIT -> {
                if (active == list) {
                    quit();
                } else {
                    show(list);
                }
            }
            case BACK, INBOX -> show(list);
            case COMPOSE -> composer.compose(Drafts.Document.blank());
            case REPLY -> composer.reply(false);
            case REPLY_ALL -> composer.reply(true);
            case FORWARD -> composer.forward();
            case DELETE -> delete();
            case MOVE -> prompt("Move to box: ", "archive", false, this::moveTo);
            case FLAG -> toggleFlag("flagged");
            case TOGGLE_READ -> toggleFlag("seen");
            case SEARCH -> prompt("Search sender and subject: ", "", false, this::search);
            case FILTER -> prompt("Filter (unread, flagged, answered, lists, attachments, unverified): ", "", false,
                    this::filter);
            case SYNC -> syncNow(list.model.box(), false);
            case LISTS -> show(listsPane);
            case KEYRING -> show(keyringPane);
            case HELP -> showHelp();
            case COMMAND -> prompt(":", "", false, this::command, this::completeCommand);
            case SAVE_ATTACHMENTS -> saveAttachments();
            case PIPE -> pipe();
            case OPEN_ATTACHMENT -> viewer.open(current());
            case ACCEPT_SENDER -> screening.accept();
            case DECLINE_SENDER -> screening.decline();
            case REPORT -> screening.report();
            case REDRAW -> screen.clear();
            default -> say("'" + action.id() + "' does nothing here");
        }
    }

    // ---- navigation -------------------------------------------------------------------------------------------------

    void show(View view) {
        composer.leave();
        active = view;
        stage.removeAllComponents();
        stage.addComponent(view, BorderLayout.Location.CENTER);
        view.invalidate();
        status.invalidate();
        if (view == list) {
            sidebar.setActive(list.model.resultsLabel() == null ? "box:" + list.model.box() : "");
        } else if (view == listsPane) {
            sidebar.setActive("lists");
        } else if (view == keyringPane) {
            sidebar.setActive("keyring");
            showFirstContacts();
        }
    }

    /** Where a sidebar entry leads. */
    void go(String target) {
        sidebarFocused = false;
        sidebar.setFocused(false);
        if (target.startsWith("account:")) {
            switchAccount(Address.parse(target.substring(8)));
        } else if (target.startsWith("box:")) {
            String box = target.substring(4);
            list.model.showBox(box);
            list.select(0);
            show(list);
            syncNow(box, false);
        } else if (target.startsWith("list:")) {
            String listId = target.substring(5);
            runSearch("list " + listId, e -> e.summary() != null && listMatches(e.summary().listId(), listId));
        } else if (target.equals("drafts")) {
            composer.openDrafts();
        } else if (target.equals("lists")) {
            show(listsPane);
        } else if (target.equals("keyring")) {
            show(keyringPane);
        }
    }

    private static boolean listMatches(String listId, String address) {
        return listId != null && (listId.equals(address) || listId.contains("<" + address + ">")
                || listId.contains(address));
    }

    @Override
    public void prompt(String label, String initial, boolean masked, Consumer<String> onEnter) {
        prompt(label, initial, masked, onEnter, null);
    }

    private void prompt(String label, String initial, boolean masked, Consumer<String> onEnter,
                        java.util.function.Function<String, List<String>> completer) {
        prompt.open(label, initial, masked, completer, onEnter);
        status.invalidate();
    }

    // ---- mail -------------------------------------------------------------------------------------------------------

    @Override
    public void openMessage(SummaryCache.Entry entry) {
        ReaderView reader = new ReaderView(this, theme, entry, zone);
        show(reader);
        if (entry.summary() == null) {
            return;
        }
        jobs.start("opening", job -> session.open(entry.messageId(), AttachmentSink.DISCARD,
                (what, done, total) -> job.progress(total <= 0 ? -1 : (double) done / total,
                        TransferProgress.line(what, done, total))), opened -> {
            reader.opened(opened);
            list.model.refresh();
            refreshSidebar();
        });
    }

    SummaryCache.Entry current() {
        if (active instanceof ReaderView r) {
            return r.entry;
        }
        return active == list ? list.selectedEntry() : null;
    }

    void withOpened(Consumer<OpenedMessage> use) {
        if (active instanceof ReaderView r && r.message() != null) {
            use.accept(r.message());
            return;
        }
        SummaryCache.Entry e = current();
        if (e == null || e.summary() == null) {
            say("select a verified message first");
            return;
        }
        jobs.start("opening", job -> session.open(e.messageId(), AttachmentSink.DISCARD), use);
    }

    private void toggleFlag(String flag) {
        Set<String> targets = list.targets();
        if (active instanceof ReaderView r) {
            targets = Set.of(r.entry.messageId());
        }
        if (targets.isEmpty()) {
            return;
        }
        Set<String> ids = targets;
        jobs.start(flag.equals("seen") ? "marking" : "flagging", job -> {
            for (String id : ids) {
                SummaryCache.Entry e = session.cache().get(session.account(), id);
                Set<String> flags = new LinkedHashSet<>(e == null ? Set.of() : e.flags());
                if (!flags.remove(flag)) {
                    flags.add(flag);
                }
                session.setFlags(id, flags);
            }
            return ids.size();
        }, n -> {
            list.clearMarks();
            list.model.refresh();
            refreshSidebar();
        });
    }

    private void delete() {
        Set<String> ids = active instanceof ReaderView r ? Set.of(r.entry.messageId()) : list.targets();
        if (ids.isEmpty()) {
            return;
        }
        if (active instanceof ReaderView) {
            show(list);
        }
        jobs.start("deleting", job -> {
            for (String id : ids) {
                session.delete(id);
            }
            return ids.size();
        }, n -> {
            say(Plural.of(n, "message") + " moved to the trash (deleting there is for good)");
            list.clearMarks();
            list.model.refresh();
            refreshSidebar();
        });
    }

    void moveTo(String box) {
        String target = box.trim().toLowerCase(Locale.ROOT);
        if (!target.matches("[a-z0-9._-]{1,64}")) {
            error("not a box name: " + box);
            return;
        }
        Set<String> ids = active instanceof ReaderView r ? Set.of(r.entry.messageId()) : list.targets();
        if (active instanceof ReaderView) {
            show(list);
        }
        jobs.start("moving", job -> {
            for (String id : ids) {
                session.move(id, target);
            }
            return ids.size();
        }, n -> {
            say(n + " moved to " + target);
            list.clearMarks();
            list.model.refresh();
            refreshSidebar();
        });
    }

    void search(String text) {
        String needle = text.trim().toLowerCase(Locale.ROOT);
        if (needle.isEmpty()) {
            return;
        }
        runSearch("search '" + text.trim() + "'", e -> e.summary() != null
                && (e.summary().subject().toLowerCase(Locale.ROOT).contains(needle)
                || e.summary().from().toLowerCase(Locale.ROOT).contains(needle)));
    }

    void filter(String what) {
        String w = what.trim().toLowerCase(Locale.ROOT);
        java.util.function.Predicate<SummaryCache.Entry> keep = switch (w) {
            case "unread" -> e -> !e.flags().contains("seen");
            case "flagged" -> e -> e.flags().contains("flagged");
            case "answered" -> e -> e.flags().contains("answered");
            case "lists" -> e -> e.summary() != null && e.summary().listId() != null;
            case "attachments" -> e -> e.summary() != null && !e.summary().attachments().isEmpty();
            case "unverified" -> e -> e.summary() == null;
            case "none", "" -> null;
            default -> {
                error("unknown filter '" + what + "'");
                yield null;
            }
        };
        if (keep == null) {
            list.model.clearResults();
            show(list);
            return;
        }
        runSearch("filter " + w, keep);
    }

    private void runSearch(String label, java.util.function.Predicate<SummaryCache.Entry> keep) {
        String box = list.model.box();
        jobs.start(label, job -> session.cache().search(session.account(), box, keep,
                n -> job.progress(-1, n + " searched")), found -> {
                    list.model.showResults(label, found);
                    list.select(0);
                    show(list);
                });
    }

    private void saveAttachments() {
        SummaryCache.Entry e = current();
        if (e == null || e.summary() == null || e.summary().attachments().isEmpty()) {
            say("this message has no attachments");
            return;
        }
        Path downloads = Path.of(System.getProperty("user.home"), "Downloads");
        prompt("Save the attachments into folder: ", downloads.toString(), false, folder -> {
            Path target = Commands.path(folder.trim());
            jobs.start("saving attachments", job -> session.saveAttachments(e.messageId(), target),
                    saved -> say("saved " + Plural.of(saved.size(), "file") + " into " + target));
        });
    }

    private void pipe() {
        SummaryCache.Entry e = current();
        if (e == null) {
            say("no message to pipe");
            return;
        }
        if (!e.verified()) {
            say("this message did not verify: it is not piped anywhere");
            return;
        }
        prompt("Pipe the message to (sh -c): ", "", false, command -> {
            if (command.isBlank()) {
                return;
            }
            jobs.start("piping to " + command, job -> Pipe.run(command, out -> session.raw(e.messageId(), out)),
                    this::say);
        });
    }

    // ---- sync and live mail -----------------------------------------------------------------------------------------

    void syncNow(String box, boolean ring) {
        syncNow(box, ring, false);
    }

    /** @param othersChanged another device changed the mailbox: the list is redrawn even without new mail */
    private void syncNow(String box, boolean ring, boolean othersChanged) {
        jobs.start("syncing " + box, job -> session.sync(box), added -> {
            status.connection("online");
            session.takeNotices().forEach(this::say);
            if (added > 0 || othersChanged) {
                list.model.refresh();
            }
            if (added > 0) {
                if (ring && bell) {
                    ringBell();
                }
                if (ring) {
                    say(added + " new message" + (added == 1 ? "" : "s"));
                }
            }
            refreshSidebar();
            active.invalidate(); // a list owner's pane shows requests handled by this sync
        });
    }

    private void ringBell() {
        if (screen instanceof TerminalScreen ts) {
            try {
                ts.getTerminal().bell();
            } catch (IOException ignored) {
                // a bell that cannot ring is no failure
            }
        }
    }

    void refreshSidebar() {
        Map<String, Integer> unread = new LinkedHashMap<>();
        List<String> boxes = new ArrayList<>(session.boxes());
        // First contacts wait here whether or not the cache has seen one yet; its count is of all that wait.
        boxes.remove(ScreenerActions.BOX);
        boxes.add(boxes.indexOf("inbox") + 1, ScreenerActions.BOX);
        for (String b : boxes) {
            unread.put(b, b.equals("sent") || b.equals("trash") ? 0 : b.equals(ScreenerActions.BOX)
                    ? session.cache().count(session.account(), b) : session.cache().unread(session.account(), b));
        }
        var keyring = session.keyring();
        List<String> followed = keyring.subscriptions().stream().filter(s -> s.account().equals(keyring.current()))
                .map(s -> s.list()).toList();
        // Local mode's welcome! account sends the first message; it is not one of the user's own.
        List<String> accounts = keyring.accounts().stream().map(a -> a.address())
                .filter(a -> !a.equals(org.mailv2.client.core.local.LocalMode.WELCOME) || a.equals(keyring.current()))
                .toList();
        sidebar.refresh(accounts.size() > 1 ? accounts : List.of(), boxes, unread, followed, composer.draftCount());
    }

    // ---- lists and keys ---------------------------------------------------------------------------------------------

    /** Another account of this keyring: its own list, connection and new-mail stream. */
    void switchAccount(Address account) {
        if (account.display().equals(session.me().address())) {
            return;
        }
        live.stop();
        jobs.start("switching to " + account.display(), job -> {
            session.switchTo(account);
            return account;
        }, a -> {
            list = new MessageListView(this, theme, new MessageListModel(session.cache(), session.account()), zone);
            show(list);
            status.connection("connecting");
            refreshSidebar();
            syncNow("inbox", false);
            live.start();
            say("now using " + a.display());
        });
    }

    @Override
    public void browseLists(String where) {
        String w = where.trim();
        if (w.isEmpty()) {
            return;
        }
        show(listsPane);
        jobs.start("browsing " + w, job -> session.browse(w), listing -> {
            listsPane.browsed(w, listing);
            say(Plural.of(listing.lists().size(), "public list") + " at " + w);
        });
    }

    @Override
    public void subscribe(Address list, String invitation) {
        jobs.start("subscribing to " + list.display(), job -> {
            session.subscribe(list, invitation == null || invitation.isBlank() ? null : invitation.trim());
            return list;
        }, l -> {
            say("asked " + l.display() + " to add you: it may now write to you without proof of work");
            refreshSidebar();
            listsPane.invalidate();
        });
    }

    @Override
    public void unsubscribe(Address list) {
        jobs.start("leaving " + list.display(), job -> {
            session.unsubscribe(list);
            return list;
        }, l -> {
            say("left " + l.display() + ": its permit is revoked, your server refuses its mail from now on");
            refreshSidebar();
            listsPane.invalidate();
        });
    }

    @Override
    public void acceptKey(Address who) {
        jobs.start("accepting " + who.display() + "'s key", job -> session.acceptKey(who), contact -> {
            say("accepted " + contact.address() + "'s new key " + contact.signingKey().keyId().shortForm());
            keyringPane.invalidate();
            list.invalidate();
        });
    }

    @Override
    public void exportVault() {
        prompt("Export the vault to file: ", session.paths().dataDir().resolve("mailv2-export.vault").toString(),
                false, file -> prompt("Passphrase for the export: ", "", true, pass -> {
                    Path target = Path.of(file.trim());
                    char[] chars = pass.toCharArray();
                    jobs.start("exporting", job -> {
                        session.export(target, chars);
                        return target;
                    }, t -> say("exported the vault to " + t + " (encrypted under the export passphrase)"));
                }));
    }

    @Override
    public void changePassphrase() {
        prompt("New vault passphrase: ", "", true, first -> prompt("Repeat it: ", "", true, second -> {
            if (!first.equals(second)) {
                error("the passphrases differ; nothing changed");
                return;
            }
            if (first.length() < 8) {
                error("use at least 8 characters; nothing changed");
                return;
            }
            char[] chars = first.toCharArray();
            jobs.start("changing the passphrase", job -> {
                session.changePassphrase(chars);
                return true;
            }, done -> say("the vault passphrase changed"));
        }));
    }

    private void showFirstContacts() {
        jobs.start("asking about your screener", job -> {
            var screener = session.core().screener();
            Integer bits = screener.firstContactBits();
            return "screener " + (screener.enabled() ? "on" : "off") + "; strangers pay "
                    + (bits == null ? "what your server asks" : bits + " stamp bits");
        }, keyringPane::firstContacts);
    }

    @Override
    public void setStampBits() {
        prompt("Stamp bits strangers pay to write to you (1-40, or 'server' for what your server asks): ", "", false,
                answer -> {
                    Integer bits;
                    try {
                        bits = ScreenerActions.parseBits(answer);
                    } catch (RuntimeException notANumber) {
                        error(Failures.describe(notANumber) + "; nothing changed");
                        return;
                    }
                    jobs.start("publishing your price", job -> {
                        session.core().screener().setFirstContactBits(bits);
                        return bits;
                    }, b -> {
                        say(b == null ? "strangers now pay what your server asks"
                                : "strangers now pay " + b + " stamp bits to write to you");
                        showFirstContacts();
                    });
                });
    }

    @Override
    public void rotateKeys() {
        String address = session.core().me().address();
        prompt("New keys for " + address + "? Contacts follow the old key's signature; old mail still opens."
                + " Type yes: ", "", false, answer -> {
                    if (!answer.strip().equalsIgnoreCase("yes")) {
                        say("keys kept");
                        return;
                    }
                    jobs.start("rotating the keys of " + address, job -> session.core().rotateKeys(),
                            rotated -> {
                                say("signing key " + rotated.previousKey().shortForm() + " replaced by "
                                        + rotated.newKey().shortForm() + " (record serial "
                                        + rotated.record().serial() + ")");
                                keyringPane.invalidate();
                            });
                });
    }

    @Override
    public void moveAccount() {
        String address = session.core().me().address();
        prompt("Move " + address + " to the server at (https URL): ", "", false, url -> {
            if (url.isBlank()) {
                say("not moved");
                return;
            }
            jobs.start("asking " + url.strip() + " for its certificate",
                    job -> org.mailv2.protocol.api.CertificateProbe.pinOf(url.strip()),
                    pin -> prompt("Its certificate has SHA-256 " + pin.hex() + ". Is that the one its operator"
                            + " published? Type yes: ", "", false, answer -> {
                                if (!answer.strip().equalsIgnoreCase("yes")) {
                                    say("not moved: check the certificate with the server's operator");
                                    return;
                                }
                                jobs.start("moving " + address, job -> new org.mailv2.client.core.move.AccountMove(
                                        session.core()).move(new org.mailv2.client.core.move.AccountMove.Target(
                                                url.strip(), pin, null), new MoveProgress(job)), result -> {
                                                    say(address + " lives at " + result.account().serverUrl()
                                                            + " now; " + org.mailv2.client.core.text.Plural.of(
                                                                    result.firstPass().copied()
                                                                            + result.finalPass().copied(),
                                                                    "message") + " copied");
                                                    keyringPane.invalidate();
                                                    syncNow("inbox", false);
                                                });
                            }));
        });
    }

    /** A move's steps and copied messages, on the job's line of the status bar. */
    private record MoveProgress(Jobs.Job job) implements org.mailv2.client.core.move.AccountMove.Progress {
        @Override
        public void step(String what) {
            job.progress(0, what);
        }

        @Override
        public void message(int done, int total) {
            job.progress(total == 0 ? 1 : (double) done / total, done + " of " + total + " messages");
        }

        @Override
        public void moved(String what, long done, long total) {
        }
    }

    // ---- commands ---------------------------------------------------------------------------------------------------

    private void command(String line) {
        String trimmed = line.trim();
        if (trimmed.isEmpty()) {
            return;
        }
        String[] words = trimmed.split("\\s+");
        // Longest command name first: "lists browse" before "lists".
        for (int n = Math.min(2, words.length); n >= 1; n--) {
            Commands.Command c = commands.get(String.join(" ", java.util.Arrays.copyOf(words, n)));
            if (c != null) {
                c.handler().run(java.util.Arrays.copyOfRange(words, n, words.length));
                return;
            }
        }
        error("unknown command '" + words[0] + "' (" + keys.key(KeyMap.Action.HELP) + " lists them)");
    }

    private List<String> completeCommand(String typed) {
        return commands.keySet().stream().filter(c -> c.startsWith(typed)).toList();
    }

    void unblock(Address sender) {
        screening.unblock(sender);
    }

    void setBell(boolean on) {
        bell = on;
        say("bell on new mail " + (on ? "on" : "off"));
    }

    /** Quits, after asking when mail is still being sent (its draft stays, so nothing is lost either way). */
    void quit() {
        List<String> sending = jobs.running().stream().map(Jobs.Job::title)
                .filter(t -> t.startsWith("sending") || t.startsWith("fan-out")).toList();
        if (sending.isEmpty()) {
            quit = true;
            return;
        }
        prompt("Still " + String.join(", ", sending) + ": quit anyway? Unsent mail stays in Drafts. (y/N) ", "",
                false, answer -> {
                    if (answer.trim().equalsIgnoreCase("y")) {
                        quit = true;
                    }
                });
    }

    void showBox(String box) {
        go("box:" + box);
    }

    void showLists() {
        show(listsPane);
    }

    void showKeyring() {
        show(keyringPane);
    }

    void showHelp() {
        show(new HelpView(theme, keys, commands.values().stream().map(Commands.Command::usage).toList()));
    }

    void act(KeyMap.Action action) {
        if (!active.handle(action, null)) {
            global(action);
        }
    }

    // ---- for ComposeFlow and the views --------------------------------------------------------------------------

    void compose(Drafts.Document draft) {
        composer.compose(draft);
    }

    @Override
    public void composeListPost(OwnedList owned) {
        composer.composeListPost(owned);
    }

    @Override
    public void editDraft(ComposeView draft) {
        composer.compose(draft.document());
    }

    @Override
    public void sendReviewed(ReviewView review) {
        composer.send(review);
    }

    /** Puts a component (the compose form) on the stage in place of a view; {@code stand} stands for it. */
    void showForm(Component form, View stand) {
        active = stand;
        stage.removeAllComponents();
        stage.addComponent(form, BorderLayout.Location.CENTER);
        status.invalidate();
    }

    void invokeLater(Runnable task) {
        gui.getGUIThread().invokeLater(task);
    }

    Screen screen() {
        return screen;
    }
}
