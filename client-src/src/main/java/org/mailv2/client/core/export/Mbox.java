package org.mailv2.client.core.export;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;

/**
 * One mbox file (the mboxrd variant) for every box: each message starts with a {@code From sender date} line, lines
 * of the message that start with {@code From } after any number of {@code >} get one more {@code >}, and a blank line
 * ends it. The flags go in the headers mutt and Thunderbird read ({@code Status: RO} for seen, {@code X-Status: F}
 * flagged and {@code A} answered), and the box in {@code X-Mailv2-Box}, added above the message's own header. A
 * message that fails half-way is cut off the file again. The file must not exist yet.
 */
public final class Mbox implements ExportTarget {
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy",
            Locale.ROOT);

    private final FileChannel channel;
    private final OutputStream file;

    public Mbox(Path path) throws IOException {
        try {
            this.channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException exists) {
            throw new FileAlreadyExistsException(path.toString(), null, "the mbox file exists already");
        }
        this.file = new java.io.BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
    }

    @Override
    public boolean holds(String box, String messageId) {
        return false;
    }

    @Override
    public Entry begin(String box, String messageId, Set<String> flags, String from, Instant received)
            throws IOException {
        file.flush();
        long start = channel.position();
        StringBuilder head = new StringBuilder("From ").append(from.replaceAll("\\s", "_")).append(' ')
                .append(ASCTIME.format(received.atOffset(ZoneOffset.UTC))).append('\n');
        head.append("X-Mailv2-Box: ").append(box.replaceAll("\\p{Cntrl}", "")).append('\n');
        if (flags.contains("seen")) {
            head.append("Status: RO\n");
        }
        String x = (flags.contains("flagged") ? "F" : "") + (flags.contains("answered") ? "A" : "");
        if (!x.isEmpty()) {
            head.append("X-Status: ").append(x).append('\n');
        }
        file.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        FromQuoting quoted = new FromQuoting(file);
        return new Entry() {
            @Override
            public OutputStream out() {
                return quoted;
            }

            @Override
            public void commit() throws IOException {
                quoted.end();
                file.flush();
            }

            @Override
            public void abort() throws IOException {
                file.flush();
                channel.truncate(start);
                channel.position(start);
            }
        };
    }

    @Override
    public void close() throws IOException {
        file.flush();
        channel.force(true);
        channel.close();
    }

    /** mboxrd: {@code >*From } at the start of a line gets one more {@code >}; the message ends with a blank line. */
    static final class FromQuoting extends FilterOutputStream {
        private static final byte[] FROM = "From ".getBytes(StandardCharsets.US_ASCII);
        /** At a line's start: the {@code >}s and the part of "From " seen so far, not yet written. */
        private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
        private boolean lineStart = true;
        private int matched;
        private int last = '\n';

        FromQuoting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            last = b;
            if (!lineStart) {
                out.write(b);
                if (b == '\n') {
                    lineStart = true;
                }
                return;
            }
            if (matched == 0 && b == '>') {
                pending.write(b);
                return;
            }
            if (b == FROM[matched]) {
                pending.write(b);
                if (++matched == FROM.length) {
                    out.write('>');
                    flushPending();
                }
                return;
            }
            flushPending();
            lineStart = false;
            write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        private void flushPending() throws IOException {
            pending.writeTo(out);
            pending.reset();
            matched = 0;
            lineStart = false;
        }

        /** Ends the message: what is pending, a line end if the message lacked one, and the blank line. */
        void end() throws IOException {
            pending.writeTo(out);
            pending.reset();
            if (last != '\n') {
                out.write('\n');
            }
            out.write('\n');
        }

        @Override
        public void close() {
            // the file stays open for the next message
        }
    }
}
