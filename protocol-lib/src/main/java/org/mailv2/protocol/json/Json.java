package org.mailv2.protocol.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/**
 * The one configured Jackson mapper of mailv2. Unlike Jackson's defaults it rejects duplicate keys, trailing tokens
 * after the document, numbers that overflow to infinity, unknown fields, and documents past the size and depth
 * limits. Everything that is signed is encoded with {@link Jcs}.
 */
public final class Json {
    /** Largest JSON document this library parses: signed records and envelopes are a few KiB. */
    public static final int MAX_DOCUMENT_BYTES = 256 * 1024;
    public static final int MAX_DEPTH = 32;

    private static final ObjectMapper MAPPER = newMapper(MAX_DOCUMENT_BYTES);

    private Json() {
    }

    /** The shared mapper; configured once, thread-safe. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Parsers with the same rules and a different document limit, for {@code mapper().readValue(parser, type)}: far
     * cheaper to make than a mapper of their own, which a short command would build on every start.
     */
    public static JsonFactory newFactory(int maxDocumentBytes) {
        return JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .maxDocumentLength(maxDocumentBytes)
                        .maxStringLength(maxDocumentBytes)
                        .maxNumberLength(64)
                        .build())
                .build();
    }

    /** A mapper with the same rules and a different document limit (the server's request limits). */
    public static ObjectMapper newMapper(int maxDocumentBytes) {
        return JsonMapper.builder(newFactory(maxDocumentBytes))
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                // A wrong type is malformed: no "false" or 0 for a boolean, no "7" for a number.
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .build();
    }

    /**
     * Parses a document into a tree under the library's rules.
     *
     * @throws ProtocolException {@code too_large} past {@link #MAX_DOCUMENT_BYTES}, {@code malformed} otherwise
     */
    public static JsonNode readTree(byte[] document) {
        if (document.length > MAX_DOCUMENT_BYTES) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "JSON document over " + MAX_DOCUMENT_BYTES + " bytes");
        }
        try {
            JsonNode node = MAPPER.readTree(document);
            if (node == null || node.isMissingNode()) {
                throw new ProtocolException(ErrorCode.MALFORMED, "empty JSON document");
            }
            requireFiniteNumbers(node);
            return node;
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ErrorCode.MALFORMED, "malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ProtocolException(ErrorCode.MALFORMED, "unreadable JSON", e);
        }
    }

    /**
     * As {@link #read(byte[], Class)}, under the limits of {@code limits} ({@link #newFactory}) instead of
     * {@link #MAX_DOCUMENT_BYTES}: for documents another rule bounds (a recovery copy, at most a mebibyte).
     *
     * @throws ProtocolException {@code malformed} or {@code too_large}, or the code the target type raises
     */
    public static <T> T read(byte[] document, Class<T> type, JsonFactory limits) {
        JsonNode tree;
        try (com.fasterxml.jackson.core.JsonParser parser = limits.createParser(document)) {
            tree = MAPPER.readTree(parser);
            if (parser.nextToken() != null) {
                throw new ProtocolException(ErrorCode.MALFORMED, "trailing data after the JSON document");
            }
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "JSON document over its limit: " + e.getOriginalMessage(),
                    e);
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ErrorCode.MALFORMED, "malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ProtocolException(ErrorCode.MALFORMED, "unreadable JSON", e);
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new ProtocolException(ErrorCode.MALFORMED, "the document is empty, not a " + type.getSimpleName());
        }
        requireFiniteNumbers(tree);
        return fromTree(tree, type);
    }

    /**
     * Parses and binds a document; validation in the target's constructor surfaces as its own error code.
     *
     * @throws ProtocolException {@code malformed} or {@code too_large}, or the code the target type raises
     */
    public static <T> T read(byte[] document, Class<T> type) {
        JsonNode tree = readTree(document);
        if (tree.isNull()) {
            // Jackson binds the document "null" to a null object; callers expect a value or an exception.
            throw new ProtocolException(ErrorCode.MALFORMED, "the document is null, not a " + type.getSimpleName());
        }
        return fromTree(tree, type);
    }

    /** @throws ProtocolException as {@link #read(byte[], Class)} */
    public static <T> T fromTree(JsonNode tree, Class<T> type) {
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            ProtocolException inner = findProtocolException(e);
            if (inner != null) {
                throw inner;
            }
            throw new ProtocolException(ErrorCode.MALFORMED, "malformed " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            ProtocolException inner = findProtocolException(e);
            if (inner != null) {
                throw inner;
            }
            throw new ProtocolException(ErrorCode.MALFORMED, "malformed " + type.getSimpleName(), e);
        }
    }

    public static JsonNode toTree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** Plain (not canonical) encoding, for objects that are not signed. */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    private static ProtocolException findProtocolException(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ProtocolException p) {
                return p;
            }
        }
        return null;
    }

    private static void requireFiniteNumbers(JsonNode node) {
        if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            throw new ProtocolException(ErrorCode.MALFORMED, "JSON number out of range");
        }
        if (node.isContainerNode()) {
            if (node.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    requireFiniteNumbers(it.next().getValue());
                }
            } else {
                for (JsonNode child : node) {
                    requireFiniteNumbers(child);
                }
            }
        }
    }
}
