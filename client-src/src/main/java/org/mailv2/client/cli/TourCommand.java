package org.mailv2.client.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mailv2 tour}: the protocol at work with throwaway identities — no server, no files. */
@Command(name = "tour", mixinStandardHelpOptions = true,
        description = "Shows the protocol at work: identities, a stamp, a sealed message, opening it.")
final class TourCommand implements Callable<Integer> {
    private static final int STAMP_BITS = 20;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        var out = spec.commandLine().getOut();
        out.println("mailv2 — end-to-end encrypted, spam-resistant mail.");
        out.println("A tour of the protocol with throwaway identities (nothing is stored or sent):");
        out.println();
        out.flush();
        PrintStream stream = new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                out.write(b);
            }

            @Override
            public void flush() {
                out.flush();
            }
        }, true, java.nio.charset.StandardCharsets.UTF_8);
        new ProtocolTour(stream).run(STAMP_BITS);
        stream.flush();
        return 0;
    }
}
