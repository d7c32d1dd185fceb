package org.mailv2.client.core.parallel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The pool a list post's copies go out on: each copy once, in order, and a failure stops what has not begun. */
class BoundedParallelTest {
    private static final List<Integer> THOUSAND = IntStream.range(0, 1000).boxed().toList();

    @Test
    void everyItemRunsExactlyOnceAndTheResultsKeepTheItemsOrder() throws Exception {
        Map<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();
        List<String> results = BoundedParallel.map(THOUSAND, 6, i -> {
            runs.computeIfAbsent(i, k -> new AtomicInteger()).incrementAndGet();
            if (ThreadLocalRandom.current().nextInt(10) == 0) {
                Thread.yield();
            }
            return "copy " + i;
        });

        assertThat(results).containsExactlyElementsOf(THOUSAND.stream().map(i -> "copy " + i).toList());
        assertThat(runs).hasSize(1000);
        assertThat(runs.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    }

    @Test
    void aFailureStopsTheItemsNotBegunAndEveryBegunItemEndsBeforeTheFailureIsThrown() {
        Map<Integer, String> begun = new ConcurrentHashMap<>();
        assertThatThrownBy(() -> BoundedParallel.map(THOUSAND, 4, i -> {
            if (begun.put(i, "begun") != null) {
                throw new AssertionError("item " + i + " ran twice");
            }
            if (i == 100) {
                throw new IOException("disk full");
            }
            begun.put(i, "settled");
            return i;
        })).isInstanceOf(IOException.class).hasMessage("disk full");

        assertThat(begun).containsEntry(100, "begun").hasSizeLessThan(1000);
        begun.remove(100);
        assertThat(begun.values()).as("nothing left half done").containsOnly("settled");
    }

    @Test
    void oneThreadRunsTheItemsInOrderOnTheCallersThread() throws Exception {
        Thread caller = Thread.currentThread();
        List<Integer> results = BoundedParallel.map(List.of(3, 1, 2), 1, i -> {
            assertThat(Thread.currentThread()).isSameAs(caller);
            return i * 10;
        });
        assertThat(results).containsExactly(30, 10, 20);
    }
}
