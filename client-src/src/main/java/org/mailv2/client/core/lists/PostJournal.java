package org.mailv2.client.core.lists;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.mailv2.client.core.send.MessageIdentity;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/**
 * One unfinished list post, claimed by this process (it holds the post's lock until {@link #close}): what the post
 * is, which of its subscribers are done, and whether its Sent copy is saved. Progress is written as copies settle, at
 * most once an interval, and never on the way out of a failure, so an exception leaves on disk exactly what a crash
 * at that moment would.
 */
final class PostJournal implements AutoCloseable {
    /**
     * The part written once, before the first copy: the list, the message (subject, text and the identity every copy
     * shares) and the subscribers at that moment, in the order their indices in {@link Progress} refer to.
     */
    record Post(String id, Address list, String subject, String text, MessageIdentity identity,
                List<Address> subscribers) {
        Post {
            subscribers = List.copyOf(subscribers);
            if (new java.util.HashSet<>(subscribers).size() != subscribers.size()) {
                throw new ProtocolException(ErrorCode.MALFORMED, "a list post names a subscriber twice");
            }
        }
    }

    /** The part replaced as copies settle: indices into {@link Post#subscribers()}, and the Sent copy. */
    record Progress(int version, List<Integer> done, boolean sentCopy) {
        static final int VERSION = 1;

        Progress {
            if (version != VERSION) {
                throw new ProtocolException(ErrorCode.UNSUPPORTED_VERSION, "list post progress version " + version);
            }
            done = List.copyOf(done);
        }
    }

    private final PostJournals.Entry entry;
    private final Post post;
    private final Map<Address, Integer> index = new HashMap<>();
    private final TreeSet<Integer> done;
    private final FileChannel lock;
    private final long intervalNanos;
    private boolean sentCopy;
    private long writtenAt = System.nanoTime();

    PostJournal(PostJournals.Entry entry, Post post, Progress progress, FileChannel lock, Duration interval) {
        this.entry = entry;
        this.post = post;
        this.lock = lock;
        this.intervalNanos = interval.toNanos();
        for (int i = 0; i < post.subscribers().size(); i++) {
            index.put(post.subscribers().get(i), i);
        }
        this.done = new TreeSet<>(progress.done());
        if (done.size() != progress.done().size() || done.stream().anyMatch(i -> i < 0 || i >= index.size())) {
            throw new ProtocolException(ErrorCode.MALFORMED, "list post progress names no subscriber of the post");
        }
        this.sentCopy = progress.sentCopy();
    }

    Post post() {
        return post;
    }

    /** The post's subscribers not yet done, in the post's order. */
    List<Address> pending() {
        List<Address> pending = new ArrayList<>();
        for (int i = 0; i < post.subscribers().size(); i++) {
            if (!done.contains(i)) {
                pending.add(post.subscribers().get(i));
            }
        }
        return pending;
    }

    int doneCount() {
        return done.size();
    }

    boolean sentCopySaved() {
        return sentCopy;
    }

    /**
     * Marks the copy to {@code recipient} settled (the list's own address: the Sent copy), and writes the progress
     * when the last write is an interval old. A crash before the next write leaves the copies settled since unmarked,
     * so they go again: the copies that may arrive twice.
     *
     * @throws IllegalArgumentException for a recipient the post does not name
     */
    void settled(Address recipient) throws IOException {
        if (recipient.equals(post.list())) {
            sentCopy = true;
        } else {
            Integer i = index.get(recipient);
            if (i == null) {
                throw new IllegalArgumentException(recipient.display() + " is not a subscriber of this post");
            }
            done.add(i);
        }
        if (System.nanoTime() - writtenAt >= intervalNanos) {
            entry.writeProgress(new Progress(Progress.VERSION, new ArrayList<>(done), sentCopy));
            writtenAt = System.nanoTime();
        }
    }

    /** The post is done: its journal goes (the post file first, so a crash half-way never revives the post). */
    void finish() throws IOException {
        entry.delete();
    }

    /** Lets go of the post for other processes (as a crash would: the journal stays unless finished). */
    @Override
    public void close() throws IOException {
        lock.close();
    }
}
