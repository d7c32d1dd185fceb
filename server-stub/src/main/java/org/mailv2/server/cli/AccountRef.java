package org.mailv2.server.cli;

import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.digest.Sha256;
import picocli.CommandLine;

/**
 * How the operator names an account: by its address ({@code alice!}), or by the address hash a listing printed (the
 * server stores hashes only, so that is all {@code accounts list} can show).
 */
final class AccountRef implements CommandLine.ITypeConverter<Sha256> {
    @Override
    public Sha256 convert(String text) {
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    /** @throws IllegalArgumentException when {@code text} is neither an address nor a 64-digit hex hash */
    static Sha256 parse(String text) {
        if (text.matches("\\p{XDigit}{64}")) {
            return Sha256.parseHex(text.toLowerCase(java.util.Locale.ROOT));
        }
        try {
            return Address.parse(text).hash();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is neither an address (alice!) nor an address hash");
        }
    }
}
