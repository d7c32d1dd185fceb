package org.mailv2.server.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.mailv2.server.app.RunningServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mailv2-server serve}: runs until SIGTERM/SIGINT, then stops cleanly. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Runs the server.")
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, description = "The server's config.yml.")
    Path config;

    @Override
    public Integer call() throws Exception {
        RunningServer server = RunningServer.start(config, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "shutdown"));
        spec.commandLine().getOut().println("serving " + server.url() + " (routing id " + server.routingId().hex()
                + ", certificate SHA-256 " + server.certificatePin().hex() + ")");
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }
}
