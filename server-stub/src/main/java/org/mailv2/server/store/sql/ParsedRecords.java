package org.mailv2.server.store.sql;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Records parsed from their stored bytes, remembered by those exact bytes: parsing (JSON, key decoding) is a pure
 * function of them, so an entry can never answer for a row that changed: a new serial, a rotation or a tampered row
 * are other bytes and are parsed afresh (and fail as before when they do not parse). Failures are not remembered.
 * Bounded: when full it starts over, which costs only parsing again.
 */
final class ParsedRecords<R> {
    private final Function<byte[], R> parser;
    private final int capacity;
    private final Map<ByteBuffer, R> byBytes = new ConcurrentHashMap<>();

    ParsedRecords(Function<byte[], R> parser, int capacity) {
        this.parser = parser;
        this.capacity = capacity;
    }

    /** @param json bytes nobody changes afterwards (a fresh array from the driver); they become the key */
    R parse(byte[] json) {
        ByteBuffer key = ByteBuffer.wrap(json);
        R known = byBytes.get(key);
        if (known != null) {
            return known;
        }
        R parsed = parser.apply(json);
        if (byBytes.size() >= capacity) {
            byBytes.clear();
        }
        byBytes.put(key, parsed);
        return parsed;
    }
}
