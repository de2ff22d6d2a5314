package dev.peerlife.runtime.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bad-frame budget of one connection: a burst past the maximum cuts off, a trickle never does. */
class FrameBudgetTest {

    @Test
    void aBurstPastTheMaximumIsOverBudget() {
        FrameBudget budget = new FrameBudget(3, 10_000);
        assertTrue(budget.spend(0));
        assertTrue(budget.spend(1));
        assertTrue(budget.spend(2));
        assertFalse(budget.spend(3), "the fourth bad frame at once is one too many");
    }

    @Test
    void countedFramesAreForgottenOneByOneAsTimePasses() {
        FrameBudget budget = new FrameBudget(3, 10_000);
        for (int i = 0; i < 3; i++) {
            assertTrue(budget.spend(0));
        }
        assertTrue(budget.spend(10_000), "one was forgotten after 10 s");
        assertEquals(3, budget.level(10_000));
        assertEquals(0, budget.level(40_000));
    }

    @Test
    void anOccasionalBadFrameNeverAddsUpToACutOffButAFasterStreamDoes() {
        FrameBudget slow = new FrameBudget(16, 10_000);
        for (long t = 0; t < 3_600_000; t += 10_000) {
            assertTrue(slow.spend(t), "one bad frame every 10 s for an hour at " + t);
        }
        FrameBudget fast = new FrameBudget(16, 10_000);
        long t = 0;
        while (fast.spend(t)) {
            t += 1_000;
        }
        assertTrue(t < 30_000, "one a second is cut off within half a minute: " + t);
    }

    @Test
    void clockValuesNearOverflowDecayTheSameWay() {
        FrameBudget budget = new FrameBudget(1, 100);
        long start = Long.MAX_VALUE - 50;
        assertTrue(budget.spend(start));
        assertFalse(budget.spend(start + 10));
        assertTrue(budget.spend(start + 210), "the clock wrapped; two periods passed");
    }
}
