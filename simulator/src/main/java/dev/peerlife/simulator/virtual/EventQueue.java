package dev.peerlife.simulator.virtual;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The engine's pending happenings, by virtual millisecond: a calendar queue of one bucket per ms over
 * the next 65 s (a binary heap only for what lies further out), since nearly everything is due
 * within a heartbeat timeout and thousands of happenings share a millisecond. Within a millisecond
 * they come out ordered by their tie key (drawn from the run's seed), then by when they were
 * scheduled. Times never go back: nothing is scheduled before the millisecond being taken.
 *
 * @param <E> a happening with its time and order
 */
final class EventQueue<E extends EventQueue.Timed> {

    /** What the queue needs of a happening. */
    interface Timed {
        long at();

        long tie();

        long seq();
    }

    private static final int SIZE = 1 << 16;
    private static final int MASK = SIZE - 1;

    private final Comparator<E> order = (a, b) -> a.at() != b.at() ? Long.compare(a.at(), b.at())
            : a.tie() != b.tie() ? Long.compare(a.tie(), b.tie()) : Long.compare(a.seq(), b.seq());
    @SuppressWarnings("unchecked")
    private final ArrayList<E>[] buckets = new ArrayList[SIZE];
    private final PriorityQueue<E> far = new PriorityQueue<>(order);
    private long[] keys = new long[64];
    /** No happening is due before this time. */
    private long cursorMs;

    void add(E e) {
        if (e.at() < cursorMs) {
            throw new IllegalStateException("scheduled at " + e.at() + " ms, before " + cursorMs + " ms");
        }
        if (e.at() - cursorMs >= SIZE) {
            far.add(e);
            return;
        }
        migrate(); // an earlier happening of the same millisecond enters its bucket first
        bucket(e.at()).add(e);
    }

    /** Moves what the far heap holds for the window into its buckets, in order. */
    private void migrate() {
        while (!far.isEmpty() && far.peek().at() - cursorMs < SIZE) {
            E e = far.poll();
            bucket(e.at()).add(e);
        }
    }

    private ArrayList<E> bucket(long atMs) {
        int i = (int) (atMs & MASK);
        ArrayList<E> b = buckets[i];
        if (b == null) {
            b = new ArrayList<>(16);
            buckets[i] = b;
        }
        return b;
    }

    /** The first time at or after the cursor with something due, if before {@code limitMs}; else {@code limitMs}. */
    long next(long limitMs) {
        migrate();
        long end = Math.min(limitMs, cursorMs + SIZE);
        for (long t = cursorMs; t < end; t++) {
            ArrayList<E> b = buckets[(int) (t & MASK)];
            if (b != null && !b.isEmpty()) {
                return t;
            }
        }
        if (end < limitMs && !far.isEmpty()) {
            return Math.min(limitMs, far.peek().at());
        }
        return limitMs;
    }

    /**
     * Everything due at {@code atMs}, in order, taken out of the queue; the cursor moves there. What is
     * scheduled at {@code atMs} meanwhile is taken by the next call.
     */
    List<E> take(long atMs) {
        cursorMs = atMs;
        ArrayList<E> b = buckets[(int) (atMs & MASK)];
        if (b == null || b.isEmpty()) {
            return List.of();
        }
        buckets[(int) (atMs & MASK)] = new ArrayList<>(Math.max(16, b.size()));
        return sorted(b);
    }

    /**
     * One millisecond's happenings by tie key, then by when they were scheduled. Each is added to its
     * bucket in scheduling order (those from the far heap come out of it in order too), so its place
     * in the bucket stands for its seq: the sort runs on primitive keys, the tie's top 48 bits over
     * that place, and only ties that agree in those 48 bits fall back to place order (a deterministic
     * choice either way). Over 65,535 in one millisecond, the comparator sort.
     */
    private List<E> sorted(ArrayList<E> b) {
        int n = b.size();
        if (n < 2) {
            return b;
        }
        if (n > 0xFFFF) {
            b.sort(order);
            return b;
        }
        if (keys.length < n) {
            keys = new long[Math.max(n, keys.length * 2)];
        }
        for (int i = 0; i < n; i++) {
            keys[i] = (b.get(i).tie() & ~0xFFFFL) | i;
        }
        java.util.Arrays.sort(keys, 0, n);
        ArrayList<E> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(b.get((int) (keys[i] & 0xFFFF)));
        }
        return out;
    }
}
