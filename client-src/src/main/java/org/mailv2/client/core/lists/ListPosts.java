package org.mailv2.client.core.lists;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.keyring.OwnAccount;
import org.mailv2.client.core.keyring.OwnedList;
import org.mailv2.client.core.send.Delivery;
import org.mailv2.client.core.send.Draft;
import org.mailv2.client.core.send.Fanout;
import org.mailv2.client.core.send.MessageIdentity;
import org.mailv2.client.core.send.Sender;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.api.ApiException;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.permit.PermitId;
import org.mailv2.protocol.seal.InnerMessage;

/**
 * A list owner's posts: one sealed copy per subscriber with that subscriber's permit (no proof of work), fanned out
 * through the own server's outbox, and resumable: every post is journaled (see {@link PostJournals}) before its first
 * copy and the journal deleted after its last, so a post interrupted half-way is finished later, as the same message,
 * instead of silently reaching only some subscribers. A copy the own server could not take now (a rate limit, an
 * outage) is settled too, as waiting: it is sealed and durable in the local outbox, which sends it on the next
 * {@code mailv2 sync} or {@code list post --resume}; a resume that sealed it again would deliver it twice.
 */
public final class ListPosts {
    /** The folder of post journals, inside the outbox folder: both are what has yet to go out. */
    static final String JOURNALS = ".list-posts";
    /**
     * How often at most a post's progress is written as copies settle. Writing after every copy (sealed, forced to
     * disk, renamed) made a 1,000-subscriber post some 15% slower; at this interval it costs about 2%, and a crash
     * sends again (so duplicates) only the copies of the last interval: see docs/architecture.md.
     */
    static final Duration JOURNAL_INTERVAL = Duration.ofMillis(100);

    private final Clock clock;
    private final SecureRandom random;
    private final Sender sender;

    ListPosts(Clock clock, SecureRandom random, Sender sender) {
        this.clock = clock;
        this.random = random;
        this.sender = sender;
    }

    /**
     * Posts to every subscriber, each copy with its subscriber's permit, telling {@code settled} of each copy (and of
     * the Sent copy) as it is handed to the own server, queued in the local outbox or refused. The post is journaled
     * before its first copy and the journal deleted after its last: when this fails or the process dies on the way,
     * the journal stays and {@link #resumePosts} sends the copies not yet settled. The keyring needs its cache key
     * (the journal is sealed under it).
     *
     * @throws ProtocolException {@code unknown_recipient} for a list the keyring does not run or without
     *     subscribers, {@code malformed} for a subject no message may have (both before anything is journaled)
     */
    Sender.Result post(Keyring keyring, Address list, String subject, String text, Consumer<String> status,
                       Consumer<Delivery> settled) throws IOException {
        OwnAccount account = ListService.runs(keyring, list);
        OwnedList owned = keyring.ownedList(list).orElseThrow();
        if (owned.subscribers().isEmpty()) {
            throw new ProtocolException(ErrorCode.UNKNOWN_RECIPIENT, list.display() + " has no subscribers yet");
        }
        MessageIdentity identity = MessageIdentity.fresh(list, clock);
        // A post the message would refuse must fail before it is journaled, or every sync would try it again.
        new InnerMessage(list, null, List.of(list), null, null, subject, identity.date(), identity.messageId(), null,
                null, list.display(), text, null);
        PostJournal.Post post = new PostJournal.Post(UUID.randomUUID().toString(), list, subject, text, identity,
                owned.subscribers().stream().map(s -> Address.parse(s.address())).toList());
        try (PostJournal journal = journals(keyring).start(post)) {
            Sender.Result result = fanOut(keyring, account, owned, journal, status, settled);
            journal.finish();
            return result;
        }
    }

    /**
     * What resuming one unfinished post did: its id, list (null when the journal could not be read), subject and
     * subscribers when it began; how many of those were done before, how many have left the list since (skipped), the
     * copies sent now; and why it is not finished (null when it is).
     */
    public record ResumedPost(String post, String list, String subject, int subscribers, int doneBefore, int left,
                              List<Delivery> deliveries, Exception failure) {
        /** The failure in words, with its stable code where it has one; null when the post is finished. */
        public String problem() {
            if (failure == null) {
                return null;
            }
            ErrorCode code = failure instanceof ProtocolException p ? p.code()
                    : failure instanceof ApiException a ? a.code() : null;
            return failure.getMessage() + (code == null ? "" : " (" + code.wire() + ")");
        }
    }

    /** The keyring to save (contacts pinned on the way), and one {@link ResumedPost} per unfinished post. */
    public record Resumed(Keyring keyring, List<ResumedPost> posts) {
    }

    /**
     * Finishes the posts that were interrupted, oldest first ({@code mailv2 sync}; the terminal UI may call it as it
     * syncs): each to the subscribers it had when it began that are still subscribed and have no copy yet, as the
     * same message (same Message-ID and date). A post that cannot be finished now is reported and kept; one that
     * another process is sending is left to it.
     */
    Resumed resumePosts(Keyring keyring, Consumer<String> status) throws IOException {
        return resume(keyring, list -> true, status);
    }

    /** {@link #resumePosts(Keyring, Consumer)} for the posts of one list. */
    Resumed resumePosts(Keyring keyring, Address list, Consumer<String> status) throws IOException {
        ListService.runs(keyring, list);
        return resume(keyring, list::equals, status);
    }

    /** How many posts of {@code list} are journaled and not finished (a failed post's journal stays). */
    int unfinishedPosts(Keyring keyring, Address list) throws IOException {
        return keyring.cacheKey() == null ? 0 : journaled(journals(keyring), list::equals).posts().size();
    }

    private Resumed resume(Keyring keyring, Predicate<Address> which, Consumer<String> status) throws IOException {
        if (keyring.cacheKey() == null) {
            return new Resumed(keyring, List.of()); // a post is journaled under the cache key, so none was
        }
        PostJournals journals = journals(keyring);
        Journaled journaled = journaled(journals, which);
        List<ResumedPost> resumed = new ArrayList<>(journaled.unreadable());
        List<PostJournal.Post> posts = journaled.posts();
        Keyring current = keyring;
        for (PostJournal.Post post : posts) {
            var one = resumeOne(journals, current, post, status);
            if (one.isPresent()) {
                current = one.get().keyring();
                resumed.add(one.get().report());
            }
        }
        return new Resumed(current, resumed);
    }

    /** The journaled posts of the lists asked for, oldest first, and a report for each journal that does not open. */
    private record Journaled(List<PostJournal.Post> posts, List<ResumedPost> unreadable) {
    }

    private static Journaled journaled(PostJournals journals, Predicate<Address> which) throws IOException {
        List<PostJournal.Post> posts = new ArrayList<>();
        List<ResumedPost> unreadable = new ArrayList<>();
        for (String id : journals.unfinished()) {
            try {
                journals.read(id).filter(p -> which.test(p.list())).ifPresent(posts::add);
            } catch (ProtocolException broken) {
                unreadable.add(new ResumedPost(id, null, null, 0, 0, 0, List.of(), broken));
            }
        }
        posts.sort(Comparator.comparing(p -> p.identity().date()));
        return new Journaled(posts, unreadable);
    }

    private record One(Keyring keyring, ResumedPost report) {
    }

    /** Resumes one post; empty when another process finished it meanwhile. */
    private Optional<One> resumeOne(PostJournals journals, Keyring keyring, PostJournal.Post post,
                                    Consumer<String> status) {
        List<Delivery> sent = new ArrayList<>();
        int doneBefore = 0;
        int left = 0;
        try (PostJournal journal = journals.claim(post).orElse(null)) {
            if (journal == null) {
                return Optional.empty();
            }
            OwnAccount account = ListService.runs(keyring, post.list());
            OwnedList owned = keyring.ownedList(post.list()).orElseThrow();
            Set<Address> subscribed = permits(owned).keySet();
            doneBefore = journal.doneCount();
            left = (int) journal.pending().stream().filter(a -> !subscribed.contains(a)).count();
            Keyring after = fanOut(keyring, account, owned, journal, status, d -> {
                if (!d.recipient().equals(post.list())) {
                    sent.add(d);
                }
            }).keyring();
            journal.finish();
            return Optional.of(new One(after, report(post, doneBefore, left, sent, null)));
        } catch (IOException | ProtocolException failed) {
            return Optional.of(new One(keyring, report(post, doneBefore, left, sent, failed)));
        }
    }

    private static ResumedPost report(PostJournal.Post post, int doneBefore, int left, List<Delivery> sent,
                                      Exception failure) {
        return new ResumedPost(post.id(), post.list().display(), post.subject(), post.subscribers().size(),
                doneBefore, left, List.copyOf(sent), failure);
    }

    /**
     * Sends the copies of a journaled post not yet settled, to subscribers still subscribed, and the Sent copy unless
     * it is saved; each copy is marked in the journal as it settles.
     */
    private Sender.Result fanOut(Keyring keyring, OwnAccount account, OwnedList owned, PostJournal journal,
                                 Consumer<String> status, Consumer<Delivery> settled) throws IOException {
        Map<Address, PermitId> permits = permits(owned);
        // Who left since the post began is skipped; who joined since waits for the next post.
        List<Address> remaining = journal.pending().stream().filter(permits::containsKey).toList();
        if (remaining.isEmpty() && journal.sentCopySaved()) {
            return new Sender.Result(keyring, List.of());
        }
        PostJournal.Post post = journal.post();
        Fanout fanout = new Fanout(post.identity(), !journal.sentCopySaved(), d -> {
            try {
                journal.settled(d.recipient());
            } catch (IOException notJournaled) {
                throw new UncheckedIOException(notJournaled);
            }
            settled.accept(d);
        });
        try {
            // The list is the visible recipient; subscribers are hidden from each other like Bcc.
            return sender.send(Connection.open(account, clock), keyring, new Draft(List.of(post.list()), null,
                    remaining, post.subject(), post.text(), null, null, null), permits, post.list().display(),
                    Sender.Exemptions.GIVEN_ONLY, fanout, status, p -> { });
        } catch (UncheckedIOException notJournaled) {
            throw notJournaled.getCause();
        }
    }

    private static Map<Address, PermitId> permits(OwnedList owned) {
        Map<Address, PermitId> permits = new HashMap<>();
        owned.subscribers().forEach(s -> permits.put(Address.parse(s.address()), s.permit()));
        return permits;
    }

    /** The journals sit beside the outbox's copies: both are what has yet to go out. */
    private PostJournals journals(Keyring keyring) {
        return new PostJournals(sender.outboxFolder().resolve(JOURNALS), keyring.cacheKeyBytes(), random,
                JOURNAL_INTERVAL);
    }
}
