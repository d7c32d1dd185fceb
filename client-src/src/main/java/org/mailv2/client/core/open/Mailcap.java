package org.mailv2.client.core.open;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The viewers named in mailcap files (RFC 1524), as mutt reads them: the files in {@code $MAILCAPS}, else
 * {@code ~/.mailcap}, {@code /etc/mailcap}, {@code /usr/etc/mailcap} and {@code /usr/local/etc/mailcap}; the first entry
 * whose type matches ({@code text/html}, {@code text/*}, {@code text}) and whose {@code test=} command succeeds wins.
 * What goes into a command is quoted for the shell: the file's path is ours, but the content type is the sender's.
 */
public final class Mailcap {
    /** A viewer: the shell command (with {@code %s} and {@code %t} still in it) and whether it needs the terminal. */
    public record Entry(String type, String command, boolean needsTerminal, String test) {
        /** The command for {@code file} of {@code contentType}; without {@code %s}, the file goes to its input. */
        public String commandFor(Path file, String contentType) {
            return substitute(command, file, contentType);
        }

        public boolean readsStandardInput() {
            return !command.contains("%s");
        }
    }

    private final List<Entry> entries;

    Mailcap(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The entries of the mailcap files this environment names, in order; unreadable files are skipped. */
    public static Mailcap load(Map<String, String> env) {
        List<Entry> all = new ArrayList<>();
        for (Path file : files(env)) {
            try {
                all.addAll(parse(Files.readString(file, StandardCharsets.UTF_8)));
            } catch (IOException | RuntimeException unreadable) {
                // mutt skips a missing or broken mailcap file too; the next one may have the entry
            }
        }
        return new Mailcap(all);
    }

    static List<Path> files(Map<String, String> env) {
        String listed = env.get("MAILCAPS");
        List<Path> files = new ArrayList<>();
        if (listed != null && !listed.isBlank()) {
            for (String f : listed.split(":")) {
                if (!f.isBlank()) {
                    files.add(Path.of(f));
                }
            }
            return files;
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        files.add(Path.of(home, ".mailcap"));
        for (String f : List.of("/etc/mailcap", "/usr/etc/mailcap", "/usr/local/etc/mailcap")) {
            files.add(Path.of(f));
        }
        return files;
    }

    static List<Entry> parse(String text) {
        List<Entry> entries = new ArrayList<>();
        StringBuilder logical = new StringBuilder();
        for (String line : text.split("\r?\n", -1)) {
            if (logical.isEmpty() && (line.isBlank() || line.stripLeading().startsWith("#"))) {
                continue;
            }
            if (line.endsWith("\\")) {
                logical.append(line, 0, line.length() - 1);
                continue;
            }
            logical.append(line);
            entry(logical.toString()).ifPresent(entries::add);
            logical.setLength(0);
        }
        return entries;
    }

    private static Optional<Entry> entry(String line) {
        List<String> fields = fields(line);
        if (fields.size() < 2 || fields.get(0).isBlank() || fields.get(1).isBlank()) {
            return Optional.empty();
        }
        String type = fields.get(0).strip().toLowerCase(Locale.ROOT);
        boolean terminal = false;
        String test = null;
        for (String flag : fields.subList(2, fields.size())) {
            String f = flag.strip();
            if (f.equalsIgnoreCase("needsterminal")) {
                terminal = true;
            } else if (f.toLowerCase(Locale.ROOT).startsWith("test=")) {
                test = f.substring(5).strip();
            }
        }
        return Optional.of(new Entry(type.contains("/") ? type : type + "/*", fields.get(1).strip(), terminal, test));
    }

    /** Fields split on unescaped semicolons; {@code \;} stays a semicolon in its field. */
    private static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == ';') {
                field.append(';');
                i++;
            } else if (c == ';') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    /**
     * The first entry for {@code contentType} whose test passes ({@code passes} runs a test command).
     *
     * @param contentType a type already checked to be {@code type/subtype} in lower case
     */
    public Optional<Entry> find(String contentType, Path file, Predicate<String> passes) {
        String major = contentType.substring(0, contentType.indexOf('/'));
        for (Entry e : entries) {
            boolean matches = e.type().equals(contentType) || e.type().equals(major + "/*") || e.type().equals("*/*");
            if (matches && (e.test() == null || passes.test(substitute(e.test(), file, contentType)))) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    static String substitute(String command, Path file, String contentType) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == '%' && i + 1 < command.length()) {
                char next = command.charAt(++i);
                switch (next) {
                    case 's' -> out.append(quote(file.toString()));
                    case 't' -> out.append(quote(contentType));
                    case '%' -> out.append('%');
                    default -> out.append('%').append(next);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A single-quoted shell word. */
    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
