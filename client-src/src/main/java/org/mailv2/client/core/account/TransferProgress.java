package org.mailv2.client.core.account;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.mailv2.protocol.seal.ByteSource;

/** How far an upload to or a download from the own server got, for a progress line; called from the moving thread. */
@FunctionalInterface
public interface TransferProgress {
    /** Nothing to show. */
    TransferProgress NONE = (what, done, total) -> { };

    /** {@code done} of {@code total} bytes of {@code what} ("uploading to bob!", "downloading") have moved. */
    void moved(String what, long done, long total);

    /** A transfer in words: "uploading to bob!: 12.0 of 64.0 MiB". */
    static String line(String what, long done, long total) {
        return String.format(java.util.Locale.ROOT, "%s: %.1f of %.1f MiB", what, done / 1048576.0, total / 1048576.0);
    }

    /** {@code source}, reporting as it is read. */
    default ByteSource counting(ByteSource source, String what) {
        if (this == NONE) {
            return source;
        }
        return new ByteSource() {
            @Override
            public InputStream open() throws IOException {
                long total = source.size();
                return new FilterInputStream(source.open()) {
                    private long done;

                    @Override
                    public int read() throws IOException {
                        int b = super.read();
                        if (b >= 0) {
                            moved(what, ++done, total);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = super.read(b, off, len);
                        if (n > 0) {
                            done += n;
                            moved(what, done, total);
                        }
                        return n;
                    }
                };
            }

            @Override
            public long size() throws IOException {
                return source.size();
            }
        };
    }

    /** {@code target}, reporting as it is written; {@code total} is what is expected. */
    default OutputStream counting(OutputStream target, String what, long total) {
        if (this == NONE) {
            return target;
        }
        return new FilterOutputStream(target) {
            private long done;

            @Override
            public void write(int b) throws IOException {
                out.write(b);
                moved(what, ++done, total);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                done += len;
                moved(what, done, total);
            }
        };
    }
}
