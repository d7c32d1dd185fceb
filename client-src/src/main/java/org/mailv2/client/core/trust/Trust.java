package org.mailv2.client.core.trust;

import java.util.Locale;

/**
 * What the client knows of a message's sender, as the user sees it.
 * <ul>
 *   <li>{@code VERIFIED}: signed by the pinned key of a contact whose safety number the user compared;</li>
 *   <li>{@code PINNED}: signed by the key pinned on first use (or a rotation that key signed);</li>
 *   <li>{@code KEY_CHANGED}: signed by another key, which the pinned key did not endorse: not shown as verified until
 *       the user accepts the key;</li>
 *   <li>{@code FAILED}: a signature, ciphertext, record or membership check failed;</li>
 *   <li>{@code UNCHECKED}: cached by a client before these rules; checked again at the next sync.</li>
 * </ul>
 */
public enum Trust {
    VERIFIED, PINNED, KEY_CHANGED, FAILED, UNCHECKED;

    /** Whether the message may be shown as coming from its sender (✓). */
    public boolean signatureVerified() {
        return this == VERIFIED || this == PINNED;
    }

    /** The form in {@code --json} output and in the cache: {@code verified}, {@code pinned}, {@code key-changed}, … */
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Trust fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
