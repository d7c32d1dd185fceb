package org.mailv2.client.cli;

import java.io.IOException;
import java.io.PrintStream;

/**
 * The {@code mailv2} entry point. Until the server, the client core and the TUI land, it shows what protocol-lib
 * does end to end, with real keys, a real stamp and real encryption.
 */
public final class Main {
    private static final int TOUR_STAMP_BITS = 20;

    private Main() {
    }

    public static void main(String[] args) throws IOException {
        PrintStream out = System.out;
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println("usage: mailv2 [--help]");
            out.println("Runs a tour of the mailv2 protocol: identities, a proof-of-work stamp, sealing, opening.");
            return;
        }
        if (args.length > 0) {
            System.err.println("mailv2: unknown argument '" + args[0] + "' (the command line arrives with the client"
                    + " issue); try --help");
            System.exit(2);
        }
        out.println("mailv2 — end-to-end encrypted, spam-resistant mail.");
        out.println("The server and the terminal UI are not built yet; this is the protocol library at work:");
        out.println();
        new ProtocolTour(out).run(TOUR_STAMP_BITS);
    }
}
