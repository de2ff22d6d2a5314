package dev.peerlife.internal;

import java.util.List;

/**
 * A hierarchical timer wheel: the coordinator's deadline index. Scheduling, rescheduling and
 * cancelling cost O(1); advancing the clock touches only the buckets that the elapsed time crosses
 * and the nodes in them, so finding what is due costs in proportion to what is due, not to how many
 * nodes wait.
 *
 * <p>The algorithm. There are {@value #LEVELS} wheels of {@value #SIZE} buckets. A bucket of level
 * {@code i} spans {@code 64^i} ms, so a whole level {@code i} spans {@code 64^(i+1)} ms: level 0
 * holds the next 64 ms bucket by bucket, level 1 the next ~4 s in 64 ms steps, level 2 the next
 * ~4.4 min, and so on; the top level (about 2.2 years around) takes anything further and simply meets
 * it again on each turn until it is near. A node goes to the lowest level whose span covers its
 * distance from the wheel's current time, in the bucket named by the matching bits of its deadline.
 * When the clock advances, each level whose tick (time shifted by the level's width) has moved
 * empties the buckets it passed: a node whose deadline has come is handed out as due; any other
 * is placed again, now nearer, so it falls to a lower level ("cascades"). Level 0 buckets are 1 ms
 * wide, so a node is due exactly when its deadline is reached, never early and never late by a
 * whole bucket. A deadline already reached when scheduled goes to a separate due list.
 *
 * <p>Time. All arithmetic is on times relative to the wheel's origin (the clock at construction),
 * so a clock that starts near {@link Long#MAX_VALUE} and wraps is handled as long as less than
 * 2^62 ms pass in the wheel's lifetime and no deadline lies more than 2^62 ms away.
 *
 * <p>Nodes are intrusive: the scheduled object carries the links, so the wheel allocates nothing
 * per node and a node is in at most one bucket. Not thread-safe.
 */
public final class TimerWheel {

    /** What the wheel links. {@code wheelNext() == null} means "not scheduled". */
    public interface Node {
        Node wheelPrev();

        void wheelPrev(Node prev);

        Node wheelNext();

        void wheelNext(Node next);

        /** The deadline the node was scheduled at, in the clock's own (absolute) milliseconds. */
        long wheelDeadlineMs();

        void wheelDeadlineMs(long deadlineMs);
    }

    static final int BITS = 6;
    static final int SIZE = 1 << BITS;
    static final int LEVELS = 6;
    private static final int MASK = SIZE - 1;

    private final Sentinel[][] buckets = new Sentinel[LEVELS][SIZE];
    private final Sentinel due = new Sentinel();
    private final long originMs;
    private long currentRel;
    private int size;

    public TimerWheel(long originMs) {
        this.originMs = originMs;
        for (Sentinel[] level : buckets) {
            for (int i = 0; i < SIZE; i++) {
                level[i] = new Sentinel();
            }
        }
    }

    public int size() {
        return size;
    }

    public boolean isScheduled(Node node) {
        return node.wheelNext() != null;
    }

    /** Schedules {@code node} at {@code deadlineMs}, moving it if it was scheduled elsewhere. */
    public void schedule(Node node, long deadlineMs) {
        if (node.wheelNext() != null) {
            unlink(node);
        } else {
            size++;
        }
        node.wheelDeadlineMs(deadlineMs);
        link(bucketFor(deadlineMs - originMs), node);
    }

    /** Removes {@code node} if it is scheduled. */
    public void cancel(Node node) {
        if (node.wheelNext() != null) {
            unlink(node);
            size--;
        }
    }

    /**
     * Moves the wheel to {@code nowMs} and appends every node whose deadline has been reached to
     * {@code dueOut}, unscheduled. Callers act on them after this returns, so they may reschedule
     * freely. {@code nowMs} must not go backwards.
     */
    public void advance(long nowMs, List<Node> dueOut) {
        long nowRel = nowMs - originMs;
        long previousRel = currentRel;
        if (nowRel - previousRel < 0) {
            throw new IllegalArgumentException("time went backwards: " + nowMs);
        }
        currentRel = nowRel;
        drain(due, nowMs, dueOut);
        for (int level = 0; level < LEVELS; level++) {
            int shift = BITS * level;
            long previousTicks = previousRel >>> shift;
            long delta = (nowRel >>> shift) - previousTicks;
            if (delta <= 0) {
                break;
            }
            int steps = (int) Math.min(delta + 1, SIZE);
            for (int step = 0; step < steps; step++) {
                drain(buckets[level][(int) ((previousTicks + step) & MASK)], nowMs, dueOut);
            }
        }
    }

    /**
     * A lower bound on the milliseconds from {@code nowMs} to the earliest deadline (0 if one is
     * due, {@link Long#MAX_VALUE} if nothing is scheduled): waking at it is never late.
     */
    public long millisUntilNext(long nowMs) {
        if (size == 0) {
            return Long.MAX_VALUE;
        }
        if (due.next != due) {
            return 0;
        }
        long nowRel = nowMs - originMs;
        long best = Long.MAX_VALUE;
        for (int level = 0; level < LEVELS; level++) {
            int shift = BITS * level;
            long ticks = currentRel >>> shift;
            for (int step = 0; step < SIZE; step++) {
                if (buckets[level][(int) ((ticks + step) & MASK)].hasNodes()) {
                    long bucketStartRel = (ticks + step) << shift;
                    best = Math.min(best, Math.max(0, bucketStartRel - nowRel));
                    break;
                }
            }
        }
        return best;
    }

    private Sentinel bucketFor(long deadlineRel) {
        long distance = deadlineRel - currentRel;
        if (distance <= 0) {
            return due;
        }
        for (int level = 0; level < LEVELS - 1; level++) {
            if (distance < 1L << (BITS * (level + 1))) {
                return buckets[level][(int) ((deadlineRel >>> (BITS * level)) & MASK)];
            }
        }
        return buckets[LEVELS - 1][(int) ((deadlineRel >>> (BITS * (LEVELS - 1))) & MASK)];
    }

    /** Empties one bucket: due nodes go out, the others are placed again from the current time. */
    private void drain(Sentinel bucket, long nowMs, List<Node> dueOut) {
        Node node = bucket.next;
        if (node == bucket) {
            return;
        }
        bucket.next = bucket;
        bucket.prev = bucket;
        while (node != bucket) {
            Node next = node.wheelNext();
            node.wheelPrev(null);
            node.wheelNext(null);
            if (node.wheelDeadlineMs() - nowMs <= 0) {
                size--;
                dueOut.add(node);
            } else {
                link(bucketFor(node.wheelDeadlineMs() - originMs), node);
            }
            node = next;
        }
    }

    private static void link(Sentinel bucket, Node node) {
        Node last = bucket.prev;
        node.wheelPrev(last);
        node.wheelNext(bucket);
        last.wheelNext(node);
        bucket.prev = node;
    }

    private static void unlink(Node node) {
        Node prev = node.wheelPrev();
        Node next = node.wheelNext();
        prev.wheelNext(next);
        next.wheelPrev(prev);
        node.wheelPrev(null);
        node.wheelNext(null);
    }

    /** A bucket's list head: a circular doubly linked list through the nodes. */
    private static final class Sentinel implements Node {
        Node prev = this;
        Node next = this;

        boolean hasNodes() {
            return next != this;
        }

        @Override
        public Node wheelPrev() {
            return prev;
        }

        @Override
        public void wheelPrev(Node node) {
            prev = node;
        }

        @Override
        public Node wheelNext() {
            return next;
        }

        @Override
        public void wheelNext(Node node) {
            next = node;
        }

        @Override
        public long wheelDeadlineMs() {
            throw new UnsupportedOperationException("a sentinel has no deadline");
        }

        @Override
        public void wheelDeadlineMs(long deadlineMs) {
            throw new UnsupportedOperationException("a sentinel has no deadline");
        }
    }
}
