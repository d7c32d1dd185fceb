package org.mailv2.server.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import org.mailv2.protocol.json.Json;
import org.mailv2.server.app.ServerStorage;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * An operator's command on a server's storage, opened from its config: safe beside the running server (see
 * {@link ServerStorage}). Exit codes: 0 done, 1 failure, 2 usage (a malformed address or id), 3 no such account,
 * invitation or queue item, 4 busy (a queue item is being relayed right now); a refused command changes nothing.
 */
abstract class OperatorCommand implements Callable<Integer> {
    static final int NOT_FOUND = 3;
    static final int BUSY = 4;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, description = "The server's config.yml.")
    Path config;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    Clock clock = Clock.systemUTC();

    @Override
    public final Integer call() throws Exception {
        try (ServerStorage storage = ServerStorage.open(config)) {
            return run(storage);
        }
    }

    abstract int run(ServerStorage storage) throws Exception;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Prints {@code why} on stderr and returns {@code exit}. */
    int refuse(int exit, String why) {
        spec.commandLine().getErr().println("mailv2-server: " + why);
        return exit;
    }

    /** Prints {@code value} as JSON when asked, else the table. */
    void print(Object value, Table table) {
        if (json) {
            out().println(new String(Json.write(value), StandardCharsets.UTF_8));
        } else {
            out().print(table.render());
        }
        out().flush();
    }

    static String time(Instant instant) {
        return instant == null ? "-" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
