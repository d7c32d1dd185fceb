package org.mailv2.protocol.seal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Bytes that can be read more than once, from the start, without holding them in memory (a file, usually). */
public interface ByteSource {
    InputStream open() throws IOException;

    long size() throws IOException;

    static ByteSource of(Path file) {
        return new ByteSource() {
            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(file);
            }

            @Override
            public long size() throws IOException {
                return Files.size(file);
            }
        };
    }

    static ByteSource of(byte[] bytes) {
        byte[] copy = bytes.clone();
        return new ByteSource() {
            @Override
            public InputStream open() {
                return new ByteArrayInputStream(copy);
            }

            @Override
            public long size() {
                return copy.length;
            }
        };
    }
}
