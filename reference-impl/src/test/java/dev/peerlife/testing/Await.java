package dev.peerlife.testing;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition that another thread makes true, with a deadline instead of a sleep. */
public final class Await {

    private Await() {
    }

    /** Returns once {@code condition} holds; fails after 5 s, naming {@code what}. */
    public static void until(BooleanSupplier condition, String what) {
        until(condition, what, 5_000);
    }

    public static void until(BooleanSupplier condition, String what, long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
