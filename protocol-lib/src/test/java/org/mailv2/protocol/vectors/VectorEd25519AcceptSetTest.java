package org.mailv2.protocol.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.keys.Signature;
import org.mailv2.protocol.keys.SigningPublicKey;

/**
 * The 914 CCTV Ed25519 edge cases have no right answer, only policies. This test pins ours: the vectors the product
 * verifier path accepts ({@code SigningPublicKey.ofBytes} then {@code verify}; a refused key is a rejection) must be
 * exactly those listed in {@code vectors/ed25519-accept-set.txt}. Run with {@code -Dmailv2.regenerate=true} to rewrite
 * the list after a deliberate policy change, and review the diff.
 */
@ExtendWith(TestVectors.Required.class)
class VectorEd25519AcceptSetTest {
    private static final String RESOURCE = "/vectors/ed25519-accept-set.txt";
    private static final Path SOURCE_FILE = Path.of("src/test/resources/vectors/ed25519-accept-set.txt");

    record EdgeCase(int number, byte[] key, byte[] signature, byte[] message, List<String> flags) {
    }

    @TestFactory
    Stream<DynamicTest> cctvEd25519() throws IOException {
        List<EdgeCase> cases = edgeCases();
        SortedSet<Integer> accepted = cases.stream().filter(VectorEd25519AcceptSetTest::accepts)
                .map(EdgeCase::number).collect(Collectors.toCollection(TreeSet::new));
        SortedSet<Integer> frozen;
        if (Boolean.getBoolean("mailv2.regenerate")) {
            write(accepted);
            frozen = accepted;
        } else {
            frozen = frozenSet();
        }
        Stream<DynamicTest> whole = Stream.of(
                TestVectors.test("accept set equals " + RESOURCE,
                        () -> assertThat(accepted).containsExactlyElementsOf(frozen)),
                TestVectors.test("no small-order public key is accepted",
                        () -> assertThat(acceptedWithFlag(cases, accepted, "low_order_A")).isEmpty()),
                TestVectors.test("no public key with a low-order component is accepted",
                        () -> assertThat(acceptedWithFlag(cases, accepted, "low_order_component_A")).isEmpty()));
        Stream<DynamicTest> each = cases.stream().map(c -> {
            boolean expected = frozen.contains(c.number());
            return TestVectors.test("#" + c.number() + (expected ? " accept " : " reject ") + c.flags(),
                    () -> assertThat(accepts(c)).isEqualTo(expected));
        });
        return Stream.concat(whole, each);
    }

    static List<Integer> acceptedWithFlag(List<EdgeCase> cases, SortedSet<Integer> accepted, String flag) {
        return cases.stream().filter(c -> c.flags().contains(flag) && accepted.contains(c.number()))
                .map(EdgeCase::number).toList();
    }

    static boolean accepts(EdgeCase c) {
        try {
            SigningPublicKey.ofBytes(c.key()).verify(c.message(), Signature.ofBytes(c.signature()));
            return true;
        } catch (ProtocolException e) {
            return false;
        }
    }

    static List<EdgeCase> edgeCases() {
        List<EdgeCase> cases = new ArrayList<>();
        for (JsonNode v : TestVectors.json("ed25519/ed25519vectors.json")) {
            int number = cases.size();
            assertThat(v.required("number").asInt()).as("number of vector at index " + number).isEqualTo(number);
            List<String> flags = new ArrayList<>();
            v.path("flags").forEach(f -> flags.add(f.asText()));
            cases.add(new EdgeCase(number, TestVectors.hex(v.required("key").asText()),
                    TestVectors.hex(v.required("sig").asText()),
                    v.required("msg").asText().getBytes(StandardCharsets.UTF_8), List.copyOf(flags)));
        }
        assertThat(cases).hasSize(914);
        return cases;
    }

    private static SortedSet<Integer> frozenSet() throws IOException {
        try (InputStream in = VectorEd25519AcceptSetTest.class.getResourceAsStream(RESOURCE)) {
            assertThat(in).as(RESOURCE + " on the test classpath").isNotNull();
            SortedSet<Integer> set = new TreeSet<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    set.add(Integer.parseInt(trimmed));
                }
            }
            return set;
        }
    }

    private static void write(SortedSet<Integer> accepted) {
        StringBuilder out = new StringBuilder()
                .append("# CCTV ed25519vectors.json (C2SP/CCTV ed25519/, 914 edge cases): the numbers (index in file\n")
                .append("# order) of the vectors mailv2 accepts through SigningPublicKey.ofBytes + verify, that is\n")
                .append("# Bouncy Castle's Ed25519.verify after refusing keys outside the prime-order subgroup.\n")
                .append("# It rejects every non-canonical or low-order(-component) A and every non-canonical R, and\n")
                .append("# accepts some low_order_residue vectors (it multiplies by the cofactor).\n")
                .append("# The vectors have no right answer; this file freezes our policy so that any change (a new\n")
                .append("# verifier, a Bouncy Castle upgrade) fails VectorEd25519AcceptSetTest. Regenerate only on\n")
                .append("# purpose, and review the diff: mvn test -pl protocol-lib -Dtest=VectorEd25519AcceptSetTest\n")
                .append("#   -Dmailv2.testvectors=DIR -Dmailv2.regenerate=true\n")
                .append("# ").append(accepted.size()).append(" of 914 accepted.\n");
        accepted.forEach(n -> out.append(n).append('\n'));
        try {
            Files.writeString(SOURCE_FILE, out.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + SOURCE_FILE.toAbsolutePath(), e);
        }
    }
}
