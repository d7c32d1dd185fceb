package org.mailv2.client.core.keyring;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.keys.SigningPublicKey;

class SafetyNumberTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final Address ALICE = Address.parse("alice!");
    private static final Address BOB = Address.parse("bob@acme!");
    private static final SigningPublicKey ALICE_KEY = keyFromSeedOf((byte) 0x01);
    private static final SigningPublicKey BOB_KEY = keyFromSeedOf((byte) 0x02);
    private static final SigningPublicKey MALLORY_KEY = keyFromSeedOf((byte) 0x03);

    /** The vector of docs/protocol.md §7.5: alice! with the key of seed 01…01, bob@acme! with the key of seed 02…02. */
    private static final String VECTOR = "583887488972265977560962541775067608082532095404169317516085";

    private static SigningPublicKey keyFromSeedOf(byte fill) {
        byte[] seed = new byte[32];
        Arrays.fill(seed, fill);
        return SigningPrivateKey.ofSeed(seed).publicKey();
    }

    @Test
    void aliceAndBobSeeTheSameSixtyDigits() {
        SafetyNumber alicesView = SafetyNumber.of(ALICE, ALICE_KEY, BOB, BOB_KEY);
        SafetyNumber bobsView = SafetyNumber.of(BOB, BOB_KEY, ALICE, ALICE_KEY);

        assertThat(alicesView).isEqualTo(bobsView);
        assertThat(alicesView.digits()).hasSize(60).containsOnlyDigits();
    }

    @Test
    void theFixedVectorOfTheSpecificationHolds() {
        assertThat(SafetyNumber.of(ALICE, ALICE_KEY, BOB, BOB_KEY).digits()).isEqualTo(VECTOR);
        assertThat(ALICE_KEY.bytes()).isNotEqualTo(BOB_KEY.bytes());
    }

    @Test
    void theLowerAddressHashComesFirst() {
        String aliceHalf = SafetyNumber.half(ALICE.hash().bytes(), ALICE_KEY.bytes());
        String bobHalf = SafetyNumber.half(BOB.hash().bytes(), BOB_KEY.bytes());
        boolean aliceFirst = Arrays.compareUnsigned(ALICE.hash().bytes(), BOB.hash().bytes()) < 0;

        assertThat(SafetyNumber.of(BOB, BOB_KEY, ALICE, ALICE_KEY).digits())
                .isEqualTo(aliceFirst ? aliceHalf + bobHalf : bobHalf + aliceHalf);
    }

    /**
     * Our iteration is libsignal's: fed libsignal's own inputs (its 33-byte identity keys and phone numbers as stable
     * identifiers, halves ordered by digits), {@link SafetyNumber#half} gives the displayable fingerprint of libsignal's
     * {@code fingerprint_test_v1} ({@code rust/protocol/src/fingerprint.rs}).
     */
    @Test
    void eachHalfIsComputedExactlyAsSignalsNumericFingerprint() {
        byte[] aliceIdentity = HEX.parseHex("0506863bc66d02b40d27b8d49ca7c09e9239236f9d7d25d6fcca5ce13c7064d868");
        byte[] bobIdentity = HEX.parseHex("05f781b6fb32fed9ba1cf2de978d4d5da28dc34046ae814402b5c0dbd96fda907b");
        String alice = SafetyNumber.half("+14152222222".getBytes(UTF_8), aliceIdentity);
        String bob = SafetyNumber.half("+14153333333".getBytes(UTF_8), bobIdentity);

        String signalDisplay = alice.compareTo(bob) < 0 ? alice + bob : bob + alice;

        assertThat(signalDisplay).isEqualTo("300354477692869396892869876765458257569162576843440918079131");
    }

    @Test
    void anotherKeyOnEitherSideChangesTheNumber() {
        SafetyNumber honest = SafetyNumber.of(ALICE, ALICE_KEY, BOB, BOB_KEY);

        assertThat(SafetyNumber.of(ALICE, ALICE_KEY, BOB, MALLORY_KEY)).isNotEqualTo(honest);
        assertThat(SafetyNumber.of(ALICE, MALLORY_KEY, BOB, BOB_KEY)).isNotEqualTo(honest);
        // Swapping the keys between the addresses is another pairing, too.
        assertThat(SafetyNumber.of(ALICE, BOB_KEY, BOB, ALICE_KEY)).isNotEqualTo(honest);
    }

    @Test
    void anotherAddressOnEitherSideChangesTheNumber() {
        SafetyNumber honest = SafetyNumber.of(ALICE, ALICE_KEY, BOB, BOB_KEY);
        Address carol = Address.parse("carol!");

        assertThat(SafetyNumber.of(carol, ALICE_KEY, BOB, BOB_KEY)).isNotEqualTo(honest);
        assertThat(SafetyNumber.of(ALICE, ALICE_KEY, carol, BOB_KEY)).isNotEqualTo(honest);
    }

    @Test
    void lookAlikeAddressesAreOneAddressAndSoOneNumber() {
        SafetyNumber honest = SafetyNumber.of(ALICE, ALICE_KEY, BOB, BOB_KEY);

        assertThat(SafetyNumber.of(Address.parse("a.l-ice!"), ALICE_KEY, Address.parse("B.o.b@AC-ME!"), BOB_KEY))
                .isEqualTo(honest);
    }

    @Test
    void oneAddressOnBothSidesIsStillTheSameFromEitherSide() {
        assertThat(SafetyNumber.of(ALICE, ALICE_KEY, ALICE, MALLORY_KEY))
                .isEqualTo(SafetyNumber.of(ALICE, MALLORY_KEY, ALICE, ALICE_KEY));
    }

    @Test
    void showsTwelveGroupsOfFiveOnThreeLinesOfFour() {
        SafetyNumber number = new SafetyNumber("123456789012345678901234567890123456789012345678901234567890");

        assertThat(number.display())
                .isEqualTo("12345 67890 12345 67890 12345 67890 12345 67890 12345 67890 12345 67890");
        assertThat(number.displayLines()).containsExactly(
                "12345 67890 12345 67890", "12345 67890 12345 67890", "12345 67890 12345 67890");
        SafetyNumber real = SafetyNumber.of(ALICE, ALICE_KEY, BOB, BOB_KEY);
        assertThat(real.display()).matches("(\\d{5} ){11}\\d{5}");
        assertThat(String.join(" ", real.displayLines())).isEqualTo(real.display());
    }

    @Test
    void matchesWhatTheUserTypesWhateverTheSpacing() {
        SafetyNumber number = SafetyNumber.of(ALICE, ALICE_KEY, BOB, BOB_KEY);

        assertThat(number.matches(number.digits())).isTrue();
        assertThat(number.matches(number.display())).isTrue();
        assertThat(number.matches(String.join("\n", number.displayLines()) + "\n")).isTrue();
        assertThat(number.matches(" \t" + number.display().replace(" ", "  ") + "\r\n")).isTrue();
        assertThat(number.matches(number.display().replace(' ', '\u00a0'))).isTrue();
    }

    @Test
    void refusesWhatDiffersByOneDigitOrIsIncomplete() {
        SafetyNumber number = SafetyNumber.of(ALICE, ALICE_KEY, BOB, BOB_KEY);
        String digits = number.digits();
        char last = digits.charAt(59);
        String oneOff = digits.substring(0, 59) + (last == '9' ? '0' : (char) (last + 1));

        assertThat(number.matches(oneOff)).isFalse();
        assertThat(number.matches(digits.substring(0, 59))).isFalse();
        assertThat(number.matches(digits + "0")).isFalse();
        assertThat(number.matches(digits.substring(0, 30))).isFalse();
        assertThat(number.matches("")).isFalse();
        assertThat(number.matches(null)).isFalse();
        assertThat(number.matches(digits.replace('1', 'l'))).isEqualTo(!digits.contains("1"));
    }

    @Test
    void aValueIsExactlySixtyDigits() {
        assertThatThrownBy(() -> new SafetyNumber("1234")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SafetyNumber("x".repeat(60))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SafetyNumber(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SafetyNumber("\u0661".repeat(60))).isInstanceOf(IllegalArgumentException.class);
    }
}
