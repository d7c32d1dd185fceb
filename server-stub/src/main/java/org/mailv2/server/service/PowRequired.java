package org.mailv2.server.service;

import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/** {@code pow_required} with the bits this server asks for, so the answer can name them. */
public final class PowRequired extends ProtocolException {
    private final int bits;

    public PowRequired(int bits) {
        super(ErrorCode.POW_REQUIRED, "a first message needs a proof-of-work stamp of " + bits + " bits");
        this.bits = bits;
    }

    public int bits() {
        return bits;
    }
}
