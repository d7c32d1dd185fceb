package org.mailv2.server.cli;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.server.app.ServerStorage;
import org.mailv2.server.service.AccountAdmin;
import org.mailv2.server.service.Postmaster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code mailv2-server accounts ...}: the accounts hosted here. */
@Command(name = "accounts", mixinStandardHelpOptions = true,
        description = "Lists, shows, suspends, resumes and deletes the accounts hosted here.",
        subcommands = {AccountsCommand.List.class, AccountsCommand.Show.class, AccountsCommand.Suspend.class,
            AccountsCommand.Resume.class, AccountsCommand.Delete.class})
final class AccountsCommand {
    private AccountsCommand() {
    }

    /** One account as printed: the server knows only hashes; its own postmaster is named. */
    record View(Sha256 addressHash, String note, Instant createdAt, String state,
                Instant suspendedAt, long messages, long usedBytes, long quotaBytes) {
        static View of(AccountAdmin.Entry e, Address postmaster) {
            var a = e.account();
            return new View(a.addressHash(), a.addressHash().matches(postmaster.hash()) ? postmaster.display() : "",
                    a.createdAt(),
                    a.suspended() ? "suspended" : "active", a.suspendedAt(), e.messages(), e.usedBytes(),
                    a.quotaBytes());
        }
    }

    static Table table(java.util.List<View> views) {
        Table t = new Table("ACCOUNT", "STATE", "CREATED", "MESSAGES", "USED", "QUOTA", "NOTE");
        for (View v : views) {
            t.row(v.addressHash().hex(), v.state(), OperatorCommand.time(v.createdAt()), v.messages(),
                    v.usedBytes(), v.quotaBytes(), v.note());
        }
        return t;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists every account, oldest first.")
    static final class List extends OperatorCommand {
        @Override
        int run(ServerStorage storage) throws Exception {
            Address postmaster = Postmaster.addressOf(storage.routingId());
            java.util.List<View> views = admin(storage, clock).list().stream().map(e -> View.of(e, postmaster))
                    .toList();
            print(views, table(views));
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Shows one account.")
    static final class Show extends OperatorCommand {
        @Parameters(index = "0", converter = AccountRef.class, description = "An address (alice!) or its hash.")
        Sha256 account;

        @Override
        int run(ServerStorage storage) throws Exception {
            Optional<AccountAdmin.Entry> entry = admin(storage, clock).show(account);
            if (entry.isEmpty()) {
                return refuse(NOT_FOUND, "no such account here");
            }
            View view = View.of(entry.get(), Postmaster.addressOf(storage.routingId()));
            print(view, table(java.util.List.of(view)));
            return 0;
        }
    }

    @Command(name = "suspend", mixinStandardHelpOptions = true,
            description = "Refuses the account's logins and mail for it (code 'suspended'); keeps its data.")
    static final class Suspend extends OperatorCommand {
        @Parameters(index = "0", converter = AccountRef.class, description = "An address (alice!) or its hash.")
        Sha256 account;

        @Override
        int run(ServerStorage storage) {
            if (!admin(storage, clock).suspend(account)) {
                return refuse(NOT_FOUND, "no such account here");
            }
            out().println("suspended " + account.hex());
            return 0;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Lifts a suspension.")
    static final class Resume extends OperatorCommand {
        @Parameters(index = "0", converter = AccountRef.class, description = "An address (alice!) or its hash.")
        Sha256 account;

        @Override
        int run(ServerStorage storage) {
            if (!admin(storage, clock).resume(account)) {
                return refuse(NOT_FOUND, "no such account here");
            }
            out().println("resumed " + account.hex());
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Deletes the account, its messages, its queued mail and their blobs. Cannot be undone.")
    static final class Delete extends OperatorCommand {
        @Parameters(index = "0", converter = AccountRef.class, description = "An address (alice!) or its hash.")
        Sha256 account;

        @Override
        int run(ServerStorage storage) throws Exception {
            if (!admin(storage, clock).delete(account)) {
                return refuse(NOT_FOUND, "no such account here");
            }
            out().println("deleted " + account.hex());
            return 0;
        }
    }

    private static AccountAdmin admin(ServerStorage storage, Clock clock) {
        return new AccountAdmin(storage.db(), storage.blobs(), clock);
    }
}
