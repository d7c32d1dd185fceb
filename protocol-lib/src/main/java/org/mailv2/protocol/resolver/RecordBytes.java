package org.mailv2.protocol.resolver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.mailv2.protocol.json.Jcs;
import org.mailv2.protocol.json.Json;

/** The canonical bytes of a record without its signature fields: what every record signature covers. */
final class RecordBytes {
    private RecordBytes() {
    }

    static byte[] withoutSignatures(Object record, String... signatureFields) {
        ObjectNode tree = (ObjectNode) Json.toTree(record);
        for (String field : signatureFields) {
            tree.remove(field);
        }
        return Jcs.canonicalize(tree);
    }
}
