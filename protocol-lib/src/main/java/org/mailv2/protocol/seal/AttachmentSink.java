package org.mailv2.protocol.seal;

import java.io.IOException;
import java.io.OutputStream;

/** Where an opened message's attachments go, one stream each, written only after the message is authenticated. */
@FunctionalInterface
public interface AttachmentSink {
    /** Attachments are only measured and hashed, not kept. */
    AttachmentSink DISCARD = (index, name, contentType) -> OutputStream.nullOutputStream();

    OutputStream open(int index, String name, String contentType) throws IOException;
}
