package org.mailv2.client.core.vault;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.passphrase.Argon2idParameters;
import org.mailv2.protocol.passphrase.SecretBox;

/**
 * Encodes and parses the bytes of a vault file; the layout is documented on {@link VaultFile}. Parsing checks every
 * field, the Argon2id bounds of {@link VaultCost} and the exact length before anything is derived or decrypted.
 */
final class VaultLayout {
    static final byte[] MAGIC = "MAILV2-VAULT\n".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    /** Magic, version, memory, iterations, parallelism, salt length: the bytes before the salt. */
    static final int FIXED_BYTES = MAGIC.length + 1 + 4 + 4 + 1 + 1;
    static final int MAX_CIPHERTEXT_BYTES = VaultFile.MAX_PLAINTEXT_BYTES + SecretBox.TAG_LENGTH;
    static final int MAX_FILE_BYTES = FIXED_BYTES + Argon2idParameters.MAX_SALT_BYTES + SecretBox.NONCE_LENGTH + 4
            + MAX_CIPHERTEXT_BYTES;

    private VaultLayout() {
    }

    /** A parsed file; the arrays are this parser's own copies and are not copied again. */
    record Sealed(Argon2idParameters parameters, byte[] nonce, byte[] header, byte[] ciphertext) {
    }

    /** Everything before the ciphertext; it is also the ciphertext's associated data. */
    static byte[] header(Argon2idParameters parameters, byte[] nonce, int ciphertextLength) {
        byte[] salt = parameters.salt();
        ByteBuffer out = ByteBuffer.allocate(FIXED_BYTES + salt.length + nonce.length + 4);
        out.put(MAGIC).put((byte) VERSION);
        out.putInt(parameters.memoryKiB()).putInt(parameters.iterations()).put((byte) parameters.parallelism());
        out.put((byte) salt.length).put(salt);
        out.put(nonce).putInt(ciphertextLength);
        return out.array();
    }

    /** @throws ProtocolException {@code malformed} for anything but a complete, well-formed version 1 vault file */
    static Sealed parse(byte[] file) {
        ByteBuffer in = ByteBuffer.wrap(file);
        try {
            requireMagic(file);
            in.position(MAGIC.length);
            int version = Byte.toUnsignedInt(in.get());
            if (version != VERSION) {
                throw malformed("vault format version " + version + " is not supported (this client reads version "
                        + VERSION + ")");
            }
            VaultCost cost = VaultCost.of(Integer.toUnsignedLong(in.getInt()), Integer.toUnsignedLong(in.getInt()),
                    Byte.toUnsignedInt(in.get()));
            byte[] salt = bytes(in, saltLength(Byte.toUnsignedInt(in.get())));
            byte[] nonce = bytes(in, SecretBox.NONCE_LENGTH);
            long length = Integer.toUnsignedLong(in.getInt());
            byte[] header = Arrays.copyOf(file, in.position());
            byte[] ciphertext = bytes(in, ciphertextLength(length, in.remaining()));
            return new Sealed(new Argon2idParameters(cost.memoryKiB(), cost.iterations(), cost.parallelism(), salt),
                    nonce, header, ciphertext);
        } catch (BufferUnderflowException e) {
            throw malformed("the vault file is truncated");
        }
    }

    private static void requireMagic(byte[] file) {
        int n = Math.min(file.length, MAGIC.length);
        if (!Arrays.equals(file, 0, n, MAGIC, 0, n)) {
            throw malformed("not a mailv2 vault file");
        }
        if (n < MAGIC.length) {
            throw new BufferUnderflowException();
        }
    }

    private static int saltLength(int length) {
        if (length < Argon2idParameters.MIN_SALT_BYTES || length > Argon2idParameters.MAX_SALT_BYTES) {
            throw malformed("a vault salt has " + Argon2idParameters.MIN_SALT_BYTES + " to "
                    + Argon2idParameters.MAX_SALT_BYTES + " bytes, not " + length);
        }
        return length;
    }

    private static int ciphertextLength(long length, int remaining) {
        if (length < SecretBox.TAG_LENGTH || length > MAX_CIPHERTEXT_BYTES) {
            throw malformed("a vault ciphertext has " + SecretBox.TAG_LENGTH + " to " + MAX_CIPHERTEXT_BYTES
                    + " bytes, not " + length);
        }
        if (remaining < length) {
            throw new BufferUnderflowException();
        }
        if (remaining > length) {
            throw malformed("the vault file has " + (remaining - length) + " unexpected bytes at its end");
        }
        return (int) length;
    }

    private static byte[] bytes(ByteBuffer in, int length) {
        byte[] out = new byte[length];
        in.get(out);
        return out;
    }

    private static ProtocolException malformed(String message) {
        return new ProtocolException(ErrorCode.MALFORMED, message);
    }
}
