package org.mailv2.client.tui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.mailv2.client.core.vault.AtomicFile;
import org.mailv2.protocol.json.Json;
import org.mailv2.protocol.passphrase.SecretBox;

/**
 * Unsent messages, saved as they are typed so a crash loses nothing. A draft is plaintext the user has not sent yet,
 * so it is stored encrypted under the cache key from the vault, bound to its file name.
 */
public final class Drafts {
    /** A draft as the compose screen holds it; addresses are kept as typed. */
    public record Document(String id, String to, String cc, String bcc, String subject, String text,
                           List<String> attachments, String inReplyTo, List<String> references, String listPost,
                           String forwards, List<String> forwardedFiles) {
        /** A draft that forwards nothing (and drafts saved before forwarding kept attachments read this way). */
        public Document(String id, String to, String cc, String bcc, String subject, String text,
                        List<String> attachments, String inReplyTo, List<String> references, String listPost) {
            this(id, to, cc, bcc, subject, text, attachments, inReplyTo, references, listPost, null, null);
        }

        public Document {
            attachments = attachments == null ? List.of() : List.copyOf(attachments);
            references = references == null ? List.of() : List.copyOf(references);
            forwardedFiles = forwardedFiles == null ? List.of() : List.copyOf(forwardedFiles);
        }

        public static Document blank() {
            return new Document(UUID.randomUUID().toString(), "", "", "", "", "", List.of(), null, List.of(), null);
        }
    }

    private final Path folder;
    private final byte[] key;
    private final SecretBox box;

    public Drafts(Path folder, byte[] key, SecureRandom random) {
        this.folder = folder;
        this.key = key.clone();
        this.box = new SecretBox(random);
    }

    public void save(Document draft) throws IOException {
        Files.createDirectories(folder);
        AtomicFile.replace(file(draft.id()), box.seal(key, Json.write(draft), binding(draft.id())));
    }

    public void delete(String id) throws IOException {
        Files.deleteIfExists(file(id));
    }

    /**
     * Every saved draft, the most recently edited first; one that fails to open (tampered, or from another vault) is
     * skipped, not deleted.
     */
    public List<Document> all() throws IOException {
        List<Document> found = new ArrayList<>();
        java.util.Map<String, java.nio.file.attribute.FileTime> edited = new java.util.HashMap<>();
        if (!Files.isDirectory(folder)) {
            return found;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.draft")) {
            for (Path f : files) {
                String id = f.getFileName().toString().replaceFirst("\\.draft$", "");
                try {
                    Document d = Json.read(box.open(key, Files.readAllBytes(f), binding(id)), Document.class);
                    if (d.id().equals(id)) {
                        found.add(d);
                        edited.put(id, Files.getLastModifiedTime(f));
                    }
                } catch (java.nio.file.NoSuchFileException sentOrDiscarded) {
                    // deleted between listing and reading: no longer a draft
                } catch (RuntimeException unreadable) {
                    // left in place: the user may still open it with the vault it belongs to
                }
            }
        }
        found.sort(java.util.Comparator.comparing((Document d) -> edited.get(d.id())).reversed());
        return found;
    }

    private Path file(String id) {
        return folder.resolve(UUID.fromString(id) + ".draft");
    }

    private static byte[] binding(String id) {
        return ("mailv2/draft/v1\0" + id).getBytes(StandardCharsets.UTF_8);
    }
}
