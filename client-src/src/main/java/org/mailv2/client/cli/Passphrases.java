package org.mailv2.client.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Where the vault passphrase comes from, never argv: {@code --passphrase-file}, then {@code MAILV2_PASSPHRASE} (for
 * scripts), then a masked prompt on the terminal.
 */
final class Passphrases {
    private final Path file;
    private final Map<String, String> env;

    Passphrases(Path file, Map<String, String> env) {
        this.file = file;
        this.env = env;
    }

    static final String VAULT = "MAILV2_PASSPHRASE";

    char[] existing() throws IOException {
        return existing(VAULT);
    }

    /** A passphrase that exists already: the vault's, or an export's ({@code MAILV2_EXPORT_PASSPHRASE}). */
    char[] existing(String variable) throws IOException {
        return obtain(variable, variable.equals(VAULT) ? "Vault passphrase: " : "Export passphrase: ", false);
    }

    /** For a new vault: asked twice when prompted. */
    char[] fresh() throws IOException {
        return fresh(VAULT);
    }

    /** A new passphrase; from {@code variable} in scripts (e.g. {@code MAILV2_NEW_PASSPHRASE}), else asked twice. */
    char[] fresh(String variable) throws IOException {
        return obtain(variable, variable.equals(VAULT) ? "New vault passphrase: " : "New passphrase: ", true);
    }

    private char[] obtain(String variable, String prompt, boolean confirm) throws IOException {
        if (file != null && variable.equals(VAULT)) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return text.strip().toCharArray();
        }
        String fromEnv = env.get(variable);
        if (fromEnv != null) {
            return fromEnv.toCharArray();
        }
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).build();
            char[] first = reader.readLine(prompt, '*').toCharArray();
            if (confirm) {
                char[] again = reader.readLine("Again: ", '*').toCharArray();
                if (!Arrays.equals(first, again)) {
                    throw new IOException("the two passphrases differ");
                }
            }
            if (first.length < 8) {
                throw new IOException("a passphrase has at least 8 characters");
            }
            return first;
        }
    }
}
