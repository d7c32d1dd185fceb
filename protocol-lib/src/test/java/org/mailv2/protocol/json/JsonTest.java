package org.mailv2.protocol.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

class JsonTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"a\":1,\"a\":2}",          // duplicate key: Jackson's default keeps the last
        "{\"a\":1} x",                // trailing garbage
        "{\"a\":1}{\"b\":2}",         // a second document
        "{\"a\":1e400}",              // overflows to Infinity
        "{\"a\":-1e400}",
        "{\"a\":NaN}",
        "{'a':1}",
        "",
        "{\"a\":[1,2,]}",
    })
    void rejectsWhatJacksonAcceptsByDefault(String document) {
        assertThatThrownBy(() -> Json.readTree(document.getBytes(UTF_8)))
                .isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.MALFORMED);
    }

    record Setting(Boolean enabled, Long count) {
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "null",                                 // bound to a null object by Jackson's default
        "{\"enabled\":\"false\"}",                // a string taken as a boolean
        "{\"enabled\":0}",                      // a number taken as a boolean
        "{\"count\":\"7\"}",                      // a string taken as a number
        "{\"count\":7.5}",                      // a fraction cut to an integer
    })
    void aTypedDocumentOfTheWrongShapeIsMalformed(String document) {
        assertThatThrownBy(() -> Json.read(document.getBytes(UTF_8), Setting.class))
                .isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.MALFORMED);
        assertThat(Json.read("{\"enabled\":false,\"count\":7}".getBytes(UTF_8), Setting.class))
                .isEqualTo(new Setting(false, 7L));
    }

    @Test
    void rejectsDocumentsPastTheSizeLimit() {
        byte[] big = ("\"" + "x".repeat(Json.MAX_DOCUMENT_BYTES) + "\"").getBytes(UTF_8);
        assertThatThrownBy(() -> Json.readTree(big))
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.TOO_LARGE);
    }

    @Test
    void rejectsDocumentsPastTheDepthLimit() {
        String deep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        assertThatThrownBy(() -> Json.readTree(deep.getBytes(UTF_8)))
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.MALFORMED);
        String fine = "[".repeat(Json.MAX_DEPTH - 1) + "]".repeat(Json.MAX_DEPTH - 1);
        assertThat(Json.readTree(fine.getBytes(UTF_8)).isArray()).isTrue();
    }

    @Test
    void canonicalFormSortsKeysByUtf16AndDropsWhitespace() {
        byte[] out = Jcs.canonicalizeText("{ \"b\" : [1, true, null], \"a\" : \"x\\u0001\\u00e9\", \"\\ud83d\\ude00\": 0, \"\\u20ac\": 1}"
                .getBytes(UTF_8));
        assertThat(new String(out, UTF_8)).isEqualTo("{\"a\":\"x\\u0001é\",\"b\":[1,true,null],\"€\":1,\"😀\":0}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "0;0", "-0.0;0", "1;1", "1.5;1.5", "100;100", "1e21;1e+21", "1e20;100000000000000000000",
        "0.000001;0.000001", "0.0000001;1e-7", "123456789012345680000;123456789012345680000",
        "5e-324;5e-324", "1.7976931348623157e308;1.7976931348623157e+308", "0.1;0.1", "-1.25e-10;-1.25e-10",
        "9007199254740992.0;9007199254740992", "333333333.33333329;333333333.3333333"})
    void formatsNumbersLikeEcmaScript(double value, String expected) {
        assertThat(Jcs.formatDouble(value)).isEqualTo(expected);
    }

    @Test
    void refusesIntegersADoubleCannotHold() {
        assertThatThrownBy(() -> Jcs.canonicalizeText("{\"n\":9007199254740993}".getBytes(UTF_8)))
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.MALFORMED);
        assertThat(new String(Jcs.canonicalizeText("{\"n\":9007199254740991}".getBytes(UTF_8)), UTF_8))
                .isEqualTo("{\"n\":9007199254740991}");
    }

    @Test
    void refusesLoneSurrogates() {
        assertThatThrownBy(() -> Jcs.canonicalizeText("\"\\udead\"".getBytes(UTF_8)))
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.MALFORMED);
    }
    record Blob(String data) {
    }

    private static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(code);
    }

    @Test
    void aDocumentBoundElsewhereIsReadUnderItsOwnLimitWithTheSameRules() {
        String big = "x".repeat(400 * 1024);
        byte[] document = ("{\"data\":\"" + big + "\"}").getBytes(UTF_8);
        assertCode(() -> Json.read(document, Blob.class), ErrorCode.TOO_LARGE);
        assertThat(Json.read(document, Blob.class, Json.newFactory(1 << 20)).data()).isEqualTo(big);
        assertCode(() -> Json.read(document, Blob.class, Json.newFactory(100 * 1024)), ErrorCode.TOO_LARGE);

        com.fasterxml.jackson.core.JsonFactory limits = Json.newFactory(1 << 20);
        assertCode(() -> Json.read("{\"data\":\"a\"} {}".getBytes(UTF_8), Blob.class, limits), ErrorCode.MALFORMED);
        assertCode(() -> Json.read("{\"data\":\"a\",\"data\":\"b\"}".getBytes(UTF_8), Blob.class, limits),
                ErrorCode.MALFORMED);
        assertCode(() -> Json.read("{\"data\":\"a\",\"more\":1}".getBytes(UTF_8), Blob.class, limits),
                ErrorCode.MALFORMED);
        assertCode(() -> Json.read("null".getBytes(UTF_8), Blob.class, limits), ErrorCode.MALFORMED);
        assertCode(() -> Json.read(new byte[0], Blob.class, limits), ErrorCode.MALFORMED);
    }
}
