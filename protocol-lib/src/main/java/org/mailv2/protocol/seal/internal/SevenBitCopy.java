package org.mailv2.protocol.seal.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.Base64OutputStream;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/**
 * A sealed inner message rewritten for the world outside mailv2: parts sealed as {@code binary} (attachments, since
 * body version 2) become base64 again, so that mail tools, mbox files and pipes get RFC 5322 lines; everything else —
 * headers, other parts, preambles — is copied as it was. Streams: nothing is held beyond mime4j's buffers.
 */
public final class SevenBitCopy {
    private static final byte[] CRLF = {'\r', '\n'};

    private SevenBitCopy() {
    }

    /** Copies the message from {@code in} to {@code out}, base64-encoding its binary parts. */
    public static void copy(InputStream in, OutputStream out) throws IOException {
        MimeTokenStream parser = new MimeTokenStream(new MimeConfig.Builder().setMaxLineLen(-1)
                .setMaxHeaderCount(1000).setMaxHeaderLen(64 * 1024).build());
        // An attached message (message/rfc822) is a body like any other: copied, not entered.
        parser.setRecursionMode(RecursionMode.M_NO_RECURSE);
        parser.parse(in);
        Deque<Multipart> open = new ArrayDeque<>();
        List<Field> header = new ArrayList<>();
        try {
            for (EntityState state = parser.getState(); state != EntityState.T_END_OF_STREAM; state = parser.next()) {
                switch (state) {
                    case T_START_HEADER -> header.clear();
                    case T_FIELD -> header.add(parser.getField());
                    case T_START_MULTIPART -> {
                        // The descriptor (and so whether the part is binary) is known only once its body starts.
                        writeHeader(header, parser.getBodyDescriptor(), out);
                        open.push(new Multipart(parser.getBodyDescriptor().getBoundary()));
                    }
                    case T_PREAMBLE -> open.peek().preamble = parser.getInputStream().transferTo(out);
                    case T_START_BODYPART -> {
                        Multipart m = open.peek();
                        if (m.parts++ > 0 || m.preamble > 0) {
                            out.write(CRLF);
                        }
                        out.write(("--" + m.boundary).getBytes(StandardCharsets.US_ASCII));
                        out.write(CRLF);
                    }
                    case T_EPILOGUE -> {
                        close(open.peek(), out);
                        parser.getInputStream().transferTo(out);
                    }
                    // mime4j reports an epilogue only when there is one.
                    case T_END_MULTIPART -> close(open.pop(), out);
                    case T_BODY -> {
                        writeHeader(header, parser.getBodyDescriptor(), out);
                        writeBody(parser, out);
                    }
                    default -> {
                        // message and body-part starts and ends carry no bytes of their own
                    }
                }
            }
        } catch (MimeException e) {
            throw new ProtocolException(ErrorCode.MALFORMED, "inner message is not valid MIME", e);
        }
        out.flush();
    }

    private static void close(Multipart m, OutputStream out) throws IOException {
        if (m.closed) {
            return;
        }
        m.closed = true;
        out.write(CRLF);
        out.write(("--" + m.boundary + "--").getBytes(StandardCharsets.US_ASCII));
        out.write(CRLF);
    }

    private static boolean binary(BodyDescriptor d) {
        return d != null && "binary".equals(d.getTransferEncoding().toLowerCase(Locale.ROOT))
                && !d.getMimeType().startsWith("multipart/");
    }

    private static void writeHeader(List<Field> header, BodyDescriptor d, OutputStream out) throws IOException {
        boolean recode = binary(d);
        for (Field f : header) {
            if (recode && f.getName().equalsIgnoreCase("Content-Transfer-Encoding")) {
                out.write("Content-Transfer-Encoding: base64".getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write(f.getRaw().toByteArray());
            }
            out.write(CRLF);
        }
        out.write(CRLF);
    }

    private static void writeBody(MimeTokenStream parser, OutputStream out) throws IOException {
        if (!binary(parser.getBodyDescriptor())) {
            parser.getInputStream().transferTo(out);
            return;
        }
        Base64OutputStream encoded = new Base64OutputStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }
        });
        parser.getDecodedInputStream().transferTo(encoded);
        encoded.close();
    }

    /** A multipart being copied: its boundary and how many parts it had. */
    private static final class Multipart {
        final String boundary;
        int parts;
        long preamble;
        boolean closed;

        Multipart(String boundary) {
            this.boundary = boundary;
        }
    }
}
