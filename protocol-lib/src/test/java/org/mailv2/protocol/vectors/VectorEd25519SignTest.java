package org.mailv2.protocol.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mailv2.protocol.keys.Signature;
import org.mailv2.protocol.keys.SigningPrivateKey;

/**
 * Signing: Wycheproof's ed25519 file gives no private keys, so the 1,024 SUPERCOP lines of circl's sign.input
 * ({@code seed‖pk:pk:msg:sig‖msg:}) are signed with {@link SigningPrivateKey#ofSeed}. Wycheproof tcId 80–83 (RFC 8032
 * §7.1 TEST 1, 2, 3 and 1024) are matched against those lines, so their signatures are reproduced too.
 */
@ExtendWith(TestVectors.Required.class)
class VectorEd25519SignTest {

    record SignLine(int number, byte[] seed, byte[] publicKey, byte[] message, byte[] signature) {
    }

    @TestFactory
    Stream<DynamicTest> superCopSignInput() {
        return signLines().stream().map(line -> TestVectors.test("sign.input line " + line.number(), () -> {
            SigningPrivateKey key = SigningPrivateKey.ofSeed(line.seed());
            assertThat(key.publicKey().bytes()).isEqualTo(line.publicKey());
            Signature signature = key.sign(line.message());
            assertThat(signature.bytes()).isEqualTo(line.signature());
            assertThatCode(() -> key.publicKey().verify(line.message(), signature)).doesNotThrowAnyException();
        }));
    }

    @TestFactory
    Stream<DynamicTest> wycheproofKnownAnswersAreSignedAlike() {
        List<SignLine> lines = signLines();
        return WycheproofCase.load("ed25519_test.json").stream()
                .filter(c -> c.tcId() >= 80 && c.tcId() <= 83)
                .map(c -> TestVectors.test(c.name(), () -> {
                    byte[] pk = TestVectors.hex(c.group().required("publicKey").required("pk").asText());
                    SignLine line = lines.stream()
                            .filter(l -> Arrays.equals(l.publicKey(), pk) && Arrays.equals(l.message(), c.bytes("msg")))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError("no sign.input line for tcId " + c.tcId()));
                    byte[] signature = SigningPrivateKey.ofSeed(line.seed()).sign(c.bytes("msg")).bytes();
                    assertThat(signature).isEqualTo(c.bytes("sig"));
                }));
    }

    static List<SignLine> signLines() {
        String text = new String(TestVectors.bytes("ed25519/sign.input.txt.gz"), StandardCharsets.US_ASCII);
        List<SignLine> lines = new ArrayList<>();
        for (String row : text.split("\n")) {
            if (row.isEmpty()) {
                continue;
            }
            String[] f = row.split(":", -1);
            byte[] secret = TestVectors.hex(f[0]);
            byte[] message = TestVectors.hex(f[2]);
            byte[] signedMessage = TestVectors.hex(f[3]);
            lines.add(new SignLine(lines.size() + 1, Arrays.copyOf(secret, 32), TestVectors.hex(f[1]), message,
                    Arrays.copyOf(signedMessage, 64)));
        }
        assertThat(lines).hasSize(1024);
        return lines;
    }
}
