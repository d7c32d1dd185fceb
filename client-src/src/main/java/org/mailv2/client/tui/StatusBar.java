package org.mailv2.client.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import java.util.List;

/**
 * The two bottom lines. The first: account, connection state, running jobs with progress bars (stamp solving with
 * hashes per second and ETA, sending, syncing, list fan-out) and the last error in words. The second: the command or
 * prompt line while one is open, else a message or the active screen's key hints.
 */
final class StatusBar extends View {
    private final MailTui app;
    private String connection = "connecting";
    private String lastError;
    private String message;

    StatusBar(MailTui app, Theme theme) {
        super(theme, new TerminalSize(80, 2));
        this.app = app;
    }

    void connection(String state) {
        connection = state;
        invalidate();
    }

    String connection() {
        return connection;
    }

    void error(String text) {
        lastError = text;
        invalidate();
    }

    String lastError() {
        return lastError;
    }

    void message(String text) {
        message = text;
        invalidate();
    }

    @Override
    void paint(TextGUIGraphics g) {
        int width = g.getSize().getColumns();
        StringBuilder line = new StringBuilder(" " + app.session().me().address() + " · " + connection);
        List<Jobs.Job> jobs = app.jobs().running();
        for (Jobs.Job job : jobs) {
            line.append(" │ ").append(job.title());
            if (job.fraction() >= 0) {
                int filled = (int) Math.round(Math.min(1, job.fraction()) * 10);
                line.append(" [").append("█".repeat(filled)).append("░".repeat(10 - filled)).append(']');
            }
            if (!job.detail().isEmpty()) {
                line.append(' ').append(job.detail());
            }
        }
        String error = lastError == null ? "" : "  last error: " + lastError + " ";
        int errorWidth = Math.min(error.length(), Math.max(0, width / 3));
        put(g, 0, 0, width - errorWidth, Theme.Role.STATUS, line.toString());
        if (errorWidth > 0) {
            put(g, width - errorWidth, 0, errorWidth, Theme.Role.WARNING, error);
        }
        Prompt prompt = app.prompt();
        if (prompt.active()) {
            put(g, 0, 1, width, Theme.Role.NORMAL, prompt.line());
        } else if (message != null) {
            put(g, 0, 1, width, Theme.Role.ACCENT, " " + message);
        } else {
            put(g, 0, 1, width, Theme.Role.DIM, " " + app.activeView().hints(app.keys()));
        }
    }
}
