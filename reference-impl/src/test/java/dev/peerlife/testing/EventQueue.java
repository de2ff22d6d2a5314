package dev.peerlife.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Collects what arrives from other threads (sockets, event loops) and lets a test wait for the one
 * it needs, with a deadline instead of a sleep.
 */
public final class EventQueue<T> {

    private static final long DEFAULT_TIMEOUT_MS = 5_000;

    private final LinkedBlockingQueue<T> queue = new LinkedBlockingQueue<>();
    private final List<T> seen = new ArrayList<>();

    public void add(T item) {
        queue.add(item);
    }

    /** Waits for the first item matching {@code wanted}, keeping the others; fails after 5 s. */
    public T await(Predicate<T> wanted, String what) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEFAULT_TIMEOUT_MS);
        synchronized (seen) {
            for (T item : seen) {
                if (wanted.test(item)) {
                    seen.remove(item);
                    return item;
                }
            }
        }
        while (true) {
            long left = deadline - System.nanoTime();
            T item;
            try {
                item = left <= 0 ? null : queue.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
            if (item == null) {
                synchronized (seen) {
                    throw new AssertionError("timed out waiting for " + what + "; seen " + seen);
                }
            }
            if (wanted.test(item)) {
                return item;
            }
            synchronized (seen) {
                seen.add(item);
            }
        }
    }
}
