package dev.peerlife.internal;

import java.util.Arrays;

/**
 * A deadline index: a binary min-heap of (deadline, item) pairs, so that finding what is due costs
 * in proportion to what is due, not to how many items wait.
 *
 * <p>The algorithm. Keys live in a {@code long[]} beside an {@code Object[]} of items, so sifting
 * compares keys without touching the items themselves (they are scattered on the heap; the arrays
 * are not). There is no decrease-key and no removal by position: the owner keeps, per item, the key
 * it was last queued under, and treats a popped pair whose key differs as stale and drops it. A
 * deadline that moves later (a heartbeat refreshing liveness, the common case) costs nothing at the
 * time: the pair pops at the old deadline, the owner sees the item is not yet due and queues it
 * again at its real deadline. A deadline that moves earlier is queued as a second pair; the later
 * one goes stale. So every live item has at most one current pair, the queue holds at most one stale
 * pair per rescheduling, and each stale pair leaves the queue no later than its own deadline.
 *
 * <p>Keys are compared as {@code a - b < 0}, not {@code a < b}, so the order survives a clock that
 * wraps past {@link Long#MAX_VALUE}, as long as all keys queued at once lie within 2^62 ms of each
 * other. Not thread-safe.
 */
public final class DeadlineQueue<T> {

    private long[] keys = new long[16];
    private Object[] items = new Object[16];
    private int size;

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public void add(long key, T item) {
        if (size == keys.length) {
            int capacity = keys.length * 2;
            keys = Arrays.copyOf(keys, capacity);
            items = Arrays.copyOf(items, capacity);
        }
        int child = size++;
        while (child > 0) {
            int parent = (child - 1) >>> 1;
            if (keys[parent] - key <= 0) {
                break;
            }
            keys[child] = keys[parent];
            items[child] = items[parent];
            child = parent;
        }
        keys[child] = key;
        items[child] = item;
    }

    /** The smallest key; the queue must not be empty. */
    public long peekKey() {
        return keys[0];
    }

    /** The item with the smallest key; the queue must not be empty. */
    @SuppressWarnings("unchecked")
    public T peek() {
        return (T) items[0];
    }

    /** Removes and returns the item with the smallest key; the queue must not be empty. */
    @SuppressWarnings("unchecked")
    public T poll() {
        T top = (T) items[0];
        int last = --size;
        long key = keys[last];
        Object item = items[last];
        items[last] = null;
        int parent = 0;
        int half = last >>> 1;
        while (parent < half) {
            int child = 2 * parent + 1;
            int right = child + 1;
            if (right < last && keys[right] - keys[child] < 0) {
                child = right;
            }
            if (key - keys[child] <= 0) {
                break;
            }
            keys[parent] = keys[child];
            items[parent] = items[child];
            parent = child;
        }
        if (last > 0) {
            keys[parent] = key;
            items[parent] = item;
        }
        return top;
    }

    public void clear() {
        Arrays.fill(items, 0, size, null);
        size = 0;
    }
}
