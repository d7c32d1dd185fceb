package org.mailv2.client.core.move;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.mailv2.client.core.account.TransferProgress;
import org.mailv2.protocol.api.ApiClient;
import org.mailv2.protocol.api.BoxView;
import org.mailv2.protocol.api.MessageView;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.seal.ByteSource;
import org.mailv2.protocol.seal.Envelope;

/**
 * One pass of copying an account's mailboxes from its old server to its new one, as sealed: every message of every box
 * that the new server does not hold yet (by message id) is fetched — its body streamed into a temporary file and
 * checked against the signed envelope's size and SHA-256 — and imported with its box and flags. Resumable: a pass after
 * a crash skips what arrived before, and the import is idempotent by message id anyway.
 */
public final class MailboxCopy {
    private static final int PAGE = 200;

    /** What a pass did: copied now, found there already, and refused because the old server's bytes did not match. */
    public record Copied(int copied, int present, int unverified) {
        Copied plus(Copied other) {
            return new Copied(copied + other.copied, present + other.present, unverified + other.unverified);
        }
    }

    /** How far a pass got, message by message. */
    interface Progress {
        void message(int done, int total);
    }

    private final ApiClient from;
    private final ApiClient to;
    private final Path tempDir;
    private final TransferProgress transfer;
    private final Progress progress;

    MailboxCopy(ApiClient from, ApiClient to, Path tempDir, TransferProgress transfer, Progress progress) {
        this.from = from;
        this.to = to;
        this.tempDir = tempDir;
        this.transfer = transfer;
        this.progress = progress;
    }

    /** @throws IOException when a server fails or refuses (an {@link org.mailv2.protocol.api.ApiException}) */
    Copied pass() throws IOException {
        Set<String> there = new HashSet<>();
        for (BoxView box : to.boxes()) {
            forEach(to, box.name(), view -> there.add(view.envelope().messageId()));
        }
        List<MessageView> missing = new ArrayList<>();
        int present = 0;
        for (BoxView box : from.boxes()) {
            List<MessageView> views = new ArrayList<>();
            forEach(from, box.name(), views::add);
            for (MessageView view : views) {
                if (there.contains(view.envelope().messageId())) {
                    present++;
                } else {
                    missing.add(view);
                }
            }
        }
        int copied = 0;
        int unverified = 0;
        int done = 0;
        Files.createDirectories(tempDir);
        for (MessageView view : missing) {
            if (copy(view)) {
                copied++;
            } else {
                unverified++;
            }
            progress.message(++done, missing.size());
        }
        return new Copied(copied, present, unverified);
    }

    private interface Visitor {
        void visit(MessageView view) throws IOException;
    }

    private static void forEach(ApiClient server, String box, Visitor visitor) throws IOException {
        long cursor = 0;
        while (true) {
            List<MessageView> page = server.list(box, cursor, PAGE).messages();
            for (MessageView view : page) {
                visitor.visit(view);
                cursor = Math.max(cursor, view.sequence());
            }
            if (page.size() < PAGE) {
                return;
            }
        }
    }

    /** @return false when the old server's body does not match the envelope (it is not copied) */
    private boolean copy(MessageView view) throws IOException {
        Envelope envelope = view.envelope();
        Path body = Files.createTempFile(tempDir, "move-", ".body");
        try {
            MessageDigest digest = Sha256.newDigest();
            String what = "copying " + envelope.messageId().substring(0, 8);
            try (OutputStream out = new DigestOutputStream(transfer.counting(Files.newOutputStream(body), what,
                    envelope.bodySize()), digest)) {
                from.body(UUID.fromString(envelope.messageId()), out);
            }
            if (Files.size(body) != envelope.bodySize()
                    || !Sha256.ofBytes(digest.digest()).matches(envelope.bodySha256())
                    || !Sha256.hash(view.summaryBytes()).matches(envelope.summarySha256())) {
                return false;
            }
            to.importCopy(envelope, view.summaryBytes(), ByteSource.of(body), view.box(), view.flags());
            return true;
        } finally {
            Files.deleteIfExists(body);
        }
    }
}
