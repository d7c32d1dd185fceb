package org.mailv2.client.tui;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.mailv2.client.core.text.UntrustedText;

/**
 * The pipe action's work, run off the GUI thread: a shell command gets the raw message on its standard input; its
 * output is read (the first line is shown, the rest dropped) so it never blocks on a full pipe. The command runs in
 * the background, not in the terminal: a pager or an editor has no screen here.
 */
final class Pipe {
    /** What a command is handed: the message written to its standard input. */
    interface Source {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final int KEPT_OUTPUT = 4096;

    private Pipe() {
    }

    /** Runs {@code command} with {@code sh -c}, feeds it {@code source}; returns the line for the status bar. */
    static String run(String command, Source source) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.PIPE).start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> keep(process.getInputStream(), output), "pipe-output");
        reader.setDaemon(true);
        reader.start();
        IOException writing = null;
        try (OutputStream in = process.getOutputStream()) {
            source.writeTo(in);
        } catch (IOException e) {
            writing = e;
        }
        int status = process.waitFor();
        reader.join(5_000);
        if (writing != null && !brokenPipe(writing)) {
            throw writing;
        }
        String first;
        synchronized (output) {
            first = output.toString(StandardCharsets.UTF_8).strip().lines().findFirst().orElse("");
        }
        // What the command prints is derived from the sender's bytes: sanitised like any text from others.
        return "'" + UntrustedText.line(command) + "' exited with " + status
                + (first.isEmpty() ? "" : ": " + UntrustedText.line(first));
    }

    /** The command stopped reading early (head, grep -q): not a failure of ours. */
    private static boolean brokenPipe(IOException e) {
        String m = e.getMessage();
        return m != null && (m.contains("Broken pipe") || m.contains("Stream closed"));
    }

    private static void keep(InputStream in, ByteArrayOutputStream output) {
        byte[] chunk = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                synchronized (output) {
                    int room = KEPT_OUTPUT - output.size();
                    if (room > 0) {
                        output.write(chunk, 0, Math.min(room, n));
                    }
                }
            }
        } catch (IOException closed) {
            // the process went away: what was read is kept
        }
    }
}
