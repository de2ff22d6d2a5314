package dev.peerlife.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeadlineQueueTest {

    @Test
    void pollsInDeadlineOrder() {
        long seed = 20261121L;
        Random random = new Random(seed);
        DeadlineQueue<Long> queue = new DeadlineQueue<>();
        List<Long> keys = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            long key = random.nextInt(1_000_000);
            keys.add(key);
            queue.add(key, key);
        }
        keys.sort(Long::compare);
        for (long expected : keys) {
            assertEquals(expected, queue.peekKey(), "seed " + seed);
            assertEquals(expected, (long) queue.poll(), "seed " + seed);
        }
        assertTrue(queue.isEmpty());
    }

    @Test
    void ordersKeysAcrossTheWrapPastLongMaxValue() {
        DeadlineQueue<String> queue = new DeadlineQueue<>();
        long base = Long.MAX_VALUE - 10;
        queue.add(base + 20, "after the wrap");   // a negative number
        queue.add(base, "before the wrap");
        queue.add(base + 11, "just after");
        queue.add(Long.MIN_VALUE + 100, "later still");
        assertEquals("before the wrap", queue.poll());
        assertEquals("just after", queue.poll());
        assertEquals("after the wrap", queue.poll());
        assertEquals("later still", queue.poll());
    }

    @Test
    void interleavedAddsAndPollsAgreeWithAReferenceQueue() {
        long seed = 7;
        Random random = new Random(seed);
        DeadlineQueue<Long> queue = new DeadlineQueue<>();
        java.util.PriorityQueue<Long> reference = new java.util.PriorityQueue<>();
        for (int round = 0; round < 20_000; round++) {
            if (reference.isEmpty() || random.nextInt(3) > 0) {
                long key = random.nextInt(500);
                queue.add(key, key);
                reference.add(key);
            } else {
                assertEquals(reference.peek(), queue.peekKey(), "seed " + seed + " round " + round);
                assertEquals(reference.poll(), queue.poll(), "seed " + seed + " round " + round);
            }
            assertEquals(reference.size(), queue.size());
        }
    }
}
