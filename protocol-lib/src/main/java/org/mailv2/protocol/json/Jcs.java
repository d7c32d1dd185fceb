package org.mailv2.protocol.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/**
 * RFC 8785 JSON Canonicalization Scheme: object members sorted by UTF-16 code units, strings escaped as ECMAScript's
 * {@code JSON.stringify} does, numbers in ECMAScript's shortest round-trip form, UTF-8 output without whitespace.
 */
public final class Jcs {
    /** Largest integer an IEEE double holds exactly; JCS numbers are doubles. */
    private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private Jcs() {
    }

    /** @throws ProtocolException {@code malformed} for lone surrogates or integers a double cannot hold exactly */
    public static byte[] canonicalize(JsonNode node) {
        StringBuilder out = new StringBuilder(256);
        write(node, out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Canonical bytes of any value the shared mapper can encode. */
    public static byte[] canonicalize(Object value) {
        return canonicalize(Json.toTree(value));
    }

    private static void write(JsonNode node, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> writeObject(node, out);
            case ARRAY -> writeArray(node, out);
            case STRING -> writeString(node.textValue(), out);
            case NUMBER -> out.append(formatNumber(node));
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL -> out.append("null");
            default -> throw new ProtocolException(ErrorCode.MALFORMED, "not a JSON value: " + node.getNodeType());
        }
    }

    private static void writeObject(JsonNode node, StringBuilder out) {
        List<String> names = new ArrayList<>(node.size());
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        // String.compareTo compares UTF-16 code units, exactly the order RFC 8785 §3.2.3 asks for.
        names.sort(String::compareTo);
        out.append('{');
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            writeString(names.get(i), out);
            out.append(':');
            write(node.get(names.get(i)), out);
        }
        out.append('}');
    }

    private static void writeArray(JsonNode node, StringBuilder out) {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            write(node.get(i), out);
        }
        out.append(']');
    }

    private static void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        throw new ProtocolException(ErrorCode.MALFORMED, "lone surrogate in JSON string");
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static String formatNumber(JsonNode node) {
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong() || Math.abs(node.longValue()) > MAX_SAFE_INTEGER) {
                throw new ProtocolException(ErrorCode.MALFORMED, "integer beyond 2^53 cannot be canonicalized");
            }
            return Long.toString(node.longValue());
        }
        return formatDouble(node.doubleValue());
    }

    /** ECMAScript Number.prototype.toString (ECMA-262 §7.1.12.1) for finite doubles. */
    static String formatDouble(double d) {
        if (!Double.isFinite(d)) {
            throw new ProtocolException(ErrorCode.MALFORMED, "JSON has no representation of " + d);
        }
        if (d == 0) {
            return "0";
        }
        if (d < 0) {
            return "-" + formatDouble(-d);
        }
        BigDecimal shortest = shortestRoundTrip(d);
        String digits = shortest.unscaledValue().toString();
        int k = digits.length();
        int n = k - shortest.scale();
        if (k <= n && n <= 21) {
            return digits + "0".repeat(n - k);
        }
        if (0 < n && n <= 21) {
            return digits.substring(0, n) + "." + digits.substring(n);
        }
        if (-6 < n && n <= 0) {
            return "0." + "0".repeat(-n) + digits;
        }
        int exponent = n - 1;
        String mantissa = k == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.abs(exponent);
    }

    /** The decimal with the fewest significant digits that reads back as {@code d}, closest to it among those. */
    private static BigDecimal shortestRoundTrip(double d) {
        BigDecimal exact = new BigDecimal(d);
        for (int precision = 1; precision < 17; precision++) {
            BigDecimal candidate = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == d) {
                return candidate.stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }

    /** Bytes of a JSON text re-encoded canonically; used by tests and tools. */
    public static byte[] canonicalizeText(byte[] jsonText) {
        return canonicalize(Json.readTree(jsonText));
    }
}
