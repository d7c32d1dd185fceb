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

/** {@code mailv2 keys list|passphrase|export|import}: the user's own keys and the vault that holds them. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Your keys and the vault.",
        subcommands = {KeysCommand.List.class, KeysCommand.Passphrase.class, KeysCommand.Export.class,
            KeysCommand.Import.class})
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
