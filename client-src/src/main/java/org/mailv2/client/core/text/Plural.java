package org.mailv2.client.core.text;

/** Counts in words both faces print: "1 message", "2 messages", "0 messages". */
public final class Plural {
    private Plural() {
    }

    /** {@code n} and the noun, with an "s" unless {@code n} is one. */
    public static String of(long n, String noun) {
        return n + " " + (n == 1 ? noun : noun + "s");
    }

    /** As {@link #of(long, String)}, for a noun whose plural is not the noun and an "s". */
    public static String of(long n, String noun, String plural) {
        return n + " " + (n == 1 ? noun : plural);
    }
}
