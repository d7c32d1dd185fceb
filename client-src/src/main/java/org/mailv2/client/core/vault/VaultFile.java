package org.mailv2.client.core.vault;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.passphrase.Argon2idParameters;
import org.mailv2.protocol.passphrase.PassphraseKdf;
import org.mailv2.protocol.passphrase.SecretBox;

/**
 * The encrypted vault file: an opaque plaintext (the caller stores JSON) under AES-256-GCM with a key derived from a
 * passphrase by Argon2id. A save with the passphrase draws a fresh salt and a fresh nonce; a save with a key derived
 * before ({@link VaultKey}, so a process pays for one derivation) keeps that key's salt and draws a fresh random
 * 96-bit nonce, which keeps the chance of a repeated nonce negligible for any number of saves a vault will see.
 *
 * <p>Layout, version 1 (integers unsigned, big-endian; {@code S} is the salt length, {@code C} the ciphertext length):
 * <pre>
 * offset  bytes  field
 * 0       13     magic, ASCII "MAILV2-VAULT\n" (4D 41 49 4C 56 32 2D 56 41 55 4C 54 0A)
 * 13      1      format version, 0x01
 * 14      4      Argon2id memory in KiB          (8192 .. 262144)
 * 18      4      Argon2id iterations             (1 .. 10; memory x iterations at most 786432)
 * 22      1      Argon2id parallelism            (1 .. 4)
 * 23      1      S, salt length                  (16 .. 64; written as 16)
 * 24      S      Argon2id salt
 * 24+S    12     AES-256-GCM nonce
 * 36+S    4      C, ciphertext length with tag   (16 .. 64 MiB + 16)
 * 40+S    C      AES-256-GCM ciphertext || 16-byte tag
 * </pre>
 * The key is Argon2id version 0x13 (RFC 9106) over the passphrase's UTF-8 bytes with the stored parameters, 32 bytes
 * long. The header, bytes {@code 0 .. 40+S}, is the GCM associated data, so changing any parameter, the salt, the
 * nonce or the length makes authentication fail. The file is exactly {@code 40 + S + C} bytes.
 *
 * <p>Reading checks every header field against the bounds of {@link VaultCost} before deriving anything, so a hostile
 * file cannot make the client allocate more than 256 MiB or spend more than about four strong derivations.
 *
 * <p>Writes are atomic and durable (see {@link #write}); the file's mode is 0600 where POSIX. Passphrases are read, not
 * kept: the caller wipes its {@code char[]}; derived keys and intermediate plaintexts are zeroed after use.
 */
public final class VaultFile {
    /** The largest plaintext a vault holds: 64 MiB. */
    public static final int MAX_PLAINTEXT_BYTES = 64 * 1024 * 1024;
    private static final String WRONG_PASSPHRASE = "wrong passphrase, or the vault file was changed";

    private final SecureRandom random;
    private final VaultCost cost;

    /** A vault file with the recommended cost and a new {@link SecureRandom}. */
    public VaultFile() {
        this(new SecureRandom(), VaultCost.RECOMMENDED);
    }

    /**
     * @param random source of every salt and nonce
     * @param cost   the Argon2id cost of the files this writes; reading accepts any cost within the bounds
     */
    public VaultFile(SecureRandom random, VaultCost cost) {
        this.random = Objects.requireNonNull(random, "random");
        this.cost = Objects.requireNonNull(cost, "cost");
    }

    /**
     * Writes a new vault, refusing to replace an existing file.
     *
     * @throws FileAlreadyExistsException when {@code vault} exists (it is left untouched)
     * @throws IOException                when the file cannot be written (see {@link #write})
     * @throws ProtocolException          {@code too_large} for a plaintext over {@value #MAX_PLAINTEXT_BYTES} bytes;
     *                                    {@code malformed} for a passphrase that is not valid Unicode
     */
    public void create(Path vault, char[] passphrase, byte[] plaintext) throws IOException {
        requireAbsent(vault);
        AtomicFile.createNew(vault, seal(passphrase, plaintext));
    }

    /**
     * Saves the vault, replacing any previous file atomically: a temporary owner-only file in the same directory is
     * written and forced to disk, renamed over {@code vault}, and the directory is forced where possible. Readers and
     * crashes see the old file or the new one, never a mix. The parent directory must exist.
     *
     * @throws IOException       when the directory is missing or not writable, {@code vault} is a directory, the disk
     *                           is full or the thread was interrupted; the previous file is then untouched
     * @throws ProtocolException {@code too_large} for a plaintext over {@value #MAX_PLAINTEXT_BYTES} bytes;
     *                           {@code malformed} for a passphrase that is not valid Unicode
     */
    public void write(Path vault, char[] passphrase, byte[] plaintext) throws IOException {
        AtomicFile.replace(vault, seal(passphrase, plaintext));
    }

    /**
     * Opens the vault.
     *
     * @return the plaintext; the caller owns it (and may wipe it)
     * @throws java.nio.file.NoSuchFileException when there is no file
     * @throws IOException                       when the file cannot be read
     * @throws ProtocolException                 {@code decryption_failed} for a wrong passphrase or a changed file;
     *                                           {@code malformed} for a file that is not a complete version 1 vault,
     *                                           or whose parameters are out of bounds, or a passphrase that is not
     *                                           valid Unicode
     */
    public byte[] read(Path vault, char[] passphrase) throws IOException {
        Objects.requireNonNull(passphrase, "passphrase");
        VaultLayout.Sealed sealed = VaultLayout.parse(readBounded(vault));
        byte[] key = PassphraseKdf.derive(passphrase, sealed.parameters(), SecretBox.KEY_LENGTH);
        try {
            return SecretBox.openWithNonce(key, sealed.nonce(), sealed.ciphertext(), sealed.header());
        } catch (ProtocolException e) {
            if (e.code() == ErrorCode.DECRYPTION_FAILED) {
                throw new ProtocolException(ErrorCode.DECRYPTION_FAILED, WRONG_PASSPHRASE, e);
            }
            throw e;
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * Derives the key of the vault as it is on disk (one Argon2id run) and checks it opens the file.
     *
     * @throws ProtocolException {@code decryption_failed} for a wrong passphrase; otherwise as {@link #read}
     * @throws IOException       as {@link #read}
     */
    public VaultKey deriveKey(Path vault, char[] passphrase) throws IOException {
        Objects.requireNonNull(passphrase, "passphrase");
        VaultLayout.Sealed sealed = VaultLayout.parse(readBounded(vault));
        byte[] derived = PassphraseKdf.derive(passphrase, sealed.parameters(), SecretBox.KEY_LENGTH);
        try {
            VaultKey key = new VaultKey(sealed.parameters(), derived);
            Arrays.fill(open(sealed, key), (byte) 0);
            return key;
        } finally {
            Arrays.fill(derived, (byte) 0);
        }
    }

    /**
     * Opens the vault with a key derived before.
     *
     * @return the plaintext, or null when the file was sealed under other parameters since (a new passphrase): the
     *     caller derives again
     * @throws ProtocolException {@code decryption_failed} when the key does not open the file; otherwise as
     *                           {@link #read}
     * @throws IOException       as {@link #read}
     */
    public byte[] read(Path vault, VaultKey key) throws IOException {
        VaultLayout.Sealed sealed = VaultLayout.parse(readBounded(vault));
        if (!key.fits(sealed.parameters())) {
            return null;
        }
        return open(sealed, key);
    }

    /**
     * Saves the vault under a key derived before: same parameters and salt, a fresh nonce. Atomic and durable as
     * {@link #write(Path, char[], byte[])}.
     */
    public void write(Path vault, VaultKey key, byte[] plaintext) throws IOException {
        Objects.requireNonNull(plaintext, "plaintext");
        if (plaintext.length > MAX_PLAINTEXT_BYTES) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "a vault holds at most 64 MiB");
        }
        AtomicFile.replace(vault, seal(key.parameters(), key.key(), plaintext));
    }

    private static byte[] open(VaultLayout.Sealed sealed, VaultKey key) {
        try {
            return SecretBox.openWithNonce(key.key(), sealed.nonce(), sealed.ciphertext(), sealed.header());
        } catch (ProtocolException e) {
            if (e.code() == ErrorCode.DECRYPTION_FAILED) {
                throw new ProtocolException(ErrorCode.DECRYPTION_FAILED, WRONG_PASSPHRASE, e);
            }
            throw e;
        }
    }

    /**
     * Re-encrypts the vault under a new passphrase, with a fresh salt, a fresh nonce and this instance's cost.
     *
     * @throws ProtocolException {@code decryption_failed} when {@code oldPassphrase} is wrong (the file is unchanged);
     *                           otherwise as {@link #read} and {@link #write}
     * @throws IOException       as {@link #read} and {@link #write}; the file is then unchanged
     */
    public void changePassphrase(Path vault, char[] oldPassphrase, char[] newPassphrase) throws IOException {
        Objects.requireNonNull(newPassphrase, "newPassphrase");
        byte[] plaintext = read(vault, oldPassphrase);
        try {
            write(vault, newPassphrase, plaintext);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /**
     * Writes a copy of the vault under a separate passphrase, for moving to another machine. The export has the same
     * format as a vault.
     *
     * @throws FileAlreadyExistsException when {@code target} exists (it is left untouched)
     * @throws ProtocolException          {@code decryption_failed} when {@code passphrase} does not open the vault;
     *                                    otherwise as {@link #read}
     * @throws IOException                as {@link #read} and {@link #create}
     */
    public void exportTo(Path vault, char[] passphrase, Path target, char[] exportPassphrase) throws IOException {
        Objects.requireNonNull(exportPassphrase, "exportPassphrase");
        requireAbsent(target);
        copy(vault, passphrase, target, exportPassphrase);
    }

    /**
     * Creates a vault from an export made by {@link #exportTo}, under the passphrase chosen for this machine. Never
     * replaces an existing vault: remove or move it first.
     *
     * @throws FileAlreadyExistsException when {@code vault} exists (it is left untouched, checked before decrypting)
     * @throws ProtocolException          {@code decryption_failed} when {@code exportPassphrase} does not open the
     *                                    export; otherwise as {@link #read}
     * @throws IOException                as {@link #read} and {@link #create}
     */
    public void importFrom(Path export, char[] exportPassphrase, Path vault, char[] passphrase) throws IOException {
        Objects.requireNonNull(passphrase, "passphrase");
        requireAbsent(vault);
        copy(export, exportPassphrase, vault, passphrase);
    }

    private void copy(Path source, char[] sourcePassphrase, Path target, char[] targetPassphrase) throws IOException {
        byte[] plaintext = read(source, sourcePassphrase);
        try {
            create(target, targetPassphrase, plaintext);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private byte[] seal(char[] passphrase, byte[] plaintext) {
        Objects.requireNonNull(passphrase, "passphrase");
        Objects.requireNonNull(plaintext, "plaintext");
        if (plaintext.length > MAX_PLAINTEXT_BYTES) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "a vault holds at most 64 MiB");
        }
        Argon2idParameters parameters = cost.newParameters(random);
        byte[] key = PassphraseKdf.derive(passphrase, parameters, SecretBox.KEY_LENGTH);
        try {
            return seal(parameters, key, plaintext);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private byte[] seal(Argon2idParameters parameters, byte[] key, byte[] plaintext) {
        byte[] nonce = new byte[SecretBox.NONCE_LENGTH];
        random.nextBytes(nonce);
        byte[] header = VaultLayout.header(parameters, nonce, plaintext.length + SecretBox.TAG_LENGTH);
        byte[] ciphertext = SecretBox.sealWithNonce(key, nonce, plaintext, header);
        byte[] file = Arrays.copyOf(header, header.length + ciphertext.length);
        System.arraycopy(ciphertext, 0, file, header.length, ciphertext.length);
        return file;
    }

    private static byte[] readBounded(Path vault) throws IOException {
        try (InputStream in = Files.newInputStream(vault)) {
            byte[] file = in.readNBytes(VaultLayout.MAX_FILE_BYTES + 1);
            if (file.length > VaultLayout.MAX_FILE_BYTES) {
                throw new ProtocolException(ErrorCode.MALFORMED, "the vault file is larger than any vault can be");
            }
            return file;
        }
    }

    private static void requireAbsent(Path path) throws FileAlreadyExistsException {
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(path.toString(), null, "refusing to replace an existing file");
        }
    }
}
