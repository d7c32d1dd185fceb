package org.mailv2.protocol.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

class AddressTest {
    private static final String JOHN_SHA256 = "1370864026306b64a191803e3f6ad4f40a5ecd28531718d4a033321c1361001e";

    @Test
    void parsesPlainAndOrganisationAddresses() {
        Address alice = Address.parse("alice!");
        assertThat(alice.local()).isEqualTo("alice");
        assertThat(alice.organisation()).isEmpty();
        assertThat(alice.display()).isEqualTo("alice!");

        Address bob = Address.parse("Bob.Smith@ACME-corp!");
        assertThat(bob.display()).isEqualTo("bob.smith@acme-corp!");
        assertThat(bob.canonical()).isEqualTo("bobsmith@acmecorp!");
        assertThat(bob.organisation()).get().extracting(Organisation::canonical).isEqualTo("acmecorp");
    }

    @Test
    void hashIsSha256OfCanonicalFormWithBang() {
        // printf 'john!' | sha256sum
        assertThat(Address.parse("j.o-hn!").hash().hex()).isEqualTo(JOHN_SHA256);
        assertThat(Organisation.parse("ac.me").hash()).isEqualTo(org.mailv2.protocol.digest.Sha256.hash("acme"));
    }

    @Test
    void lookAlikesAreOneAddress() {
        assertThat(Address.parse("j.ohn!")).isEqualTo(Address.parse("john!"));
        assertThat(Address.parse("jo-hn@ac.me!")).isEqualTo(Address.parse("john@acme!"));
        assertThat(Address.parse("j.ohn!").hash()).isEqualTo(Address.parse("john!").hash());
        assertThat(Address.parse("john@acme!")).isNotEqualTo(Address.parse("john!"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "!", "alice", "al!", "-alice!", ".alice!", "alice@!", "alice@a!", "al ice!",
        "alice@acme", "alice@@acme!", "alice@ac@me!", "a.-.-!", "ab--!", "alice@a-!", "älice!", "alice!!",
        "alice@-acme!", "alice_b!"})
    void rejectsWhatIsNotAnAddress(String text) {
        assertThatThrownBy(() -> Address.parse(text))
                .isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.INVALID_ADDRESS);
    }

    @Test
    void rejectsOverlongParts() {
        assertThat(Address.isValid("a".repeat(64) + "!")).isTrue();
        assertThat(Address.isValid("a".repeat(65) + "!")).isFalse();
        assertThat(Address.isValid("abc@" + "o".repeat(64) + "!")).isTrue();
        assertThat(Address.isValid("abc@" + "o".repeat(65) + "!")).isFalse();
    }

    @Property
    void displayFormParsesBackToItself(@ForAll("addresses") String text) {
        Address parsed = Address.parse(text);
        assertThat(parsed.display()).isEqualTo(text);
        assertThat(Address.parse(parsed.display())).isEqualTo(parsed);
        assertThat(Address.parse(text.toUpperCase(java.util.Locale.ROOT))).isEqualTo(parsed);
    }

    @Property
    void canonicalFormIsAFixedPointAndHashesAlike(@ForAll("addresses") String text) {
        Address parsed = Address.parse(text);
        Address canonical = Address.parse(parsed.canonical());
        assertThat(canonical.canonical()).isEqualTo(parsed.canonical());
        assertThat(canonical.hash()).isEqualTo(parsed.hash());
        assertThat(parsed.canonical()).doesNotContain(".", "-");
    }

    @Property
    void insertingDotsOrDashesMakesALookAlike(@ForAll("addresses") String text,
                                               @ForAll("separators") char separator) {
        Address parsed = Address.parse(text);
        String local = parsed.local();
        String lookAlike = local.charAt(0) + String.valueOf(separator) + local.substring(1)
                + parsed.organisation().map(o -> "@" + o.display()).orElse("") + "!";
        if (Address.isValid(lookAlike)) {
            assertThat(Address.parse(lookAlike)).isEqualTo(parsed);
            assertThat(Address.parse(lookAlike).hash()).isEqualTo(parsed.hash());
        }
    }

    @Provide
    Arbitrary<String> addresses() {
        Arbitrary<String> local = Combinators.combine(
                Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789").ofLength(1),
                Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789").ofMinLength(2).ofMaxLength(40),
                Arbitraries.strings().withChars("abcxyz019.-").ofMaxLength(20))
                .as((a, b, c) -> a + b + c);
        Arbitrary<String> org = Combinators.combine(
                Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789").ofMinLength(2).ofMaxLength(30),
                Arbitraries.strings().withChars("abc.-").ofMaxLength(10))
                .as((a, b) -> a + b);
        return Combinators.combine(local, org.injectNull(0.4)).as((l, o) -> o == null ? l + "!" : l + "@" + o + "!");
    }

    @Provide
    Arbitrary<Character> separators() {
        return Arbitraries.of('.', '-');
    }
}
