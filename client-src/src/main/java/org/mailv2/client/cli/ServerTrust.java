package org.mailv2.client.cli;

import java.io.IOException;
import java.io.PrintWriter;
import org.mailv2.protocol.api.CertificateProbe;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import picocli.CommandLine.Option;

/**
 * The {@code --pin}/{@code --yes} options of every command that meets a server for the first time, and the one
 * decision they feed: the server's certificate is trusted when it matches {@code --pin}, when {@code --yes} says so,
 * or when the user confirms its fingerprint on a terminal (as SSH does with host keys).
 */
final class ServerTrust {
    @Option(names = "--pin", description = "The server's certificate SHA-256, as its operator published it.")
    String pin;

    @Option(names = "--yes", description = "Accept the server's certificate without asking (scripts).")
    boolean yes;

    /**
     * @return the pin to trust
     * @throws ProtocolException {@code bad_key} when the server shows another certificate than {@code --pin},
     *     {@code forbidden} when the user did not accept it
     */
    Sha256 confirm(String server, PrintWriter out) throws IOException {
        Sha256 seen = CertificateProbe.pinOf(server);
        if (pin != null) {
            if (!Sha256.parseHex(pin).matches(seen)) {
                throw new ProtocolException(ErrorCode.BAD_KEY, "the server shows certificate " + seen.hex()
                        + ", not the one given with --pin");
            }
            return seen;
        }
        if (yes) {
            return seen;
        }
        out.println("The server's certificate has SHA-256 " + seen.hex() + ".");
        out.flush();
        if (System.console() != null && Terminals.confirm("Is that the certificate its operator published? [y/N] ")) {
            return seen;
        }
        out.println("Check it with the server's operator, then run again with --pin " + seen.hex() + " (or --yes).");
        out.flush();
        throw new ProtocolException(ErrorCode.FORBIDDEN, "the server's certificate was not confirmed");
    }
}
