package org.mailv2.client.core.export;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.read.MailboxReader;
import org.mailv2.client.core.trust.SenderTrust;
import org.mailv2.protocol.api.ApiException;
import org.mailv2.protocol.api.BoxView;
import org.mailv2.protocol.api.MessagePage;
import org.mailv2.protocol.api.MessageView;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.seal.AttachmentSink;

/**
 * Exports every box of an account: each message listed by the own server is checked as reading checks it (the sender
 * against the pinned key, the body against the signed envelope) and written, as it was sealed, to the target; a
 * message that fails is left out and listed, never exported.
 */
public final class MailExport {
    /** Boxes that are the client's bookkeeping, not mail. */
    private static final Set<String> INTERNAL = Set.of("list-requests");
    private static final int PAGE = 200;

    /** A message left out, and why ({@code problem}: the error code, or what went wrong). */
    public record Failure(String box, String messageId, String problem) {
    }

    /** What an export did: messages written per box, those already there, and those left out. */
    public record Result(Map<String, Integer> exported, int skipped, List<Failure> failures) {
        public int total() {
            return exported.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private final Connection connection;
    private final MailboxReader reader;
    private final SenderTrust trust;

    public MailExport(Connection connection, MailboxReader reader, SenderTrust trust) {
        this.connection = connection;
        this.reader = reader;
        this.trust = trust;
    }

    /** Exports every box into {@code target}; {@code progress} hears about each box as it starts. */
    public Result into(ExportTarget target, List<String> standardBoxes, Consumer<String> progress)
            throws IOException {
        Set<String> boxes = new LinkedHashSet<>(standardBoxes);
        for (BoxView b : connection.server().boxes()) {
            boxes.add(b.name());
        }
        boxes.removeAll(INTERNAL);
        Map<String, Integer> exported = new LinkedHashMap<>();
        List<Failure> failures = new ArrayList<>();
        int skipped = 0;
        for (String box : boxes) {
            progress.accept(box);
            target.startBox(box);
            int count = 0;
            long cursor = 0;
            while (true) {
                MessagePage page = connection.server().list(box, cursor, PAGE);
                for (MessageView view : page.messages()) {
                    String id = view.envelope().messageId();
                    if (target.holds(box, id)) {
                        skipped++;
                        continue;
                    }
                    String problem = export(target, box, view);
                    if (problem == null) {
                        count++;
                    } else {
                        failures.add(new Failure(box, id, problem));
                    }
                }
                if (page.messages().size() < PAGE || page.nextCursor() <= cursor) {
                    break;
                }
                cursor = page.nextCursor();
            }
            if (count > 0) {
                exported.put(box, count);
            }
        }
        return new Result(exported, skipped, failures);
    }

    /** One message into the target; null when it was written, else why not. */
    private String export(ExportTarget target, String box, MessageView view) throws IOException {
        String from;
        try {
            from = trust.check(org.mailv2.client.core.cache.Syncer.opener(connection), view.envelope(),
                    view.summaryBytes(), view.receivedAt()).require().summary().from();
        } catch (ProtocolException failed) {
            return failed.code().wire();
        }
        ExportTarget.Entry entry = target.begin(box, view.envelope().messageId(), view.flags(), from,
                view.receivedAt() == null ? java.time.Instant.EPOCH : view.receivedAt());
        try {
            reader.read(connection, UUID.fromString(view.envelope().messageId()), AttachmentSink.DISCARD, trust,
                    entry.out());
        } catch (ProtocolException failed) {
            entry.abort();
            return failed.code().wire();
        } catch (ApiException answered) {
            entry.abort();
            if (answered.isPassing()) {
                throw answered;
            }
            return answered.code().wire();
        } catch (IOException | RuntimeException other) {
            entry.abort();
            throw other;
        }
        entry.commit();
        return null;
    }
}
