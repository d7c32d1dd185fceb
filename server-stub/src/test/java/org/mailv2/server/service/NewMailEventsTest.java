package org.mailv2.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.server.store.Database;
import org.mailv2.server.store.MessageStore;
import org.mailv2.server.store.SenderRule;
import org.mailv2.server.store.StoredMessage;

/** New-mail subscriptions: a few per account, woken by new mail rather than each polled every second. */
class NewMailEventsTest {
    @TempDir
    Path dir;

    private ServiceWorld world;
    private final AtomicInteger mailboxListings = new AtomicInteger();
    private Database counted;
    private NewMailEvents events;

    @BeforeEach
    void setUp() throws IOException {
        world = new ServiceWorld(dir);
        MessageStore messages = (MessageStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {MessageStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("list")) {
                        mailboxListings.incrementAndGet();
                    }
                    return forward(method, world.db.messages(), args);
                });
        counted = (Database) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Database.class},
                (proxy, method, args) -> method.getName().equals("messages") ? messages
                        : forward(method, world.db, args));
    }

    private static Object forward(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @AfterEach
    void tearDown() {
        if (events != null) {
            events.close();
        }
        world.close();
    }

    @Test
    void anAccountGetsEightStreamsAndTheNinthIsRateLimitedUntilOneCloses() throws IOException {
        events = new NewMailEvents(counted, 8);
        ServiceWorld.User alice = world.local("alice!", 1_000_000);
        List<NewMailEvents.Subscription> open = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            open.add(events.subscribe(alice.hash(), 0, m -> { }));
        }

        assertThatThrownBy(() -> events.subscribe(alice.hash(), 0, m -> { }))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED));
        ServiceWorld.User bob = world.local("bob!", 1_000_000);
        events.subscribe(bob.hash(), 0, m -> { }).close();

        open.get(3).close();
        events.subscribe(alice.hash(), 0, m -> { });
    }

    @Test
    void idleSubscriptionsCostNoMailboxQueryAndNewMailWakesOnlyItsAccount() throws Exception {
        events = new NewMailEvents(counted, 8);
        ServiceWorld.User alice = world.local("alice!", 1_000_000);
        ServiceWorld.User bob = world.local("bob!", 1_000_000);
        BlockingQueue<StoredMessage> alices = new LinkedBlockingQueue<>();
        for (int i = 0; i < 4; i++) {
            events.subscribe(alice.hash(), 0, alices::add);
            events.subscribe(bob.hash(), 0, m -> { });
        }
        events.pollAll();
        events.pollAll();
        int afterSubscribing = mailboxListings.get();

        for (int i = 0; i < 10; i++) {
            events.pollAll();
        }
        assertThat(mailboxListings.get()).as("ten idle ticks").isEqualTo(afterSubscribing);

        // Mail stored by another replica (straight into the shared database) is found by the next tick. Alice knows
        // bob: a stranger's stamped mail would wait in her screener, which rings no event.
        new ScreenerService(world.db, world.clock).put(alice.hash(), bob.hash(),
                SenderRule.Kind.ALLOW);
        ServiceWorld.Sealed copy = world.seal(bob, alice, "hi");
        world.delivery(1_000_000, a -> { }).deliver(copy.envelope(), copy.content());
        events.pollAll();
        for (int i = 0; i < 4; i++) {
            StoredMessage told = alices.poll(10, TimeUnit.SECONDS);
            assertThat(told).isNotNull();
            assertThat(told.messageId()).isEqualTo(copy.messageId());
        }
        assertThat(mailboxListings.get() - afterSubscribing).as("alice's four subscriptions, not bob's").isEqualTo(4);
    }
}
