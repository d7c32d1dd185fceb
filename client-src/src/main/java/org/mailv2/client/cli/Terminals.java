package org.mailv2.client.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether standard output is a terminal (raw bytes of a message should not be written to one). */
final class Terminals {
    private Terminals() {
    }

    static boolean stdoutIsTerminal() {
        Path fd = Path.of("/proc/self/fd/1");
        if (Files.isSymbolicLink(fd)) {
            try {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
            } catch (IOException | UnsupportedOperationException unknown) {
                // fall through to the console test
            }
        }
        // Elsewhere: a console exists only when both standard input and output are terminals (JDK 17).
        return System.console() != null;
    }

    /** Asks a yes/no question on the terminal; only {@code y} or {@code yes} is yes. */
    static boolean confirm(String question) throws java.io.IOException {
        try (org.jline.terminal.Terminal terminal = org.jline.terminal.TerminalBuilder.builder().system(true).build()) {
            String answer = org.jline.reader.LineReaderBuilder.builder().terminal(terminal).build().readLine(question);
            return answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes");
        }
    }
}
