package org.mailv2.protocol.passphrase;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/**
 * Derives keys from passphrases with Argon2id (RFC 9106, version 0x13) through Bouncy Castle. A {@code char[]}
 * passphrase is encoded as UTF-8 exactly as given (no Unicode normalization); the encoded copy is wiped afterwards.
 */
public final class PassphraseKdf {
    public static final int MIN_LENGTH = 16;
    public static final int MAX_LENGTH = 64;

    private PassphraseKdf() {
    }

    /**
     * @throws ProtocolException        {@code malformed} when the passphrase holds a lone surrogate
     * @throws IllegalArgumentException when {@code length} is outside {@value #MIN_LENGTH}..{@value #MAX_LENGTH}
     */
    public static byte[] derive(char[] passphrase, Argon2idParameters parameters, int length) {
        byte[] utf8 = utf8(passphrase);
        try {
            return derive(utf8, parameters, length);
        } finally {
            Arrays.fill(utf8, (byte) 0);
        }
    }

    /** @throws IllegalArgumentException when {@code length} is outside {@value #MIN_LENGTH}..{@value #MAX_LENGTH} */
    public static byte[] derive(byte[] passphrase, Argon2idParameters parameters, int length) {
        return derive(passphrase, parameters, null, null, length);
    }

    /**
     * Argon2id with the optional secret value K and associated data X of RFC 9106 §3.1; {@code null} means empty.
     *
     * @throws IllegalArgumentException when {@code length} is outside {@value #MIN_LENGTH}..{@value #MAX_LENGTH}
     */
    public static byte[] derive(byte[] passphrase, Argon2idParameters parameters, byte[] secret,
            byte[] associatedData, int length) {
        Objects.requireNonNull(passphrase, "passphrase");
        Objects.requireNonNull(parameters, "parameters");
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new IllegalArgumentException("derived key length must be " + MIN_LENGTH + ".." + MAX_LENGTH);
        }
        Argon2Parameters.Builder builder = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(parameters.memoryKiB())
                .withIterations(parameters.iterations())
                .withParallelism(parameters.parallelism())
                .withSalt(parameters.salt());
        if (secret != null) {
            builder.withSecret(secret);
        }
        if (associatedData != null) {
            builder.withAdditional(associatedData);
        }
        Argon2Parameters argon2 = builder.build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(argon2);
        byte[] out = new byte[length];
        generator.generateBytes(passphrase, out);
        argon2.clear();
        return out;
    }

    private static byte[] utf8(char[] passphrase) {
        Objects.requireNonNull(passphrase, "passphrase");
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer encoded;
        try {
            encoded = encoder.encode(CharBuffer.wrap(passphrase));
        } catch (CharacterCodingException e) {
            throw new ProtocolException(ErrorCode.MALFORMED, "passphrase is not valid Unicode", e);
        }
        byte[] out = Arrays.copyOf(encoded.array(), encoded.limit());
        Arrays.fill(encoded.array(), (byte) 0);
        return out;
    }
}
