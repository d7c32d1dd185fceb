package org.mailv2.protocol.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.ThrowingConsumer;

/** One Wycheproof test with the group it belongs to. */
record WycheproofCase(int tcId, String result, List<String> flags, String comment, JsonNode group, JsonNode test) {

    static List<WycheproofCase> load(String fileName) {
        JsonNode root = TestVectors.json("wycheproof/" + fileName);
        List<WycheproofCase> cases = new ArrayList<>();
        for (JsonNode group : root.required("testGroups")) {
            for (JsonNode test : group.required("tests")) {
                List<String> flags = new ArrayList<>();
                test.path("flags").forEach(f -> flags.add(f.asText()));
                cases.add(new WycheproofCase(test.required("tcId").asInt(), test.required("result").asText(),
                        List.copyOf(flags), test.path("comment").asText(), group, test));
            }
        }
        int declared = root.required("numberOfTests").asInt();
        if (declared != cases.size()) {
            throw new IllegalStateException(fileName + " declares " + declared + " tests but holds " + cases.size());
        }
        return cases;
    }

    /** One dynamic test per tcId, named so a failure points at the vector. */
    static Stream<DynamicTest> dynamicTests(String fileName, ThrowingConsumer<WycheproofCase> check) {
        return load(fileName).stream().map(c -> TestVectors.test(c.name(), () -> check.accept(c)));
    }

    String name() {
        return "tcId " + tcId + " " + result + " " + flags + (comment.isEmpty() ? "" : " " + comment);
    }

    boolean isValid() {
        return "valid".equals(result);
    }

    boolean isInvalid() {
        return "invalid".equals(result);
    }

    byte[] bytes(String field) {
        return TestVectors.hex(test.required(field).asText());
    }

    int groupInt(String field) {
        return group.required(field).asInt();
    }
}
