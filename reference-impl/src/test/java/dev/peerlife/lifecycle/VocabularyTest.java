package dev.peerlife.lifecycle;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lifecycle's small value types: how they print, and the monotonic clock. */
class VocabularyTest {

    @Test
    void eventsPrintTheirKindStatesTimeAndReason() {
        LifecycleEvent withReason = new LifecycleEvent(LifecycleEventKind.TIMED_OUT, SessionState.LOGGED_IN,
                SessionState.TIMED_OUT, 6_000, "silent");
        assertEquals("TimedOut LoggedIn->TimedOut @6000 (silent)", withReason.toString());
        assertEquals("silent", withReason.reasonText().orElseThrow());
        LifecycleEvent without = new LifecycleEvent(LifecycleEventKind.LOGIN_STARTED, SessionState.TRANSPORT_CONNECTED,
                SessionState.LOGIN_PENDING, 5, null);
        assertEquals("LoginStarted TransportConnected->LoginPending @5", without.toString());
        assertTrue(without.reasonText().isEmpty());
        assertEquals("alice: LoginStarted TransportConnected->LoginPending @5",
                new SessionEvent(PeerId.of("alice"), without).toString());
    }

    @Test
    void theMonotonicClockReadsNanoTimeInMilliseconds() {
        long before = System.nanoTime() / 1_000_000L;
        long now = LifecycleClock.monotonic().nowMs();
        long after = System.nanoTime() / 1_000_000L;
        assertTrue(before <= now && now <= after, before + " <= " + now + " <= " + after);
    }

    @Test
    void policyCopiesChangeOneFieldEach() {
        SessionPolicy p = SessionPolicy.defaults();
        assertEquals(new SessionPolicy(700, 6_000, 1_000, true), p.withHeartbeatIntervalMs(700));
        assertEquals(new SessionPolicy(2_000, 9_000, 1_000, true), p.withHeartbeatTimeoutMs(9_000));
        assertEquals(new SessionPolicy(2_000, 6_000, 0, true), p.withReconnectDelayMs(0));
        assertEquals(new SessionPolicy(2_000, 6_000, 1_000, false), p.withAutoReconnect(false));
    }
}
