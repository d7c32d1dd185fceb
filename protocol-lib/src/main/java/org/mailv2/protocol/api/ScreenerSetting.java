package org.mailv2.protocol.api;

import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/**
 * {@code GET/PUT /api/v1/screener}: whether the account's server files stamped mail from senders it has not allowed
 * in the {@code screener} box (on by default) rather than the inbox.
 */
public record ScreenerSetting(Boolean enabled) {
    /** @throws ProtocolException {@code malformed} without {@code enabled} */
    public ScreenerSetting {
        if (enabled == null) {
            throw new ProtocolException(ErrorCode.MALFORMED, "the screener setting needs \"enabled\"");
        }
    }

    public static ScreenerSetting of(boolean enabled) {
        return new ScreenerSetting(enabled);
    }
}
