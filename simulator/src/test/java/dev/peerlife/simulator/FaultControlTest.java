package dev.peerlife.simulator;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Toxiproxy calls off the driving thread: never waited for, reported when slow, bounded by a timeout, in order per peer. */
class FaultControlTest {

    /** Waits (bounded) until {@code condition} holds. */
    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() - deadline < 0, "condition not met within 10 s");
            new CountDownLatch(1).await(5, TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void aBlockedCallIsReportedOnceTimesOutAndLetsThePeersNextCallGoWhileItsRealEndIsStillRecorded() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (FaultControl control = new FaultControl(50, 300)) {
            long before = System.nanoTime();
            FaultControl.Call stuck = control.submit("peer-1", 0, "remove latency", () -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new java.io.IOException(e);
                }
            });
            FaultControl.Call next = control.submit("peer-1", 0, "remove latency too", () -> { });
            FaultControl.Call other = control.submit("peer-2", 1, "add timeout", () -> { });
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before) < 250, "submitting never waits for a call");
            other.done.get(5, TimeUnit.SECONDS);
            assertFalse(next.done.isDone(), "a peer's calls keep their order");
            await(() -> !control.newlySlow().isEmpty() || stuck.endNs != 0);
            assertTrue(control.newlySlow().isEmpty(), "reported once");
            ExecutionException e = assertThrows(ExecutionException.class, () -> stuck.done.get(5, TimeUnit.SECONDS));
            assertInstanceOf(TimeoutException.class, e.getCause());
            next.done.get(5, TimeUnit.SECONDS);
            assertEquals(0, stuck.endNs, "still running");
            release.countDown();
            await(() -> stuck.endNs != 0);
            assertNull(stuck.failure);
            assertTrue(stuck.endNs - stuck.startNs >= TimeUnit.MILLISECONDS.toNanos(300), "its real duration is kept");
        }
    }

    @Test
    void aFailedCallKeepsItsError() throws Exception {
        try (FaultControl control = new FaultControl(1_000, 1_000)) {
            FaultControl.Call c = control.submit("peer-1", 0, "add latency", () -> {
                throw new java.io.IOException("[500] listen tcp: address already in use");
            });
            assertThrows(ExecutionException.class, () -> c.done.get(5, TimeUnit.SECONDS));
            assertEquals("[500] listen tcp: address already in use", c.failure);
            assertTrue(c.endNs != 0);
        }
    }
}
