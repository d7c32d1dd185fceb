package org.mailv2.server.store;

import java.time.Instant;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.keys.SigningPublicKey;

/** An account's recovery copy as stored: sealed by the client, with the recovery key that may fetch it. */
public record RecoveryCopy(Sha256 account, SigningPublicKey recoveryKey, byte[] copy, Instant updatedAt) {
}
