package org.mailv2.client.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mailv2.client.core.account.AccountCreator;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.keyring.OwnAccount;
import org.mailv2.client.core.session.ClientSession;
import org.mailv2.client.core.session.ScreenerActions;
import org.mailv2.client.core.text.UntrustedText;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.resolver.AddressRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mailv2 account create|recover|list|use|set|move}. */
@Command(name = "account", mixinStandardHelpOptions = true, description = "Create and choose accounts.",
        subcommands = {AccountCommand.Create.class, AccountCommand.Recover.class, AccountCommand.List.class,
            AccountCommand.Use.class, AccountCommand.Set.class, AccountMoveCommand.class})
final class AccountCommand {
    @ParentCommand
    MailCli root;

    /** {@code mailv2 account create ADDRESS --server URL}. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Creates an account at a server: new keys, proof of work, registration.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        AccountCommand account;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "The address, e.g. alice!")
        String address;

        @Option(names = "--server", required = true, description = "The server's https URL.")
        String server;

        @Option(names = "--name", description = "Your display name.")
        String name;

        @Option(names = "--invite", description = "Invitation token (invite-only servers).")
        String invitation;

        @picocli.CommandLine.Mixin
        ServerTrust trust;



        @Override
        public Integer call() throws Exception {
            CliContext ctx = account.root.context();
            var out = spec.commandLine().getOut();
            Address parsed = Address.parse(address);
            Sha256 seen = trust.confirm(server, out);
            CliContext.Opened opened = ctx.open();
            try {
                out.println("Creating " + parsed.display() + " at " + server + " (solving the proof of work)…");
                out.flush();
                OwnAccount created;
                try (TerminalProgress progress = TerminalProgress.on(spec.commandLine().getErr())) {
                    created = new AccountCreator(ctx.clock, ctx.random, ctx.solver)
                            .create(parsed, name, server, seen, invitation, progress::stamp);
                }
                ctx.update(k -> k.withAccount(created));
                out.println("Created " + created.address() + ", key " + created.signingKey().keyId().shortForm());
                return 0;
            } finally {
                Arrays.fill(opened.passphrase(), '\0');
            }
        }
    }

    /** {@code mailv2 account recover ADDRESS --server URL}: the account back from its recovery phrase. */
    @Command(name = "recover", mixinStandardHelpOptions = true, description = "Restores an account from its recovery"
            + " phrase (MAILV2_RECOVERY_PHRASE in scripts) on a new machine, or adds it to this one's vault (a second"
            + " device): keys, contacts, permits; then its mail comes back from the server.")
    static final class Recover implements Callable<Integer> {
        @ParentCommand
        AccountCommand account;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "The address, e.g. alice!")
        String address;

        @Option(names = "--server", required = true, description = "The https URL of the account's own server.")
        String server;

        @picocli.CommandLine.Mixin
        ServerTrust trust;

        @Override
        public Integer call() throws Exception {
            CliContext ctx = account.root.context();
            var out = spec.commandLine().getOut();
            Address parsed = Address.parse(address);
            if (ctx.vaultExists() && ctx.keyring().account(parsed).isPresent()) {
                spec.commandLine().getErr().println("this vault holds " + parsed.display() + " already");
                return picocli.CommandLine.ExitCode.USAGE;
            }
            char[] typed = ctx.passphrases.existing(Passphrases.RECOVERY_PHRASE);
            org.mailv2.protocol.recovery.RecoveryPhrase phrase;
            try {
                phrase = org.mailv2.protocol.recovery.RecoveryPhrase.parse(new String(typed));
            } finally {
                Arrays.fill(typed, '\0');
            }
            Sha256 seen = trust.confirm(server, out);
            var recovered = org.mailv2.client.core.account.RecoveryCopies.recover(parsed, server, seen, phrase,
                    ctx.clock);
            CliContext.Opened opened = ctx.open();
            try {
                Keyring saved = ctx.update(k -> {
                    Keyring merged = recovered.into(k);
                    return merged.cacheKey() != null ? merged : merged.withCacheKey(ctx.random);
                });
                OwnAccount me = saved.currentAccount();
                out.println("Recovered " + me.address() + " (key " + me.signingKey().keyId().shortForm() + ", "
                        + org.mailv2.client.core.text.Plural.of(me.retiredKeys().size(), "earlier key") + ", "
                        + org.mailv2.client.core.text.Plural.of(recovered.shared().contacts().size(), "contact")
                        + "); `mailv2 sync` brings the mail back");
                return 0;
            } finally {
                Arrays.fill(opened.passphrase(), '\0');
            }
        }
    }

    /** {@code mailv2 account list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists your accounts.")
    static final class List implements Callable<Integer> {
        @ParentCommand
        AccountCommand account;

        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print as JSON (fields: address, server, keyId, current).")
        boolean json;

        @Override
        public Integer call() throws Exception {
            CliContext ctx = account.root.context();
            Keyring keyring = ctx.keyring();
            if (json) {
                spec.commandLine().getOut().println(new String(org.mailv2.protocol.json.Json.write(
                        keyring.accounts().stream().map(a -> java.util.Map.of("address", a.address(), "server",
                                a.serverUrl(), "keyId", a.signingKey().keyId().hex(), "current",
                                a.address().equals(keyring.current()))).toList()),
                        java.nio.charset.StandardCharsets.UTF_8));
                return 0;
            }
            for (OwnAccount a : keyring.accounts()) {
                String mark = a.address().equals(keyring.current()) ? "* " : "  ";
                spec.commandLine().getOut().println(mark + a.address() + "  " + a.serverUrl() + "  key "
                        + a.signingKey().keyId().shortForm());
            }
            return 0;
        }
    }

    /** {@code mailv2 account use ADDRESS}. */
    @Command(name = "use", mixinStandardHelpOptions = true, description = "Makes an account the current one.")
    static final class Use implements Callable<Integer> {
        @ParentCommand
        AccountCommand account;

        @Parameters(index = "0")
        String address;

        @Override
        public Integer call() throws Exception {
            account.root.context().update(keyring -> keyring.withCurrent(Address.parse(address)));
            return 0;
        }
    }

    /** {@code mailv2 account set --screener on|off}: settings the own server keeps for the current account. */
    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Changes the current account's settings at its server; without options, shows them.")
    static final class Set implements Callable<Integer> {
        @ParentCommand
        AccountCommand account;

        @Spec
        CommandSpec spec;

        @Option(names = "--screener", paramLabel = "on|off", description = "Hold stamped mail from senders you have"
                + " not written to or accepted in the screener (on, the default) or let it into the inbox (off).")
        Switch screener;

        @Option(names = "--json", description = "Print the settings as JSON (fields: address, screener, stampBits —"
                + " null when you ask only what the server asks).")
        boolean json;

        @Option(names = "--stamp-bits", paramLabel = "N|server", description = "The proof of work strangers pay to"
                + " write to you: N bits (1.." + AddressRecord.MAX_FIRST_CONTACT_BITS + "; your server asks at least its"
                + " own), published in your address record; `server` asks only what the servers ask.")
        String stampBits;

        enum Switch { on, off }

        @Override
        public Integer call() throws Exception {
            try (ClientSession session = account.root.context().session()) {
                if (screener != null) {
                    session.screener().setEnabled(screener == Switch.on);
                }
                if (stampBits != null) {
                    session.screener().setFirstContactBits(ScreenerActions.parseBits(stampBits));
                }
                var out = spec.commandLine().getOut();
                boolean screening = session.screener().enabled();
                Integer asked = session.screener().firstContactBits();
                if (json) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("address", session.me().address());
                    row.put("screener", screening);
                    row.put("stampBits", asked);
                    out.println(UntrustedText.json(row));
                    return 0;
                }
                out.println("screener: " + (screening ? "on" : "off"));
                out.println("stamp bits asked of strangers: " + (asked == null ? "the server's" : asked));
            }
            return 0;
        }
    }
}
