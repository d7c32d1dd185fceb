package org.mailv2.protocol.seal;

import java.io.InputStream;

/** A reproducible stream of pseudo-random bytes of any length, made on the fly (xorshift64), so tests need no file. */
final class GeneratedBytes implements ByteSource {
    private final long size;
    private final long seed;

    GeneratedBytes(long size, long seed) {
        this.size = size;
        this.seed = seed;
    }

    @Override
    public InputStream open() {
        return new InputStream() {
            private long produced;
            private long state = seed | 1;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (produced >= size) {
                    return -1;
                }
                int n = (int) Math.min(len, size - produced);
                for (int i = 0; i < n; i++) {
                    state ^= state << 13;
                    state ^= state >>> 7;
                    state ^= state << 17;
                    b[off + i] = (byte) state;
                }
                produced += n;
                return n;
            }
        };
    }

    @Override
    public long size() {
        return size;
    }
}
