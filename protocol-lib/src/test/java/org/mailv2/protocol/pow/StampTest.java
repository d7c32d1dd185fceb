package org.mailv2.protocol.pow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

class StampTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);
    private static final Sha256 FROM = Sha256.hash("alice!");
    private static final Sha256 TO = Sha256.hash("bob!");
    private static final Sha256 DIGEST = Sha256.hash("envelope");
    private final StampVerifier verifier = new StampVerifier(CLOCK);

    private StampHeader header(int bits) {
        return verifier.headerForToday(bits, FROM, TO, DIGEST);
    }

    @Test
    void headerTextIsTheDesignFormat() {
        assertThat(header(20).text()).isEqualTo("v1:20:261128:" + FROM.hex() + ":" + TO.hex() + ":" + DIGEST.hex());
        assertThat(StampHeader.parse(header(20).text())).isEqualTo(header(20));
    }

    @Test
    void solvedStampVerifiesAndRoundTripsAsText() {
        Stamp stamp = new StampSolver(1).solve(header(12), 0, null);
        assertThat(stamp.work()).isGreaterThanOrEqualTo(12);
        verifier.verify(stamp, FROM, TO, DIGEST, 12);
        assertThat(Stamp.parse(stamp.text())).isEqualTo(stamp);
    }

    @Test
    void solverIsDeterministicForAStartCounterOnOneThread() {
        Stamp a = new StampSolver(1).solve(header(10), 42, null);
        Stamp b = new StampSolver(1).solve(header(10), 42, null);
        assertThat(a).isEqualTo(b);
        // Every nonce below the one found (from 42 on) fails: the solver tries them in order.
        for (long n = 42; n < a.nonce(); n++) {
            assertThat(new Stamp(header(10), n).hasEnoughWork()).isFalse();
        }
    }

    @Test
    void threadsSearchDisjointRangesAndAnyFindingIsValid() {
        Stamp stamp = new StampSolver(2).solve(header(14), 1000, null);
        assertThat(stamp.hasEnoughWork()).isTrue();
        assertThat(stamp.nonce()).isGreaterThanOrEqualTo(1000);
    }

    @Test
    void aSmallStampIsSolvedOnTheCallingThreadWithTheSameNonceAsOneWorkerThread() throws Exception {
        StampHeader small = header(StampSolver.CALLING_THREAD_MAX_BITS);
        Stamp here = new StampSolver(2).solve(small, 77, null);
        Stamp onAWorker = new StampSolver(1).solveAsync(small, 77, null).get();

        assertThat(here).isEqualTo(onAWorker);
        assertThat(here.hasEnoughWork()).isTrue();
    }

    @Test
    void anInterruptedCallerStopsASmallStampsSearchWithCancelled() {
        Thread.currentThread().interrupt();
        try {
            assertCode(() -> new StampSolver(1).solve(header(8), 0, null), ErrorCode.CANCELLED);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void reportsProgressWithRateAndExpectedTime() {
        List<SolveProgress> reports = new ArrayList<>();
        long[] fakeNanos = {0};
        StampSolver solver = new StampSolver(1, () -> fakeNanos[0] += 1_000_000_000L);
        // 22 bits needs ~4M tries on average; the report comes every 262,144 tries.
        solver.solve(header(22), 0, reports::add);
        assertThat(reports).isNotEmpty();
        SolveProgress first = reports.get(0);
        assertThat(first.triesDone()).isEqualTo(1 << 18);
        assertThat(first.triesPerSecond()).isEqualTo(262144.0);
        assertThat(first.expectedTries()).isEqualTo(Math.pow(2, 22));
        assertThat(first.expectedTimeLeft().toSeconds()).isEqualTo(16);
    }

    @Test
    void cancellingStopsTheSolver() throws Exception {
        CompletableFuture<Stamp> future = new StampSolver(2).solveAsync(header(60), 0, null);
        Thread.onSpinWait();
        assertThat(future.cancel(true)).isTrue();
        assertThat(future.isCancelled()).isTrue();
        // The worker threads see the flag within one batch and exit.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("stamp-solver"))) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void tooFewBitsIsPowRequired() {
        Stamp stamp = new StampSolver(1).solve(header(8), 0, null);
        assertCode(() -> verifier.verify(stamp, FROM, TO, DIGEST, 9), ErrorCode.POW_REQUIRED);
    }

    @Test
    void wrongBindingIsPowInvalid() {
        Stamp stamp = new StampSolver(1).solve(header(8), 0, null);
        assertCode(() -> verifier.verify(stamp, TO, TO, DIGEST, 8), ErrorCode.POW_INVALID);
        assertCode(() -> verifier.verify(stamp, FROM, FROM, DIGEST, 8), ErrorCode.POW_INVALID);
        assertCode(() -> verifier.verify(stamp, FROM, TO, Sha256.hash("other"), 8), ErrorCode.POW_INVALID);
    }

    @Test
    void insufficientHashIsPowInvalid() {
        StampHeader h = header(16);
        long bad = 0;
        while (new Stamp(h, bad).hasEnoughWork()) {
            bad++;
        }
        Stamp forged = new Stamp(h, bad);
        assertCode(() -> verifier.verify(forged, FROM, TO, DIGEST, 16), ErrorCode.POW_INVALID);
    }

    @Test
    void dateWindowIsTwoDaysEitherWay() {
        for (int offset = -4; offset <= 4; offset++) {
            StampHeader h = new StampHeader(4, LocalDate.of(2026, 11, 28).plusDays(offset), FROM, TO, DIGEST);
            Stamp stamp = new StampSolver(1).solve(h, 0, null);
            if (Math.abs(offset) <= 2) {
                verifier.verify(stamp, FROM, TO, DIGEST, 4);
            } else {
                assertCode(() -> verifier.verify(stamp, FROM, TO, DIGEST, 4), ErrorCode.STAMP_EXPIRED);
            }
        }
        assertThat(StampVerifier.forgettableAfter(new Stamp(header(4), 0))).isEqualTo(LocalDate.of(2026, 12, 1));
    }

    @Test
    void rejectsMalformedStampText() {
        String good = new StampSolver(1).solve(header(4), 0, null).text();
        for (String bad : List.of(good.replace("v1:", "v2:"), good.replace(":4:", ":04:"), good.replace(":261128:", ":261131:"),
                good.substring(0, good.length() - 1), good + "0", good.toUpperCase(), "", ":::::",
                good.replace(":4:", ":65:"))) {
            assertThatThrownBy(() -> Stamp.parse(bad)).as(bad).isInstanceOf(ProtocolException.class);
        }
    }

    @Test
    void leadingZeroBitsCountsAcrossBytes() {
        assertThat(Stamp.leadingZeroBits(new byte[] {0, 0, 0x01})).isEqualTo(23);
        assertThat(Stamp.leadingZeroBits(new byte[] {0, (byte) 0x80})).isEqualTo(8);
        assertThat(Stamp.leadingZeroBits(new byte[] {0x10})).isEqualTo(3);
        assertThat(Stamp.leadingZeroBits(new byte[32])).isEqualTo(256);
    }

    private static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(code);
    }
}
