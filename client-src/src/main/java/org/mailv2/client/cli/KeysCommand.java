package org.mailv2.client.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.mailv2.client.core.keyring.OwnAccount;
import org.mailv2.client.core.vault.VaultFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mailv2 keys list|rotate|passphrase|export|import}: the user's own keys and the vault that holds them. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Your keys and the vault.",
        subcommands = {KeysCommand.List.class, KeysCommand.Rotate.class, KeysCommand.RecoveryPhraseCommand.class,
            KeysCommand.Passphrase.class, KeysCommand.Export.class, KeysCommand.Import.class})
final class KeysCommand {
    @ParentCommand
    MailCli root;

    /** {@code mailv2 keys list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Your accounts' key ids.")
    static final class List implements Callable<Integer> {
        @ParentCommand
        KeysCommand keys;

        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Option(names = "--json", description = "Print as JSON (fields: address, signingKeyId,"
                + " encryptionKeyId, encryptionKey, createdAt, current).")
        boolean json;

        @Override
        public Integer call() throws Exception {
            var keyring = keys.root.context().keyring();
            if (json) {
                spec.commandLine().getOut().println(org.mailv2.client.core.text.UntrustedText.json(
                        keyring.accounts().stream().map(a -> {
                            java.util.Map<String, Object> row = new java.util.LinkedHashMap<>();
                            row.put("address", a.address());
                            row.put("signingKeyId", a.signingKey().keyId().hex());
                            row.put("encryptionKeyId", a.encryptionIdentity().recipient().keyId().hex());
                            row.put("encryptionKey", a.encryptionIdentity().recipient().text());
                            row.put("createdAt", a.createdAt().toString());
                            row.put("current", a.address().equals(keyring.current()));
                            return row;
                        }).toList()));
                return 0;
            }
            for (OwnAccount a : keyring.accounts()) {
                spec.commandLine().getOut().printf("%-28s signing %s  encryption %s  created %s%n", a.address(),
                        a.signingKey().keyId().shortForm(), a.encryptionIdentity().recipient().keyId().shortForm(),
                        a.createdAt());
            }
            return 0;
        }
    }

    /** {@code mailv2 keys rotate}: new keys for the current account, signed over by the old ones. */
    @Command(name = "rotate", mixinStandardHelpOptions = true, description = "Replaces the current account's keys"
            + " with new ones, signed by the old: correspondents take them without asking; old mail still opens.")
    static final class Rotate implements Callable<Integer> {
        @ParentCommand
        KeysCommand keys;

        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Option(names = "--yes", description = "Rotate without asking (scripts).")
        boolean yes;

        @picocli.CommandLine.Option(names = "--json", description = "Print as JSON (fields: address, previousKeyId,"
                + " signingKeyId, encryptionKeyId, serial, resumed).")
        boolean json;

        @Override
        public Integer call() throws Exception {
            CliContext ctx = keys.root.context();
            var out = spec.commandLine().getOut();
            try (var session = ctx.session()) {
                OwnAccount me = session.me();
                if (!yes && !(System.console() != null && Terminals.confirm("Replace the keys of " + me.address()
                        + "? Your correspondents' clients take the new ones through the old key's signature."
                        + " [y/N] "))) {
                    spec.commandLine().getErr().println("not rotated: confirm on a terminal, or pass --yes");
                    return picocli.CommandLine.ExitCode.USAGE;
                }
                var rotated = session.rotateKeys();
                if (json) {
                    java.util.Map<String, Object> row = new java.util.LinkedHashMap<>();
                    row.put("address", me.address());
                    row.put("previousKeyId", rotated.previousKey().hex());
                    row.put("signingKeyId", rotated.newKey().hex());
                    row.put("encryptionKeyId", rotated.record().encryptionKey().keyId().hex());
                    row.put("serial", rotated.record().serial());
                    row.put("resumed", rotated.resumed());
                    out.println(org.mailv2.client.core.text.UntrustedText.json(row));
                } else {
                    out.printf("%s: signing key %s replaced by %s (record serial %d)%s%n", me.address(),
                            rotated.previousKey().shortForm(), rotated.newKey().shortForm(), rotated.record().serial(),
                            rotated.resumed() ? ", finishing an interrupted rotation" : "");
                }
                return 0;
            }
        }
    }

    /** {@code mailv2 keys recovery-phrase}: the 24 words that bring the account back on a new machine. */
    @Command(name = "recovery-phrase", mixinStandardHelpOptions = true, description = "Shows the current account's"
            + " recovery phrase (made on first use; write it down, keep it offline) and stores the account's recovery"
            + " copy, sealed under it, at its server: `mailv2 account recover` on a new machine brings it back.")
    static final class RecoveryPhraseCommand implements Callable<Integer> {
        @ParentCommand
        KeysCommand keys;

        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Option(names = "--json", description = "Print as JSON (fields: address, words).")
        boolean json;

        @Override
        public Integer call() throws Exception {
            CliContext ctx = keys.root.context();
            var out = spec.commandLine().getOut();
            try (var session = ctx.session()) {
                var phrase = session.recoveryPhrase();
                String address = session.me().address();
                if (json) {
                    java.util.Map<String, Object> row = new java.util.LinkedHashMap<>();
                    row.put("address", address);
                    row.put("words", phrase.words());
                    out.println(org.mailv2.client.core.text.UntrustedText.json(row));
                    return 0;
                }
                out.println("Recovery phrase of " + address + " (write it down; anyone with it can take the"
                        + " account):");
                for (int line = 0; line < phrase.words().size(); line += 4) {
                    StringBuilder row = new StringBuilder();
                    for (int i = line; i < Math.min(line + 4, phrase.words().size()); i++) {
                        row.append(String.format("%3d. %-10s", i + 1, phrase.words().get(i)));
                    }
                    out.println(row.toString().stripTrailing());
                }
                out.println("The account's keys, contacts and permits are kept at its server, sealed under it.");
                return 0;
            }
        }
    }

    /** {@code mailv2 keys passphrase}: asks for the current passphrase, then a new one. */
    @Command(name = "passphrase", mixinStandardHelpOptions = true, description = "Changes the vault passphrase.")
    static final class Passphrase implements Callable<Integer> {
        @ParentCommand
        KeysCommand keys;

        @Override
        public Integer call() throws Exception {
            CliContext ctx = keys.root.context();
            char[] old = ctx.passphrases.existing();
            char[] fresh = ctx.passphrases.fresh("MAILV2_NEW_PASSPHRASE");
            try {
                new VaultFile().changePassphrase(ctx.paths.vault(), old, fresh);
                return 0;
            } finally {
                Arrays.fill(old, '\0');
                Arrays.fill(fresh, '\0');
            }
        }
    }

    /** {@code mailv2 keys export FILE}: an encrypted copy of the vault under its own passphrase. */
    @Command(name = "export", mixinStandardHelpOptions = true, description = "Writes an encrypted export.")
    static final class Export implements Callable<Integer> {
        @ParentCommand
        KeysCommand keys;

        @Parameters(index = "0")
        Path file;

        @Override
        public Integer call() throws Exception {
            CliContext ctx = keys.root.context();
            char[] passphrase = ctx.passphrases.existing();
            char[] exportPassphrase = ctx.passphrases.fresh("MAILV2_EXPORT_PASSPHRASE");
            try {
                new VaultFile().exportTo(ctx.paths.vault(), passphrase, file, exportPassphrase);
                return 0;
            } finally {
                Arrays.fill(passphrase, '\0');
                Arrays.fill(exportPassphrase, '\0');
            }
        }
    }

    /** {@code mailv2 keys import FILE}: restores an export on a machine that has no vault yet. */
    @Command(name = "import", mixinStandardHelpOptions = true, description = "Restores an encrypted export.")
    static final class Import implements Callable<Integer> {
        @ParentCommand
        KeysCommand keys;

        @Parameters(index = "0")
        Path file;

        @Override
        public Integer call() throws Exception {
            CliContext ctx = keys.root.context();
            char[] exportPassphrase = ctx.passphrases.existing("MAILV2_EXPORT_PASSPHRASE");
            char[] passphrase = ctx.passphrases.fresh("MAILV2_PASSPHRASE");
            try {
                new VaultFile().importFrom(file, exportPassphrase, ctx.paths.vault(), passphrase);
                return 0;
            } finally {
                Arrays.fill(passphrase, '\0');
                Arrays.fill(exportPassphrase, '\0');
            }
        }
    }
}
