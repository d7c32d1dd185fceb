package org.mailv2.client.cli;

import org.mailv2.client.core.text.UntrustedText;
import org.mailv2.client.core.text.Plural;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.mailv2.client.core.account.AccountCreator;
import org.mailv2.client.core.cache.SummaryCache;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.keyring.OwnAccount;
import org.mailv2.client.core.keyring.OwnedList;
import org.mailv2.client.core.lists.ListPosts;
import org.mailv2.client.core.lists.ListService;
import org.mailv2.client.core.send.Delivery;
import org.mailv2.client.core.send.Sender;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mailv2 list create|invite|sync|subscribers|remove|post}: running a mailing list. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "Run a mailing list.",
        subcommands = {ListCommand.Create.class, ListCommand.Invite.class, ListCommand.Sync.class,
            ListCommand.Subscribers.class, ListCommand.Remove.class, ListCommand.Post.class})
final class ListCommand {
    @ParentCommand
    MailCli root;

    static ListService service(CliContext ctx) {
        return new ListService(ctx.clock, ctx.random, ctx.sender());
    }

    /** {@code mailv2 list create ADDRESS --title T --server URL}: a new list account, published in the directory. */
    @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates a list and publishes it.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        ListCommand list;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "The list's address, e.g. news@acme!")
        String address;

        @Option(names = "--title", required = true)
        String title;

        @Option(names = "--description")
        String description;

        @Option(names = "--invite-only", description = "Subscribing needs an invitation.")
        boolean inviteOnly;

        @picocli.CommandLine.Mixin
        ServerTrust trust;

        @Option(names = "--server", required = true, description = "The server that hosts the list.")
        String server;



        @Option(names = "--invite", description = "The organisation's invitation, for a list address x@org!.")
        String invitation;

        @Override
        public Integer call() throws Exception {
            CliContext ctx = list.root.context();
            Sha256 seen = trust.confirm(server, spec.commandLine().getOut());
            CliContext.Opened opened = ctx.open();
            try {
                OwnAccount account = new AccountCreator(ctx.clock, ctx.random, ctx.solver)
                        .create(Address.parse(address), title, server, seen, invitation, p -> { });
                ctx.update(k -> {
                    Keyring keyring = k.withAccount(account);
                    if (k.current() != null) {
                        keyring = keyring.withCurrent(Address.parse(k.current()));
                    }
                    return keyring;
                });
                ctx.update(k -> service(ctx).create(k, account, title, description, inviteOnly));
                spec.commandLine().getOut().println("Created the list " + account.address() + " (" + title + ")");
                return 0;
            } finally {
                Arrays.fill(opened.passphrase(), '\0');
            }
        }
    }

    /** {@code mailv2 list invite LIST ADDRESS}: prints an invitation that {@code lists subscribe --invite} takes. */
    @Command(name = "invite", mixinStandardHelpOptions = true, description = "Invites an address to a list.")
    static final class Invite implements Callable<Integer> {
        @ParentCommand
        ListCommand list;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0")
        String address;

        @Parameters(index = "1")
        String invitee;

        @Option(names = "--days", defaultValue = "14")
        int days;

        @Override
        public Integer call() throws Exception {
            CliContext ctx = list.root.context();
            spec.commandLine().getOut().println(service(ctx).invite(ctx.keyring(), Address.parse(address),
                    Address.parse(invitee), java.time.Duration.ofDays(days)));
            return 0;
        }
    }

    /** {@code mailv2 list sync LIST}: applies the subscription requests that arrived. */
    @Command(name = "sync", mixinStandardHelpOptions = true, description = "Applies subscription requests.")
    static final class Sync implements Callable<Integer> {
        @ParentCommand
        ListCommand list;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0")
        String address;

        @Override
        public Integer call() throws Exception {
            Keyring keyring = process(list.root.context(), Address.parse(address));
            spec.commandLine().getOut().println(Plural.of(keyring.ownedList(Address.parse(address)).orElseThrow()
                    .subscribers().size(), "subscriber"));
            return 0;
        }
    }

    /** Syncs a list's requests and saves the vault. */
    static Keyring process(CliContext ctx, Address list) throws Exception {
        ListService service = service(ctx);
        try (SummaryCache cache = ctx.cache()) {
            ListService.Processed[] processed = new ListService.Processed[1];
            Keyring saved = ctx.update(keyring -> {
                processed[0] = service.processRequests(keyring, list, cache);
                return processed[0].keyring();
            });
            service.file(saved, processed[0], cache);
            return saved;
        }
    }

    /** {@code mailv2 list subscribers LIST}. */
    @Command(name = "subscribers", mixinStandardHelpOptions = true, description = "Lists a list's subscribers.")
    static final class Subscribers implements Callable<Integer> {
        @ParentCommand
        ListCommand list;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0")
        String address;

        @picocli.CommandLine.Option(names = "--json", description = "Print as JSON (fields: address, permit).")
        boolean json;

        @Override
        public Integer call() throws Exception {
            OwnedList owned = process(list.root.context(), Address.parse(address)).ownedList(Address.parse(address))
                    .orElseThrow(() -> new ProtocolException(ErrorCode.UNKNOWN_RECIPIENT, "not your list"));
            if (json) {
                spec.commandLine().getOut().println(UntrustedText.json(owned.subscribers().stream()
                        .map(s -> java.util.Map.of("address", s.address(), "permit", s.permit().text())).toList()));
                return 0;
            }
            owned.subscribers().forEach(s -> spec.commandLine().getOut().println(s.address()));
            return 0;
        }
    }

    /**
     * {@code mailv2 list remove LIST ADDRESS}: stops posting to a subscriber. (The permit is the subscriber's to
     * revoke; the list simply no longer uses it.)
     */
    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Removes a subscriber.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        ListCommand list;

        @Parameters(index = "0")
        String address;

        @Parameters(index = "1")
        String subscriber;

        @Override
        public Integer call() throws Exception {
            Address listAddress = Address.parse(address);
            list.root.context().update(keyring -> {
                OwnedList owned = keyring.ownedList(listAddress).orElseThrow(() -> new ProtocolException(
                        ErrorCode.UNKNOWN_RECIPIENT, address + " is not a list you run"));
                return keyring.withOwnedList(owned.without(Address.parse(subscriber)));
            });
            return 0;
        }
    }

    /**
     * {@code mailv2 list post LIST --subject S [--body-file F]}: one copy per subscriber, each with its permit;
     * {@code mailv2 list post LIST --resume}: finishes the list's posts that were interrupted.
     */
    @Command(name = "post", mixinStandardHelpOptions = true,
            description = "Posts to a list's subscribers; with --resume, finishes its interrupted posts.")
    static final class Post implements Callable<Integer> {
        @ParentCommand
        ListCommand list;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0")
        String address;

        @Option(names = "--subject", description = "The post's subject (required unless --resume).")
        String subject;

        @Option(names = "--body-file", description = "The text; standard input when absent.")
        Path bodyFile;

        @Option(names = "--resume", description = "Finish the list's interrupted posts (`mailv2 sync` does too) "
                + "instead of posting.")
        boolean resume;

        @Option(names = "--no-sync", description = "Post to the subscriber set as it is, without applying new requests.")
        boolean noSync;

        java.io.InputStream stdin = System.in;

        @Override
        public Integer call() throws Exception {
            if (resume == (subject != null) || resume && bodyFile != null) {
                throw new ParameterException(spec.commandLine(),
                        "give --subject (and the text) to post, or --resume alone to finish interrupted posts");
            }
            CliContext ctx = list.root.context();
            String text = resume ? null : bodyFile != null ? Files.readString(bodyFile, StandardCharsets.UTF_8)
                    : new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
            Address listAddress = Address.parse(address);
            if (!noSync) {
                process(ctx, listAddress);
            }
            Keyring keyring = ctx.update(k -> k.withCacheKey(ctx.random));
            return resume ? resume(ctx, keyring, listAddress) : post(ctx, keyring, listAddress, text);
        }

        private int post(CliContext ctx, Keyring keyring, Address listAddress, String text)
                throws Exception {
            var out = spec.commandLine().getOut();
            ListService service = service(ctx);
            long started = System.nanoTime();
            Sender.Result result;
            try {
                result = service.post(keyring, listAddress, subject, text, s -> { });
            } catch (Exception failed) {
                int kept = 0;
                try {
                    kept = service.unfinishedPosts(keyring, listAddress);
                } catch (IOException unlisted) {
                    failed.addSuppressed(unlisted);
                }
                if (kept > 0) {
                    spec.commandLine().getErr().println(Plural.of(kept, "unfinished post") + " of " + listAddress.display()
                            + " kept: `mailv2 list post " + listAddress.display() + " --resume` or `mailv2 sync`"
                            + " sends them to the subscribers who have no copy yet");
                }
                throw failed;
            }
            ctx.update(k -> k.withContactsFrom(result.keyring()));
            long refused = result.deliveries().stream().filter(d -> d.outcome() == Delivery.Outcome.REFUSED)
                    .count();
            result.deliveries().stream().filter(d -> d.outcome() == Delivery.Outcome.REFUSED)
                    .forEach(d -> out.println(SendCommand.line(d)));
            List<Delivery> waiting = result.deliveries().stream()
                    .filter(d -> d.outcome() == Delivery.Outcome.QUEUED).toList();
            out.printf("posted to %d of %d subscribers in %d ms, %d of them with their permits (no proof of"
                    + " work)%n", result.deliveries().size() - refused, result.deliveries().size(),
                    (System.nanoTime() - started) / 1_000_000, free(result.deliveries()));
            if (!waiting.isEmpty()) {
                out.printf("  %d of these copies wait in the local outbox (%s): `mailv2 sync` or `mailv2 list post"
                        + " %s --resume` sends them%n", waiting.size(), waiting.get(0).reason(),
                        listAddress.display());
            }
            Sender.Timings t = result.timings();
            out.printf("  resolving recipients %d ms, sealing %d ms, stamps %d ms, submitting to %s %d ms%n",
                    t.resolveNanos() / 1_000_000, t.sealNanos() / 1_000_000, t.stampNanos() / 1_000_000,
                    keyring.account(listAddress).orElseThrow().serverUrl(), t.submitNanos() / 1_000_000);
            return 0;
        }

        private int resume(CliContext ctx, Keyring keyring, Address listAddress)
                throws Exception {
            var out = spec.commandLine().getOut();
            // Copies of earlier posts that the server did not take then (a rate limit, an outage) go first.
            var account = keyring.account(listAddress);
            if (account.isPresent()) {
                SyncCommand.report(ctx.sender().flush(org.mailv2.client.core.account.Connection.open(account.get(),
                        ctx.clock)), out);
            }
            ListPosts.Resumed resumed = service(ctx).resumePosts(keyring, listAddress, s -> { });
            if (!resumed.keyring().equals(keyring)) {
                ctx.update(k -> k.withContactsFrom(resumed.keyring()));
            }
            if (resumed.posts().isEmpty()) {
                out.println("no unfinished post of " + listAddress.display());
            }
            int exit = 0;
            for (ListPosts.ResumedPost r : resumed.posts()) {
                printResumed(out, r);
                if (r.failure() != null && exit == 0) {
                    exit = ExitCodes.forFailure(r.failure());
                }
            }
            return exit;
        }
    }

    /** Copies that went with a permit, so without proof of work (refused ones do not count). */
    static long free(java.util.List<Delivery> deliveries) {
        return deliveries.stream().filter(d -> d.outcome() != Delivery.Outcome.REFUSED && d.stampBits() == 0)
                .count();
    }

    /** What resuming did to one post, as {@code list post --resume} and {@code sync} print it. */
    static void printResumed(java.io.PrintWriter out, ListPosts.ResumedPost r) {
        if (r.list() == null) {
            out.println("a list post journal (" + r.post() + ") cannot be read: " + r.problem() + "; it is kept");
            return;
        }
        r.deliveries().stream().filter(d -> d.outcome() != Delivery.Outcome.DELIVERED)
                .forEach(d -> out.println("  " + SendCommand.line(d)));
        long refused = r.deliveries().stream().filter(d -> d.outcome() == Delivery.Outcome.REFUSED).count();
        String counts = (r.deliveries().size() - refused) + " more sent (" + free(r.deliveries())
                + " with their permits, no proof of work)" + (refused == 0 ? "" : ", " + refused + " refused") + ", "
                + r.doneBefore() + " of " + r.subscribers() + " done before, " + r.left() + " skipped (left the list)";
        out.println(r.failure() == null
                ? "list " + r.list() + ": finished the post \"" + r.subject() + "\": " + counts
                : "list " + r.list() + ": the post \"" + r.subject() + "\" is not finished: " + counts + "; "
                        + r.problem() + "; kept for the next `mailv2 sync`");
    }
}
