package org.mailv2.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.seal.Attachment;
import org.mailv2.protocol.seal.AttachmentSink;
import org.mailv2.protocol.seal.ByteSource;
import org.mailv2.protocol.seal.Envelope;
import org.mailv2.protocol.seal.InnerMessage;
import org.mailv2.protocol.seal.MessageOpener;
import org.mailv2.protocol.seal.MessageSealer;
import org.mailv2.protocol.seal.OpenedMessage;
import org.mailv2.protocol.seal.SealedMessage;
import org.mailv2.protocol.seal.VerifiedEnvelope;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Sealing and opening a message with one attachment in process, through the protocol library's public API: the
 * MIME body (binary parts), age encryption to the recipient's X25519 key and the body's SHA-256 for the envelope;
 * opening checks the hash, decrypts, parses and hashes the attachment, in two passes or in one. The attachment is the file
 * {@code -Dbench.file} (bench/seal.sh makes it and times age on the same file); the ciphertext is written once to
 * {@code -Dbench.sealed}, a file, for the opening benchmarks to read.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SealBench {
    private static final int CHUNK = 64 * 1024;
    private final SecureRandom random = new SecureRandom();
    private final Address alice = Address.parse("alice!");
    private final Address bob = Address.parse("bob!");
    private final SigningPrivateKey aliceSigning = SigningPrivateKey.generate(random);
    private final EncryptionIdentity bobKeys = EncryptionIdentity.generate(random);
    private Path file;
    private Path sealed;
    private VerifiedEnvelope verified;

    @Setup(Level.Trial)
    public void sealOnce() throws IOException {
        file = Path.of(System.getProperty("bench.file"));
        sealed = Path.of(System.getProperty("bench.sealed"));
        verified = new MessageOpener(bob, bobKeys).verify(sealTo(sealed), aliceSigning.publicKey());
    }

    private Envelope sealTo(OutputStream out) throws IOException {
        InnerMessage message = new InnerMessage(alice, "Alice", List.of(bob), List.of(), List.of(), "the file",
                Instant.now(), "bench@alice", null, List.of(), null, "The file is attached.\n",
                List.of(new Attachment(file.getFileName().toString(), "application/octet-stream",
                        ByteSource.of(file))));
        SealedMessage copy = new MessageSealer(aliceSigning.keyId(), random).seal(message, bob, bobKeys.recipient(),
                out);
        return copy.envelope().sign(aliceSigning, null, null);
    }

    private Envelope sealTo(Path target) throws IOException {
        try (OutputStream out = Files.newOutputStream(target)) {
            return sealTo(out);
        }
    }

    /** To nowhere, as the script's {@code age -r -o /dev/null}: writing the file is the disk's speed, not ours. */
    @Benchmark
    public Envelope seal() throws IOException {
        return sealTo(OutputStream.nullOutputStream());
    }

    /** Two passes: the hash checked before anything is decrypted (raw output, export). */
    @Benchmark
    public OpenedMessage open() throws IOException {
        return new MessageOpener(bob, bobKeys).openBody(verified, ByteSource.of(sealed), AttachmentSink.DISCARD);
    }

    /** The floor under both: the JDK's SHA-256 over the file, read as sealing reads it. */
    @Benchmark
    public byte[] sha256OfTheFile() throws Exception {
        java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[CHUNK];
        try (java.io.InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return digest.digest();
    }

    /** The other floor: the JDK's ChaCha20-Poly1305 over the file in age's 64 KiB chunks, as age itself does. */
    @Benchmark
    public byte[] chacha20Poly1305OfTheFile() throws Exception {
        javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance("ChaCha20-Poly1305");
        javax.crypto.spec.SecretKeySpec key = new javax.crypto.spec.SecretKeySpec(new byte[32], "ChaCha20");
        byte[] buffer = new byte[CHUNK];
        byte[] sealedChunk = new byte[CHUNK + 16];
        byte[] nonce = new byte[12];
        long counter = 0;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.readNBytes(buffer, 0, CHUNK)) > 0; ) {
                java.nio.ByteBuffer.wrap(nonce).putLong(3, counter++);
                cipher.init(javax.crypto.Cipher.ENCRYPT_MODE, key, new javax.crypto.spec.IvParameterSpec(nonce));
                cipher.doFinal(buffer, 0, n, sealedChunk);
            }
        }
        return sealedChunk;
    }

    /** One pass into provisional storage (read, save, view). */
    @Benchmark
    public OpenedMessage openOnce() throws IOException {
        return new MessageOpener(bob, bobKeys).openBodyOnce(verified, ByteSource.of(sealed), AttachmentSink.DISCARD);
    }
}
