package org.mailv2.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.keyring.OwnAccount;
import org.mailv2.client.core.lists.ListService;
import org.mailv2.client.core.send.Delivery;
import org.mailv2.client.core.send.Sender;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.api.MessageView;
import org.mailv2.protocol.pow.StampSolver;
import org.mailv2.protocol.seal.Envelope;
import org.mailv2.protocol.seal.MessageOpener;
import org.mailv2.protocol.seal.Summary;
import org.mailv2.server.app.RunningServer;

/**
 * Issue 6's "resumable if interrupted", against two servers on 127.0.0.1 with real TLS: the list digest! on server A
 * posts to 20 subscribers on server B, and the post dies after 8 copies. Before the owner's next `mailv2 sync`, one
 * subscriber still waiting leaves the list and a new one joins; the sync finishes the post to the other 11 (not the
 * one who left, not the newcomer), as the same message (one Message-ID, one date), with permits only, and deletes the
 * journal. The copies handed over in the last journal interval before the crash arrive twice, the rest once. A
 * second post dies after 3 copies and `mailv2 list post digest! --resume` finishes it.
 */
class ListPostResumeIT {
    private static final int SUBSCRIBERS = 20;
    private static final Address LIST = Address.parse("digest!");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Clock CLOCK = Clock.systemUTC();

    @TempDir
    Path dir;

    private CliWorld world;
    private RunningServer a;
    /** The list's account, from the owner's vault (opening it costs an Argon2id run, so once). */
    private OwnAccount list;

    /** The process dying: see {@link #postDyingAfter}. */
    private static final class Crash extends Error {
        Crash() {
            super("the process dies here", null, false, false);
        }
    }

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    void anInterruptedPostIsFinishedAsTheSameMessageWithoutProofOfWork() throws Exception {
        world = new CliWorld(dir);
        a = world.server("a", null, CliWorld.UNTHROTTLED);
        RunningServer b = world.server("b", a, CliWorld.UNTHROTTLED);
        world.ok("owner", "list", "create", "digest!", "--title", "Digest", "--server", a.url(), "--yes");
        world.ok("owner", "list", "sync", "digest!");
        list = world.vault("owner").load(world.passphrase("owner")).account(LIST).orElseThrow();
        List<ListReaders.Reader> readers = ListReaders.create(b, LIST, "reader", SUBSCRIBERS + 1);
        List<ListReaders.Reader> subscribers = new ArrayList<>(readers.subList(0, SUBSCRIBERS));
        ListReaders.Reader newcomer = readers.get(SUBSCRIBERS);
        ListReaders.subscribe(world, "owner", LIST, subscribers);

        long relayed = a.relayStats().delivered();
        List<Delivery> first = postDyingAfter("Issue 1", 8);
        assertThat(journal()).hasSize(3).anyMatch(p -> p.getFileName().toString().endsWith(".post"));

        ListReaders.Reader leaver = subscribers.stream().filter(r -> first.stream().noneMatch(d -> d.recipient()
                .equals(r.account().parsedAddress()))).reduce((x, y) -> y).orElseThrow();
        world.ok("owner", "list", "remove", "digest!", leaver.account().address());
        subscribers.remove(leaver);
        ListReaders.subscribe(world, "owner", LIST, List.of(newcomer));

        String synced = world.ok("owner", "sync").out();
        assertThat(synced).contains("outbox: 0 of 0 sent");
        int journaled = finished(synced, "Issue 1", SUBSCRIBERS - 1, 1);
        assertThat(journal()).isEmpty();
        String messageId = copiesEach("Issue 1", subscribers, inFlight(first, journaled), relayed);
        assertThat(copies(leaver, "Issue 1")).isEmpty();
        assertThat(copies(newcomer, "Issue 1")).isEmpty();
        assertThat(sent("Issue 1")).singleElement().extracting(Summary::messageId).isEqualTo(messageId);

        subscribers.add(newcomer);
        relayed = a.relayStats().delivered();
        List<Delivery> second = postDyingAfter("Issue 2", 3);
        assertThat(world.run("owner", "list", "post", "digest!", "--resume", "--subject", "Issue 3").exit())
                .isEqualTo(picocli.CommandLine.ExitCode.USAGE);
        journaled = finished(world.ok("owner", "list", "post", "digest!", "--resume").out(), "Issue 2", SUBSCRIBERS,
                0);
        assertThat(journal()).isEmpty();
        assertThat(copiesEach("Issue 2", subscribers, inFlight(second, journaled), relayed)).isNotEqualTo(messageId);
        assertThat(sent("Issue 2")).hasSize(1);
        assertThat(world.ok("owner", "list", "post", "digest!", "--resume").out())
                .contains("no unfinished post of digest!");
    }

    /**
     * Checks the report of a finished post: every copy not journaled as done before went now, to the subscribers
     * still subscribed, all with permits. Returns how many copies the journal had marked done: the first that many
     * of the copies before the crash (progress is written in the order copies settle).
     */
    private static int finished(String report, String subject, int subscribed, int left) {
        Matcher m = Pattern.compile("list digest!: finished the post \"" + subject + "\": (\\d+) more sent \\((\\d+)"
                + " with their permits, no proof of work\\), (\\d+) of 20 done before, " + left
                + " skipped \\(left the list\\)").matcher(report);
        assertThat(m.find()).as(report).isTrue();
        int done = Integer.parseInt(m.group(3));
        assertThat(Integer.parseInt(m.group(1))).isEqualTo(subscribed - done);
        assertThat(m.group(2)).isEqualTo(m.group(1));
        return done;
    }

    /**
     * The subscribers whose copy was handed over before the crash but not yet marked in the journal: they get it
     * again when the post is resumed.
     */
    private static Set<Address> inFlight(List<Delivery> cutOff, int journaled) {
        assertThat(journaled).isBetween(0, cutOff.size());
        System.out.printf("ListPostResumeIT: %d of the %d copies before the crash were journaled, %d in flight%n",
                journaled, cutOff.size(), cutOff.size() - journaled);
        return cutOff.subList(journaled, cutOff.size()).stream().map(Delivery::recipient).collect(Collectors.toSet());
    }

    /**
     * Posts as {@code mailv2 list post} does (the owner's vault and outbox, the real {@link ListService}), and the
     * process dies when the {@code copies}-th copy has been handed to server A: the copy callback throws an Error.
     * That is where a kill would leave the same files: the callback runs after the copy's journal entry is written;
     * the Error passes every catch on its way out (they catch I/O and protocol failures); and nothing on that way
     * writes to the journal or the outbox (it lets go of the post's lock, as the kernel does for a dead process).
     * A separate process killed with a signal would be as faithful but not as exact: it could not be stopped at one
     * chosen copy.
     */
    private List<Delivery> postDyingAfter(String subject, int copies) throws Exception {
        Keyring keyring = world.vault("owner").load(world.passphrase("owner"));
        Sender sender = new Sender(CLOCK, RANDOM, new StampSolver(1), world.paths("owner").outbox());
        List<Delivery> settled = new ArrayList<>();
        assertThatThrownBy(() -> new ListService(CLOCK, RANDOM, sender).post(keyring, LIST, subject,
                subject + " of the digest.\n", s -> { }, d -> {
                    settled.add(d);
                    if (settled.size() == copies) {
                        throw new Crash();
                    }
                })).isInstanceOf(Crash.class);
        assertThat(settled).allSatisfy(d -> {
            assertThat(d.outcome()).isEqualTo(Delivery.Outcome.DELIVERED);
            assertThat(d.stampBits()).isZero();
        });
        return settled;
    }

    /**
     * Waits until A has relayed every copy to B, then checks that each subscriber has exactly one, or exactly two when
     * its copy was in flight at the crash, each with its permit and no stamp, and all with one Message-ID and date;
     * returns that Message-ID.
     */
    private String copiesEach(String subject, List<ListReaders.Reader> subscribers, Set<Address> inFlight,
                              long relayedBefore) throws Exception {
        int copies = subscribers.size() + inFlight.size();
        CliWorld.await("A relays " + copies + " copies of " + subject,
                () -> a.relayStats().delivered() - relayedBefore >= copies);
        Set<List<String>> identities = new HashSet<>();
        for (ListReaders.Reader r : subscribers) {
            List<Summary> received = copies(r, subject);
            assertThat(received).as(r.account().address()).hasSize(inFlight.contains(r.account().parsedAddress())
                    ? 2 : 1);
            received.forEach(s -> {
                assertThat(s.to()).containsExactly(LIST.display());
                identities.add(List.of(s.messageId(), s.date()));
            });
        }
        assertThat(a.relayStats().delivered() - relayedBefore).isEqualTo(copies);
        assertThat(identities).hasSize(1);
        return identities.iterator().next().get(0);
    }

    /** The copies of {@code subject} in a subscriber's inbox at B, each checked: the list's permit, no stamp. */
    private List<Summary> copies(ListReaders.Reader reader, String subject) throws Exception {
        List<Summary> copies = new ArrayList<>();
        for (Copy c : box(reader.account(), "inbox", subject)) {
            assertThat(c.envelope().stamp()).isNull();
            assertThat(c.envelope().permitId()).isEqualTo(reader.permit());
            copies.add(c.summary());
        }
        return copies;
    }

    /** The Sent copies of {@code subject} in the list's own Sent box at A. */
    private List<Summary> sent(String subject) throws Exception {
        return box(list, "sent", subject).stream().map(Copy::summary).toList();
    }

    /** A message from the list as its reader opens it. */
    private record Copy(Envelope envelope, Summary summary) {
    }

    /** The messages from the list with this subject in one box of {@code account}, verified and opened. */
    private List<Copy> box(OwnAccount account, String box, String subject) throws Exception {
        MessageOpener opener = new MessageOpener(account.parsedAddress(), account.encryptionIdentity());
        List<Copy> copies = new ArrayList<>();
        for (MessageView m : Connection.open(account, CLOCK).server().list(box, 0, 100).messages()) {
            Summary s = opener.openSummary(opener.verify(m.envelope(), list.signingKey().publicKey()),
                    m.summaryBytes());
            if (s.subject().equals(subject)) {
                copies.add(new Copy(m.envelope(), s));
            }
        }
        return copies;
    }

    /** The files of unfinished posts (docs/protocol.md §10). */
    private List<Path> journal() throws Exception {
        Path folder = world.paths("owner").outbox().resolve(".list-posts");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }
}
