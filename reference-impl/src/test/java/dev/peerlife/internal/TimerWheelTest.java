package dev.peerlife.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimerWheelTest {

    static final class TestNode implements TimerWheel.Node {
        final int id;
        TimerWheel.Node prev;
        TimerWheel.Node next;
        long deadline;

        TestNode(int id) {
            this.id = id;
        }

        @Override
        public TimerWheel.Node wheelPrev() {
            return prev;
        }

        @Override
        public void wheelPrev(TimerWheel.Node p) {
            prev = p;
        }

        @Override
        public TimerWheel.Node wheelNext() {
            return next;
        }

        @Override
        public void wheelNext(TimerWheel.Node n) {
            next = n;
        }

        @Override
        public long wheelDeadlineMs() {
            return deadline;
        }

        @Override
        public void wheelDeadlineMs(long d) {
            deadline = d;
        }

        @Override
        public String toString() {
            return "node" + id + "@" + deadline;
        }
    }

    private static TreeSet<Integer> ids(List<TimerWheel.Node> nodes) {
        TreeSet<Integer> out = new TreeSet<>();
        nodes.forEach(n -> out.add(((TestNode) n).id));
        return out;
    }

    @Test
    void aNodeIsDueExactlyAtItsDeadlineNotBefore() {
        TimerWheel wheel = new TimerWheel(1_000);
        TestNode node = new TestNode(1);
        wheel.schedule(node, 7_000);
        List<TimerWheel.Node> due = new ArrayList<>();
        wheel.advance(6_999, due);
        assertEquals(List.of(), due);
        assertTrue(wheel.millisUntilNext(6_999) <= 1, "the bound is never late");
        wheel.advance(7_000, due);
        assertEquals(List.of(node), due);
        assertFalse(wheel.isScheduled(node));
        assertEquals(0, wheel.size());
    }

    @Test
    void aDeadlineAlreadyReachedIsDueAtTheNextAdvance() {
        TimerWheel wheel = new TimerWheel(0);
        TestNode node = new TestNode(1);
        wheel.schedule(node, -5);
        assertEquals(0, wheel.millisUntilNext(0));
        List<TimerWheel.Node> due = new ArrayList<>();
        wheel.advance(0, due);
        assertEquals(List.of(node), due);
    }

    @Test
    void advancingTwiceToTheSameTimeIsAllowedAndFindsNothingNew() {
        TimerWheel wheel = new TimerWheel(5_000);
        TestNode node = new TestNode(1);
        wheel.schedule(node, 5_010);
        List<TimerWheel.Node> due = new ArrayList<>();
        wheel.advance(5_009, due);
        wheel.advance(5_009, due);
        assertEquals(List.of(), due);
        wheel.advance(5_010, due);
        wheel.advance(5_010, due);
        assertEquals(List.of(node), due);
    }

    /**
     * Deadlines exactly at the edge of a level (64 ms, 4096 ms, 262144 ms from now) go to the next
     * level up, whose bucket starts at the deadline: the next-deadline answer is exact there, and
     * each node comes out exactly at its deadline.
     */
    @ParameterizedTest
    @ValueSource(longs = {63L, 64L, 4_096L, 262_144L})
    void aDeadlineAtALevelsEdgeIsDueExactlyThenAndAnnouncedExactly(long distance) {
        TimerWheel wheel = new TimerWheel(-1L << 40);
        long now = -1L << 40;
        TestNode node = new TestNode(1);
        wheel.schedule(node, now + distance);
        assertEquals(distance, wheel.millisUntilNext(now));
        List<TimerWheel.Node> due = new ArrayList<>();
        wheel.advance(now + distance - 1, due);
        assertEquals(List.of(), due);
        assertTrue(wheel.millisUntilNext(now + distance - 1) <= 1);
        wheel.advance(now + distance, due);
        assertEquals(List.of(node), due);
        assertEquals(Long.MAX_VALUE, wheel.millisUntilNext(now + distance));
    }

    @Test
    void oneAdvanceAcrossEveryLevelFindsWhatIsDueAndKeepsTheRest() {
        TimerWheel wheel = new TimerWheel(0);
        TestNode soon = new TestNode(1);
        TestNode later = new TestNode(2);
        wheel.schedule(soon, 1L << 37);
        wheel.schedule(later, (1L << 39) + 5);
        List<TimerWheel.Node> due = new ArrayList<>();
        wheel.advance((1L << 38) + 1, due);
        assertEquals(List.of(soon), due);
        assertEquals(1, wheel.size());
        wheel.advance((1L << 39) + 5, due);
        assertEquals(List.of(soon, later), due);
    }

    @Test
    void aRescheduledNodeMovesAndACancelledOneNeverComesOut() {
        TimerWheel wheel = new TimerWheel(0);
        TestNode a = new TestNode(1);
        TestNode b = new TestNode(2);
        wheel.schedule(a, 100);
        wheel.schedule(b, 200);
        wheel.schedule(a, 300);
        assertEquals(2, wheel.size());
        wheel.cancel(b);
        wheel.cancel(b);
        assertEquals(1, wheel.size());
        List<TimerWheel.Node> due = new ArrayList<>();
        wheel.advance(299, due);
        assertEquals(List.of(), due);
        wheel.advance(300, due);
        assertEquals(List.of(a), due);
        assertEquals(0, wheel.size());
    }

    @Test
    void timeDoesNotGoBackwards() {
        TimerWheel wheel = new TimerWheel(100);
        wheel.advance(200, new ArrayList<>());
        assertThrows(IllegalArgumentException.class, () -> wheel.advance(199, new ArrayList<>()));
    }

    /**
     * Random schedules, reschedules, cancels and advances, from origins that include the extremes
     * of the clock, checked against a plain map: exactly the nodes whose deadline has passed come
     * out, each once, and the next-deadline answer is never later than the true earliest deadline.
     */
    @ParameterizedTest
    @ValueSource(longs = {0L, -123_456_789L, Long.MAX_VALUE - 5_000L, Long.MIN_VALUE, Long.MAX_VALUE})
    void agreesWithAReferenceModelFromAnyOrigin(long origin) {
        long seed = 0x5EED ^ origin;
        Random random = new Random(seed);
        TimerWheel wheel = new TimerWheel(origin);
        Map<Integer, Long> reference = new HashMap<>();
        TestNode[] nodes = new TestNode[300];
        for (int i = 0; i < nodes.length; i++) {
            nodes[i] = new TestNode(i);
        }
        long now = origin;
        for (int round = 0; round < 20_000; round++) {
            String where = "seed " + seed + " round " + round;
            int op = random.nextInt(10);
            TestNode node = nodes[random.nextInt(nodes.length)];
            if (op < 5) {
                long distance = switch (random.nextInt(4)) {
                    case 0 -> random.nextInt(64);
                    case 1 -> random.nextInt(10_000);
                    case 2 -> random.nextInt(5_000_000);
                    default -> (long) (random.nextDouble() * (1L << 40));
                };
                wheel.schedule(node, now + distance);
                reference.put(node.id, now + distance);
            } else if (op < 6) {
                wheel.cancel(node);
                reference.remove(node.id);
            } else {
                long step = random.nextInt(8) == 0 ? random.nextInt(20_000_000) : random.nextInt(300);
                long bound = wheel.millisUntilNext(now);
                long at = now;
                long trueNext = reference.values().stream().mapToLong(d -> Math.max(0, d - at))
                        .min().orElse(Long.MAX_VALUE);
                assertTrue(bound <= trueNext, where + ": bound " + bound + " is later than " + trueNext);
                now += step;
                List<TimerWheel.Node> due = new ArrayList<>();
                wheel.advance(now, due);
                TreeSet<Integer> expected = new TreeSet<>();
                for (Map.Entry<Integer, Long> e : reference.entrySet()) {
                    if (e.getValue() - now <= 0) {
                        expected.add(e.getKey());
                    }
                }
                assertEquals(expected, ids(due), where);
                assertEquals(due.size(), ids(due).size(), where + ": a node came out twice");
                expected.forEach(reference::remove);
            }
            assertEquals(reference.size(), wheel.size(), where);
        }
    }
}
