package org.mailv2.client.core.keyring;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.mailv2.client.core.vault.VaultFile;
import org.mailv2.client.core.vault.VaultKey;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.json.Json;

/**
 * The keyring inside the encrypted vault file (JSON inside AES-256-GCM under Argon2id), shared safely by every process
 * and thread of one user: each change re-reads the vault, applies itself to what is there now and writes the result,
 * all under a lock that holds across processes (an OS lock on {@code <vault>.lock}) and across the threads of this
 * one. So the terminal UI and any number of commands can change the vault at once without losing each other's
 * changes. The key is derived once per store ({@link #unlock}) and saves reuse it with a fresh nonce; a store can
 * also be given a key derived elsewhere ({@link #unlock(VaultKey)}).
 */
public final class KeyringStore implements AutoCloseable {
    /** One lock per vault file in this process; the OS lock serialises processes. */
    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    /** A change to the keyring, applied to the newest copy; returning the argument means "nothing changed". */
    @FunctionalInterface
    public interface Change {
        Keyring apply(Keyring current) throws IOException;
    }

    private final Path vault;
    private final VaultFile file;
    private VaultKey key;
    private char[] passphrase;

    public KeyringStore(Path vault, VaultFile file) {
        this.vault = vault;
        this.file = file;
    }

    public boolean exists() {
        return Files.exists(vault);
    }

    /**
     * Opens the vault with {@code passphrase} (one Argon2id derivation; a missing vault is an empty keyring, created
     * under this passphrase by the first change). The store keeps a copy of the passphrase, for a vault whose
     * passphrase another process changed meanwhile, until {@link #close()}.
     *
     * @throws ProtocolException {@code decryption_failed} for a wrong passphrase
     * @throws IOException when the file cannot be read
     */
    public synchronized Keyring unlock(char[] passphrase) throws IOException {
        forget();
        this.passphrase = passphrase.clone();
        return withLock(() -> {
            if (!exists()) {
                return Keyring.empty();
            }
            key = file.deriveKey(vault, this.passphrase);
            return parse(file.read(vault, key));
        });
    }

    /** Opens the vault with a key derived elsewhere (an agent); the store owns and wipes it. */
    public synchronized Keyring unlock(VaultKey derived) throws IOException {
        forget();
        this.key = derived;
        return read();
    }

    /** A copy of the derived key, to hand to an agent (the caller closes it); empty before the vault exists. */
    public synchronized java.util.Optional<VaultKey> keyCopy() {
        return key == null ? java.util.Optional.empty()
                : java.util.Optional.of(VaultKey.of(key.parameters(), key.exportKey()));
    }

    /** An old name of {@link #unlock(char[])}. */
    public Keyring load(char[] passphrase) throws IOException {
        return unlock(passphrase);
    }

    /** The keyring as it is on disk now. */
    public Keyring read() throws IOException {
        return withLock(this::readLocked);
    }

    /**
     * Applies {@code change} to the keyring as it is on disk now and saves the result before the lock is let go;
     * nothing is written when the change returns what it was given.
     *
     * @return the keyring after the change
     */
    public Keyring update(Change change) throws IOException {
        return withLock(() -> {
            Keyring current = readLocked();
            // What a change removes is remembered, so that another device's state does not bring it back.
            Keyring changed = SharedState.recordRemovals(current, change.apply(current), java.time.Instant.now());
            if (!changed.equals(current)) {
                writeLocked(changed);
            }
            return changed;
        });
    }

    /**
     * Replaces the whole keyring. Only for a keyring made from the one read under the same lock (creating a vault);
     * every other caller uses {@link #update}, which keeps what other processes changed meanwhile.
     */
    public void save(Keyring keyring, char[] passphrase) throws IOException {
        synchronized (this) {
            if (this.passphrase == null) {
                this.passphrase = passphrase.clone();
            }
        }
        update(current -> keyring);
    }

    /** Re-encrypts the vault under a new passphrase (fresh salt); this store keeps working with the new key. */
    public void changePassphrase(char[] fresh) throws IOException {
        withLock(() -> {
            synchronized (this) {
                file.changePassphrase(vault, passphrase, fresh);
                forget();
                passphrase = fresh.clone();
                key = file.deriveKey(vault, passphrase);
            }
            return null;
        });
    }

    /** Writes an encrypted copy under its own passphrase (the vault's passphrase stays here). */
    public void export(Path target, char[] exportPassphrase) throws IOException {
        withLock(() -> {
            file.exportTo(vault, passphrase, target, exportPassphrase);
            return null;
        });
    }

    private synchronized Keyring readLocked() throws IOException {
        if (!exists()) {
            return Keyring.empty();
        }
        byte[] plaintext = key == null ? null : file.read(vault, key);
        if (plaintext == null) {
            // The passphrase changed since this store derived its key (or none was derived yet).
            if (passphrase == null) {
                throw new ProtocolException(ErrorCode.DECRYPTION_FAILED,
                        "the vault's passphrase changed meanwhile; unlock it again");
            }
            if (key != null) {
                key.close();
            }
            key = file.deriveKey(vault, passphrase);
            plaintext = file.read(vault, key);
        }
        return parse(plaintext);
    }

    private synchronized void writeLocked(Keyring keyring) throws IOException {
        byte[] json = Json.write(keyring);
        try {
            if (key == null) {
                if (passphrase == null) {
                    throw new IllegalStateException("the vault is not unlocked");
                }
                file.write(vault, passphrase, json);
                key = file.deriveKey(vault, passphrase);
            } else {
                file.write(vault, key, json);
            }
        } finally {
            Arrays.fill(json, (byte) 0);
        }
    }

    /**
     * The vault's own reader: the protocol's 256 KiB bound on a JSON document is for what strangers send, and a list
     * owner's vault outgrows it (1,000 subscribers and their pinned keys are about 600 KiB). The vault is
     * authenticated-encrypted and written only by this code; the vault file bounds its plaintext.
     */
    private static final JsonFactory VAULT_JSON = Json.newFactory(VaultFile.MAX_PLAINTEXT_BYTES);

    private static Keyring parse(byte[] plaintext) {
        try (JsonParser parser = VAULT_JSON.createParser(plaintext)) {
            Keyring keyring = Json.mapper().readValue(parser, Keyring.class);
            if (keyring == null) {
                throw new ProtocolException(ErrorCode.MALFORMED, "the vault holds no keyring");
            }
            return keyring;
        } catch (IOException unreadable) {
            for (Throwable cause = unreadable; cause != null; cause = cause.getCause()) {
                if (cause instanceof ProtocolException refused) {
                    throw refused;
                }
            }
            throw new ProtocolException(ErrorCode.MALFORMED, "malformed vault", unreadable);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    @FunctionalInterface
    private interface Locked<T> {
        T run() throws IOException;
    }

    /** Runs {@code work} holding this process's lock for the vault and, outermost, the OS lock beside it. */
    private <T> T withLock(Locked<T> work) throws IOException {
        Path parent = Files.createDirectories(vault.toAbsolutePath().getParent()).toRealPath();
        Path id = parent.resolve(vault.getFileName());
        ReentrantLock lock = LOCKS.computeIfAbsent(id, p -> new ReentrantLock());
        lock.lock();
        try {
            if (lock.getHoldCount() > 1) {
                return work.run();
            }
            try (FileChannel channel = FileChannel.open(id.resolveSibling(id.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                return work.run();
            }
        } finally {
            lock.unlock();
        }
    }

    private void forget() {
        if (key != null) {
            key.close();
            key = null;
        }
        if (passphrase != null) {
            Arrays.fill(passphrase, '\0');
            passphrase = null;
        }
    }

    /** Wipes the key and the passphrase copy. */
    @Override
    public synchronized void close() {
        forget();
    }
}
