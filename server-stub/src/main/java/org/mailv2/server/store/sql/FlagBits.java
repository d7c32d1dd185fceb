package org.mailv2.server.store.sql;

import java.util.EnumSet;
import java.util.Set;
import org.mailv2.server.store.StoredMessage.Flag;

/** Message flags as the bit set in column {@code messages.flags}: 1 seen, 2 flagged, 4 answered. */
final class FlagBits {
    static final int SEEN = 1;

    private FlagBits() {
    }

    static int of(Set<Flag> flags) {
        int bits = 0;
        for (Flag flag : flags) {
            bits |= bit(flag);
        }
        return bits;
    }

    static Set<Flag> flags(int bits) {
        Set<Flag> flags = EnumSet.noneOf(Flag.class);
        for (Flag flag : Flag.values()) {
            if ((bits & bit(flag)) != 0) {
                flags.add(flag);
            }
        }
        return flags;
    }

    private static int bit(Flag flag) {
        return switch (flag) {
            case SEEN -> SEEN;
            case FLAGGED -> 2;
            case ANSWERED -> 4;
        };
    }
}
