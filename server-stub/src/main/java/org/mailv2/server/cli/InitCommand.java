package org.mailv2.server.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.mailv2.server.app.ServerInit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mailv2-server init}: creates a server directory. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Writes DIR/config.yml, a self-signed certificate and the server's identity key.")
final class InitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, description = "Directory for the server's files.")
    Path dir;

    @Option(names = "--hostname", required = true, description = "Name clients reach the server by.")
    String hostname;

    @Option(names = "--port", defaultValue = "2424", description = "TLS port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--resolver", defaultValue = "self",
            description = "'self' to run the resolver role here, or a resolver's https URL.")
    String resolver;

    @Option(names = "--resolver-pin",
            description = "SHA-256 (hex) of a self-signed resolver's certificate, as its init printed.")
    String resolverPin;

    @Option(names = "--registration", defaultValue = "open", description = "open or invite.")
    String registration;

    @Option(names = "--pow-account", defaultValue = "26", description = "Proof-of-work bits for a new account.")
    int powAccount;

    @Option(names = "--pow-message", defaultValue = "24", description = "Proof-of-work bits for a first message.")
    int powMessage;

    @Option(names = "--metrics-port",
            description = "Serve Prometheus metrics on 127.0.0.1 at this port (plain HTTP, loopback only);"
                    + " off if unset.")
    Integer metricsPort;

    @Override
    public Integer call() throws Exception {
        ServerInit.Created created = ServerInit.init(dir, hostname, port, resolver, resolverPin, registration,
                powAccount, powMessage, metricsPort, Clock.systemUTC(), new SecureRandom());
        var out = spec.commandLine().getOut();
        out.println("created " + created.config());
        out.println("routing id          " + created.routingId().hex());
        out.println("certificate SHA-256 " + created.certificatePin().hex());
        out.println("start it with: mailv2-server serve --config " + created.config());
        return 0;
    }
}
