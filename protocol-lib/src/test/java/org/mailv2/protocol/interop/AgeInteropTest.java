package org.mailv2.protocol.interop;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.EncryptionRecipient;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.seal.Attachment;
import org.mailv2.protocol.seal.ByteSource;
import org.mailv2.protocol.seal.InnerMessage;
import org.mailv2.protocol.seal.MessageSealer;
import org.mailv2.protocol.seal.OpenedMessage;
import org.mailv2.protocol.seal.internal.AgeCipher;
import org.mailv2.protocol.seal.internal.MimeReader;

/** Our age files open with Debian's age, and age's files open with ours. */
class AgeInteropTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    @BeforeAll
    static void ageIsInstalled() {
        AgeCli.requireInstalled();
    }

    @Test
    void ageDecryptsABodyThisLibrarySealed() throws Exception {
        EncryptionIdentity bob = EncryptionIdentity.generate(RANDOM);
        Path identityFile = Files.writeString(dir.resolve("bob.txt"), bob.secretText() + "\n");
        byte[] attachment = new byte[200_000];
        RANDOM.nextBytes(attachment);
        InnerMessage message = new InnerMessage(Address.parse("alice!"), null, List.of(Address.parse("bob!")),
                List.of(), List.of(), "interop", Instant.parse("2026-11-28T09:00:00Z"), "interop@alice", null,
                List.of(), null, "opened by age(1)\n",
                List.of(new Attachment("blob.bin", "application/octet-stream", ByteSource.of(attachment))));
        Path body = dir.resolve("body.age");
        try (OutputStream out = Files.newOutputStream(body)) {
            new MessageSealer(SigningPrivateKey.generate(RANDOM).keyId(), RANDOM)
                    .seal(message, Address.parse("bob!"), bob.recipient(), out);
        }

        byte[] mime = AgeCli.run(null, "age", "-d", "-i", identityFile.toString(), body.toString());

        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        OpenedMessage opened = MimeReader.read(new ByteArrayInputStream(mime), (i, n, t) -> saved, from -> { });
        assertThat(opened.text()).isEqualTo("opened by age(1)\n");
        assertThat(opened.subject()).isEqualTo("interop");
        assertThat(saved.toByteArray()).isEqualTo(attachment);
    }

    @Test
    void thisLibraryOpensWhatAgeEncrypted() throws Exception {
        EncryptionIdentity bob = EncryptionIdentity.generate(RANDOM);
        byte[] plaintext = new byte[300_001]; // several 64 KiB chunks and a partial last one
        RANDOM.nextBytes(plaintext);
        Path in = Files.write(dir.resolve("plain.bin"), plaintext);
        Path out = dir.resolve("plain.bin.age");
        AgeCli.run(null, "age", "-r", bob.recipient().text(), "-o", out.toString(), in.toString());

        try (InputStream decrypted = AgeCipher.decrypting(bob, Files.newInputStream(out))) {
            assertThat(decrypted.readAllBytes()).isEqualTo(plaintext);
        }
    }

    @Test
    void ageKeygenIdentitiesParseToTheSameRecipient() throws Exception {
        Path key = dir.resolve("key.txt");
        AgeCli.run(null, "age-keygen", "-o", key.toString());
        String secret = Files.readAllLines(key, UTF_8).stream().filter(l -> l.startsWith("AGE-SECRET-KEY-1"))
                .findFirst().orElseThrow();
        String recipient = new String(AgeCli.run(null, "age-keygen", "-y", key.toString()), UTF_8).trim();
        EncryptionIdentity identity = EncryptionIdentity.parse(secret);
        assertThat(identity.recipient()).isEqualTo(EncryptionRecipient.parse(recipient));
        assertThat(identity.secretText()).isEqualTo(secret);
    }
}
