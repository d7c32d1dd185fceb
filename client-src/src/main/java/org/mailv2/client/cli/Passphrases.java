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

    char[] existing() throws IOException {
        return obtain("Vault passphrase: ", false);
    }

    /** For a new vault: asked twice when prompted. */
    char[] fresh() throws IOException {
        return obtain("New vault passphrase: ", true);
    }

    private char[] obtain(String prompt, boolean confirm) throws IOException {
        if (file != null) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return text.strip().toCharArray();
        }
        String fromEnv = env.get("MAILV2_PASSPHRASE");
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
