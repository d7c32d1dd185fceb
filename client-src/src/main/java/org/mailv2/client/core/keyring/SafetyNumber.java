package org.mailv2.client.core.keyring;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.keys.SigningPublicKey;

/**
 * The safety number of two correspondents: 60 digits that both compute alike from their two identity (Ed25519 signing)
 * keys and addresses, and compare out of band (read aloud, or side by side) to rule out a substituted key.
 *
 * <p>Signal's numeric fingerprint (libsignal {@code fingerprint.rs}, version 0, 5,200 iterations of SHA-512), with
 * our stable identifier (the 32 bytes of the address hash) and our key encoding (the raw 32-byte Ed25519 key, where
 * Signal has a 33-byte type-prefixed Curve25519 key); the two halves are ordered by address hash, lower first, where
 * Signal orders them by their digits. {@code docs/protocol.md} §7.5 specifies it, with a test vector.
 */
public record SafetyNumber(String digits) {
    /** SHA-512 iterations per side, as Signal: more than 112 bits of work to find a second key with the same half. */
    public static final int ITERATIONS = 5200;
    public static final int DIGITS = 60;
    private static final byte[] VERSION = {0, 0};
    private static final int GROUP = 5;
    private static final int GROUPS_PER_LINE = 4;

    /** @throws IllegalArgumentException unless exactly 60 ASCII digits */
    public SafetyNumber {
        if (digits == null || digits.length() != DIGITS || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("a safety number is exactly " + DIGITS + " digits");
        }
    }

    /**
     * The safety number of {@code a} (with identity key {@code aKey}) and {@code b}; the same from either side:
     * {@code of(a, aKey, b, bKey)} equals {@code of(b, bKey, a, aKey)}.
     */
    public static SafetyNumber of(Address a, SigningPublicKey aKey, Address b, SigningPublicKey bKey) {
        byte[] aId = a.hash().bytes();
        byte[] bId = b.hash().bytes();
        String aHalf = half(aId, aKey.bytes());
        String bHalf = half(bId, bKey.bytes());
        int order = Arrays.compareUnsigned(aId, bId);
        if (order == 0) {
            // One address on both sides (an account checking another of its devices): order by digits, as Signal.
            order = aHalf.compareTo(bHalf);
        }
        return new SafetyNumber(order <= 0 ? aHalf + bHalf : bHalf + aHalf);
    }

    /**
     * One side's 30 digits: {@code h = SHA-512(0x0000 || key || id || key)}, then {@code ITERATIONS - 1} times
     * {@code h = SHA-512(h || key)}; the first 30 bytes of {@code h}, as six 5-byte big-endian numbers mod 100,000,
     * each written as 5 digits. Package-private so the tests can run it on Signal's own vector.
     */
    static String half(byte[] stableId, byte[] key) {
        MessageDigest sha512 = newSha512();
        sha512.update(VERSION);
        sha512.update(key);
        sha512.update(stableId);
        sha512.update(key);
        byte[] hash = sha512.digest();
        for (int i = 1; i < ITERATIONS; i++) {
            sha512.update(hash);
            sha512.update(key);
            hash = sha512.digest();
        }
        StringBuilder out = new StringBuilder(DIGITS / 2);
        for (int chunk = 0; chunk < 6; chunk++) {
            long value = 0;
            for (int i = 0; i < GROUP; i++) {
                value = (value << 8) | (hash[chunk * GROUP + i] & 0xff);
            }
            out.append(String.format(Locale.ROOT, "%05d", value % 100_000));
        }
        return out.toString();
    }

    /** Twelve groups of five digits separated by single spaces. */
    public String display() {
        return String.join(" ", groups());
    }

    /** Three lines of four groups, as shown in a keyring view. */
    public List<String> displayLines() {
        List<String> groups = groups();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < groups.size(); i += GROUPS_PER_LINE) {
            lines.add(String.join(" ", groups.subList(i, i + GROUPS_PER_LINE)));
        }
        return List.copyOf(lines);
    }

    /**
     * True when {@code typed}, with all whitespace (spaces, no-break spaces, tabs, line breaks) removed, is exactly
     * these digits.
     */
    public boolean matches(String typed) {
        if (typed == null) {
            return false;
        }
        StringBuilder compact = new StringBuilder(DIGITS);
        typed.codePoints().filter(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c))
                .forEach(compact::appendCodePoint);
        return MessageDigest.isEqual(compact.toString().getBytes(StandardCharsets.UTF_8),
                digits.getBytes(StandardCharsets.US_ASCII));
    }

    private List<String> groups() {
        List<String> groups = new ArrayList<>(DIGITS / GROUP);
        for (int i = 0; i < DIGITS; i += GROUP) {
            groups.add(digits.substring(i, i + GROUP));
        }
        return groups;
    }

    private static MessageDigest newSha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-512", e);
        }
    }

    @Override
    public String toString() {
        return "SafetyNumber[" + display() + "]";
    }
}
