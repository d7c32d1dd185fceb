package org.mailv2.protocol.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.auth.AuthToken;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.keys.SigningDomain;

/** BIP-39 against Trezor's published vectors, and the keys mailv2 derives from a phrase. */
class RecoveryPhraseTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private static List<JsonNode> vectors() throws Exception {
        try (InputStream in = RecoveryPhraseTest.class.getResourceAsStream("/vectors/bip39-trezor-vectors.json")) {
            List<JsonNode> all = new ArrayList<>();
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(in).get("english").forEach(all::add);
            return all;
        }
    }

    @Test
    void everyTrezorVectorGivesItsWordsEntropyAndSeed() throws Exception {
        List<JsonNode> vectors = vectors();
        assertThat(vectors).hasSizeGreaterThanOrEqualTo(24);
        for (JsonNode v : vectors) {
            byte[] entropy = HEX.parseHex(v.get(0).asText());
            String words = v.get(1).asText();
            RecoveryPhrase fromEntropy = RecoveryPhrase.fromEntropy(entropy);
            assertThat(String.join(" ", fromEntropy.words())).isEqualTo(words);
            RecoveryPhrase parsed = RecoveryPhrase.parse(words);
            assertThat(parsed.entropy()).isEqualTo(entropy);
            assertThat(HEX.formatHex(parsed.seed("TREZOR"))).as(words).isEqualTo(v.get(2).asText());
        }
    }

    @Test
    void aTypedPhraseMayVaryInCaseAndSpacingButNotInItsWords() throws Exception {
        RecoveryPhrase phrase = RecoveryPhrase.generate(RANDOM);
        assertThat(phrase.words()).hasSize(24);
        String typed = "  " + String.join(" \n\t ", phrase.words()).toUpperCase() + "\n";
        assertThat(RecoveryPhrase.parse(typed).entropy()).isEqualTo(phrase.entropy());
        assertThat(phrase.toString()).doesNotContain(phrase.words().get(0));

        List<String> swapped = new ArrayList<>(phrase.words());
        swapped.set(3, swapped.get(3).equals("abandon") ? "ability" : "abandon");
        assertCode(() -> RecoveryPhrase.parse(String.join(" ", swapped)), ErrorCode.MALFORMED, "checksum");
        List<String> unknown = new ArrayList<>(phrase.words());
        unknown.set(5, "mailv2");
        assertCode(() -> RecoveryPhrase.parse(String.join(" ", unknown)), ErrorCode.MALFORMED, "word 6");
        assertCode(() -> RecoveryPhrase.parse(String.join(" ", phrase.words().subList(0, 23))), ErrorCode.MALFORMED,
                "23");
        assertCode(() -> RecoveryPhrase.fromEntropy(new byte[33]), ErrorCode.MALFORMED, "entropy");
    }

    @Test
    void theRecoveryKeysOpenOnlyTheirOwnAccountsCopyAndSignOnlyRecoveryTokens() {
        Sha256 alice = Address.parse("alice!").hash();
        Sha256 server = Sha256.hash("server");
        Clock clock = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);
        RecoveryPhrase phrase = RecoveryPhrase.generate(RANDOM);
        RecoveryKeys keys = RecoveryKeys.of(phrase);
        RecoveryKeys again = RecoveryKeys.of(RecoveryPhrase.parse(String.join(" ", phrase.words())));
        RecoveryKeys other = RecoveryKeys.of(RecoveryPhrase.generate(RANDOM));
        assertThat(again.authKey().publicKey()).isEqualTo(keys.authKey().publicKey());

        byte[] copy = keys.seal(alice, "the keys".getBytes(), RANDOM);
        assertThat(again.open(alice, copy)).isEqualTo("the keys".getBytes());
        assertCode(() -> other.open(alice, copy), ErrorCode.DECRYPTION_FAILED, "phrase");
        assertCode(() -> keys.open(Address.parse("bob!").hash(), copy), ErrorCode.DECRYPTION_FAILED, "phrase");
        copy[copy.length - 1] ^= 1;
        assertCode(() -> keys.open(alice, copy), ErrorCode.DECRYPTION_FAILED, "phrase");

        String token = keys.token(alice, server, clock);
        assertThat(AuthToken.verify(token, keys.authKey().publicKey(), server, clock, SigningDomain.RECOVERY_TOKEN)
                .sub()).isEqualTo(alice);
        assertCode(() -> AuthToken.verify(token, keys.authKey().publicKey(), server, clock), ErrorCode.BAD_SIGNATURE,
                "");
        assertCode(() -> AuthToken.verify(token, other.authKey().publicKey(), server, clock,
                SigningDomain.RECOVERY_TOKEN), ErrorCode.BAD_SIGNATURE, "");
    }

    private static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code,
                                   String message) {
        assertThatThrownBy(call).isInstanceOf(ProtocolException.class).hasMessageContaining(message)
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(code);
    }
}
