package org.mailv2.protocol.recovery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/**
 * A BIP-39 mnemonic: entropy of 128 to 256 bits written as 12 to 24 words of the English list, the last word carrying
 * a checksum (the first bits of the entropy's SHA-256), so a mistyped word is caught before anything is derived. Its
 * seed is BIP-39's: PBKDF2-HMAC-SHA512 of the NFKD words with the salt {@code "mnemonic" + passphrase}, 2,048
 * iterations, 64 bytes. mailv2 uses 24 words and no passphrase. {@link #toString()} never shows the words.
 */
public final class RecoveryPhrase {
    /** The entropy mailv2 makes: 256 bits, 24 words. */
    public static final int ENTROPY_BYTES = 32;
    private static final String WORD_LIST_SHA256 = "2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda";
    private static final List<String> WORDS = loadWords();
    private static final Map<String, Integer> INDEX = index(WORDS);

    private final byte[] entropy;
    private final List<String> words;

    private RecoveryPhrase(byte[] entropy, List<String> words) {
        this.entropy = entropy;
        this.words = words;
    }

    public static RecoveryPhrase generate(SecureRandom random) {
        byte[] entropy = new byte[ENTROPY_BYTES];
        random.nextBytes(entropy);
        return fromEntropy(entropy);
    }

    /** @throws ProtocolException {@code malformed} unless 16 to 32 bytes, a multiple of 4 */
    public static RecoveryPhrase fromEntropy(byte[] entropy) {
        if (entropy.length < 16 || entropy.length > 32 || entropy.length % 4 != 0) {
            throw new ProtocolException(ErrorCode.MALFORMED, "recovery entropy is 16 to 32 bytes, a multiple of 4");
        }
        int checksumBits = entropy.length / 4;
        byte[] hash = Sha256.hash(entropy).bytes();
        int totalBits = entropy.length * 8 + checksumBits;
        List<String> words = new ArrayList<>(totalBits / 11);
        for (int w = 0; w < totalBits / 11; w++) {
            int index = 0;
            for (int b = 0; b < 11; b++) {
                index = (index << 1) | bit(entropy, hash, w * 11 + b);
            }
            words.add(WORDS.get(index));
        }
        return new RecoveryPhrase(entropy.clone(), List.copyOf(words));
    }

    /**
     * The phrase as a person types it: words separated by any white space, in any case.
     *
     * @throws ProtocolException {@code malformed} for a word not on the list, a wrong number of words, or a checksum
     *     that does not match (a word mistyped for another list word)
     */
    public static RecoveryPhrase parse(String typed) {
        String[] parts = Normalizer.normalize(typed, Normalizer.Form.NFKD).strip().toLowerCase(Locale.ROOT)
                .split("\\s+");
        if (parts.length < 12 || parts.length > 24 || parts.length % 3 != 0) {
            throw new ProtocolException(ErrorCode.MALFORMED, "a recovery phrase has 12 to 24 words (24 for mailv2),"
                    + " not " + parts.length);
        }
        int totalBits = parts.length * 11;
        int checksumBits = totalBits / 33;
        byte[] bits = new byte[(totalBits + 7) / 8];
        for (int w = 0; w < parts.length; w++) {
            Integer index = INDEX.get(parts[w]);
            if (index == null) {
                throw new ProtocolException(ErrorCode.MALFORMED, "word " + (w + 1) + " is not a recovery word");
            }
            for (int b = 0; b < 11; b++) {
                if ((index >> (10 - b) & 1) == 1) {
                    int at = w * 11 + b;
                    bits[at / 8] |= (byte) (0x80 >>> (at % 8));
                }
            }
        }
        byte[] entropy = Arrays.copyOf(bits, (totalBits - checksumBits) / 8);
        RecoveryPhrase expected = fromEntropy(entropy);
        if (!expected.words.equals(Arrays.asList(parts))) {
            throw new ProtocolException(ErrorCode.MALFORMED, "the recovery phrase's checksum does not match: a word is"
                    + " mistyped");
        }
        return expected;
    }

    public List<String> words() {
        return words;
    }

    public byte[] entropy() {
        return entropy.clone();
    }

    /** BIP-39's seed of these words under {@code passphrase} (mailv2: the empty string). */
    public byte[] seed(String passphrase) {
        PKCS5S2ParametersGenerator pbkdf2 = new PKCS5S2ParametersGenerator(new SHA512Digest());
        pbkdf2.init(Normalizer.normalize(String.join(" ", words), Normalizer.Form.NFKD).getBytes(StandardCharsets.UTF_8),
                Normalizer.normalize("mnemonic" + passphrase, Normalizer.Form.NFKD).getBytes(StandardCharsets.UTF_8),
                2048);
        return ((KeyParameter) pbkdf2.generateDerivedParameters(512)).getKey();
    }

    @Override
    public String toString() {
        return "RecoveryPhrase[" + words.size() + " words]";
    }

    private static int bit(byte[] entropy, byte[] hash, int at) {
        int entropyBits = entropy.length * 8;
        return at < entropyBits ? (entropy[at / 8] >> (7 - at % 8)) & 1
                : (hash[(at - entropyBits) / 8] >> (7 - (at - entropyBits) % 8)) & 1;
    }

    private static List<String> loadWords() {
        try (InputStream in = RecoveryPhrase.class.getResourceAsStream("bip39-english.txt")) {
            if (in == null) {
                throw new IllegalStateException("the BIP-39 word list is missing");
            }
            byte[] bytes = in.readAllBytes();
            if (!Sha256.hash(bytes).hex().equals(WORD_LIST_SHA256)) {
                throw new IllegalStateException("the BIP-39 word list is not the published one");
            }
            List<String> words = List.of(new String(bytes, StandardCharsets.UTF_8).split("\n"));
            if (words.size() != 2048) {
                throw new IllegalStateException("the BIP-39 word list has " + words.size() + " words");
            }
            return words;
        } catch (IOException e) {
            throw new IllegalStateException("the BIP-39 word list cannot be read", e);
        }
    }

    private static Map<String, Integer> index(List<String> words) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < words.size(); i++) {
            index.put(words.get(i), i);
        }
        return index;
    }
}
