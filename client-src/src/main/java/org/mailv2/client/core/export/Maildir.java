package org.mailv2.client.core.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One maildir per box under a folder ({@code DIR/inbox/{cur,new,tmp}}, {@code DIR/sent/…}): the layout of aerc's
 * {@code maildir://DIR} and of NeoMutt's {@code neomutt -f DIR/inbox} (with {@code folder=DIR}, every box is a
 * mailbox). Each message is written into {@code tmp/}, synced, and renamed into {@code cur/} with its flags in the
 * name ({@code :2,FRST}: flagged, answered, seen, and T for what lies in the trash). Running it again adds only
 * what is not there yet.
 */
public final class Maildir implements ExportTarget {
    private static final Pattern SAFE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private final Path root;
    private final Map<String, Set<String>> present = new HashMap<>();

    public Maildir(Path root) throws IOException {
        this.root = root;
        Files.createDirectories(root);
    }

    /** The maildir a box goes to: its name when that is a plain file name, else an escaped form. */
    static String folderName(String box) {
        String lower = box.toLowerCase(java.util.Locale.ROOT);
        if (SAFE.matcher(lower).matches() && lower.equals(box)) {
            return box;
        }
        StringBuilder name = new StringBuilder("box-");
        for (byte b : box.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            name.append(c < 128 && Character.isLetterOrDigit(c) ? String.valueOf(c) : String.format("%%%02x", b));
        }
        return name.toString();
    }

    /** Maildir's info flags, in ASCII order as the format requires. */
    static String flags(String box, Set<String> flags) {
        Set<Character> letters = new TreeSet<>();
        if (flags.contains("flagged")) {
            letters.add('F');
        }
        if (flags.contains("answered")) {
            letters.add('R');
        }
        if (flags.contains("seen")) {
            letters.add('S');
        }
        if (box.equals("trash")) {
            letters.add('T');
        }
        StringBuilder s = new StringBuilder();
        letters.forEach(s::append);
        return s.toString();
    }

    private Path folder(String box) throws IOException {
        Path dir = root.resolve(folderName(box));
        for (String sub : new String[] {"cur", "new", "tmp"}) {
            Files.createDirectories(dir.resolve(sub));
        }
        return dir;
    }

    @Override
    public void startBox(String box) throws IOException {
        folder(box);
    }

    @Override
    public boolean holds(String box, String messageId) throws IOException {
        Set<String> ids = present.get(box);
        if (ids == null) {
            ids = new HashSet<>();
            Path dir = folder(box);
            for (String sub : new String[] {"cur", "new"}) {
                try (Stream<Path> files = Files.list(dir.resolve(sub))) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        String[] parts = f.getFileName().toString().split("[.:]");
                        if (parts.length > 1) {
                            ids.add(parts[1]);
                        }
                    }
                }
            }
            present.put(box, ids);
        }
        return ids.contains(messageId);
    }

    @Override
    public Entry begin(String box, String messageId, Set<String> flags, String from, Instant received)
            throws IOException {
        Path dir = folder(box);
        String unique = received.getEpochSecond() + "." + messageId + ".mailv2";
        Path tmp = dir.resolve("tmp").resolve(unique);
        Path cur = dir.resolve("cur").resolve(unique + ":2," + flags(box, flags));
        OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new Entry() {
            @Override
            public OutputStream out() {
                return out;
            }

            @Override
            public void commit() throws IOException {
                out.close();
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
                Files.setLastModifiedTime(tmp, java.nio.file.attribute.FileTime.from(received));
                Files.move(tmp, cur, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                present.computeIfAbsent(box, b -> new HashSet<>()).add(messageId);
            }

            @Override
            public void abort() throws IOException {
                out.close();
                Files.deleteIfExists(tmp);
            }
        };
    }

    @Override
    public void close() {
    }
}
