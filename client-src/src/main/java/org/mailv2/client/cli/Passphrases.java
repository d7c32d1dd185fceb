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

    static final String RECOVERY_PHRASE = "MAILV2_RECOVERY_PHRASE";

    /** A passphrase that exists already: the vault's, or an export's ({@code MAILV2_EXPORT_PASSPHRASE}). */
    char[] existing(String variable) throws IOException {
        return obtain(variable, variable.equals(VAULT) ? "Vault passphrase: " : variable.equals(RECOVERY_PHRASE)
                ? "Recovery phrase (24 words): " : "Export passphrase: ", false);
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
            Ask ask = p -> reader.readLine(p, '*').toCharArray();
            if (confirm) {
                return chooseNew(prompt, ask, line -> {
                    terminal.writer().println(line);
                    terminal.writer().flush();
                });
            }
            char[] first = ask.read(prompt);
            if (first.length < MIN_LENGTH) {
                throw new IOException("a passphrase has at least " + MIN_LENGTH + " characters");
            }
            return first;
        }
    }

    static final int MIN_LENGTH = 8;

    /** One masked question on the terminal. */
    @FunctionalInterface
    interface Ask {
        char[] read(String prompt) throws IOException;
    }

    /**
     * A new passphrase from prompts that forgive: one too short or not typed the same twice is explained and asked
     * again, instead of ending the program (Ctrl-D or Ctrl-C still does).
     */
    static char[] chooseNew(String prompt, Ask ask, java.util.function.Consumer<String> say) throws IOException {
        while (true) {
            char[] first = ask.read(prompt);
            if (first.length < MIN_LENGTH) {
                say.accept("A vault passphrase has at least " + MIN_LENGTH + " characters (this one has "
                        + first.length + "): it is all that protects your keys on this computer. Try a longer one —"
                        + " a few words are easy to remember.");
                Arrays.fill(first, '\0');
                continue;
            }
            char[] again = ask.read("Again: ");
            if (!Arrays.equals(first, again)) {
                say.accept("The two differ; once more, please.");
                Arrays.fill(first, '\0');
                Arrays.fill(again, '\0');
                continue;
            }
            Arrays.fill(again, '\0');
            return first;
        }
    }
}
