package org.mailv2.client.core.read;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mailv2.client.core.text.UntrustedText;
import org.mailv2.protocol.seal.AttachmentSink;

/**
 * Where a message's attachments are saved: each is written to a temporary file in the folder and given its name only
 * once the whole body verified ({@link #keep}); otherwise the temporaries are removed ({@link #discard}). A name is
 * the attachment's own without any path, controls or leading dots; an existing file is never replaced — the next
 * free name is taken ({@code notes (1).txt}).
 */
public final class AttachmentFolder implements AttachmentSink {
    private record Part(Path temporary, String name) {
    }

    private final Path folder;
    private final List<Part> parts = new ArrayList<>();

    public AttachmentFolder(Path folder) throws IOException {
        this.folder = Files.createDirectories(folder).toAbsolutePath().normalize();
    }

    @Override
    public OutputStream open(int index, String name, String contentType) throws IOException {
        Path temporary = Files.createTempFile(folder, ".mailv2-attachment-", ".part");
        parts.add(new Part(temporary, safeName(name, index)));
        return Files.newOutputStream(temporary);
    }

    /** Names every attachment; returns where they are. */
    public List<Path> keep() throws IOException {
        List<Path> kept = new ArrayList<>();
        for (Part part : parts) {
            kept.add(claim(part));
        }
        parts.clear();
        return kept;
    }

    /** Removes what was written (the body failed a check). */
    public void discard() throws IOException {
        for (Part part : parts) {
            Files.deleteIfExists(part.temporary());
        }
        parts.clear();
    }

    private Path claim(Part part) throws IOException {
        String name = part.name();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        for (int n = 0; ; n++) {
            Path target = folder.resolve(n == 0 ? name : stem + " (" + n + ")" + extension);
            try {
                // A hard link fails on an existing name, atomically: never a replaced file, even in a race.
                Files.createLink(target, part.temporary());
                Files.delete(part.temporary());
                return target;
            } catch (FileAlreadyExistsException taken) {
                // try the next name
            } catch (UnsupportedOperationException noLinks) {
                if (!Files.exists(target)) {
                    return Files.move(part.temporary(), target);
                }
            }
        }
    }

    /** The attachment's name without folders, controls or leading dots; {@code attachment-N} when nothing is left. */
    public static String safeName(String name, int index) {
        String base = name == null ? "" : name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        base = base.codePoints().filter(c -> !Character.isISOControl(c) && !UntrustedText.isInvisible(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        base = base.strip().replaceFirst("^\\.+", "");
        if (base.length() > 200) {
            base = base.substring(0, 200);
        }
        return base.isEmpty() ? "attachment-" + (index + 1) : base;
    }
}
