package dev.peerlife.lifecycle;

import dev.peerlife.testing.ManualClock;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NSL-2: server-tick samples go to a clock-sync component beside the session, not into it. */
class ClockSyncTest {

    private static final PeerId ALICE = PeerId.of("alice");
    private static final PeerId BOB = PeerId.of("bob");
    private final ManualClock clock = new ManualClock(1_000);

    /** A strategy that records every sample offered and takes only even ticks. */
    private static final class EvenTicksOnly implements ClockSync {
        final List<String> offered = new ArrayList<>();
        private OptionalLong tick = OptionalLong.empty();

        @Override
        public synchronized boolean observe(long serverTick, long nowMs) {
            offered.add(serverTick + "@" + nowMs);
            if (serverTick % 2 != 0) {
                return false;
            }
            tick = OptionalLong.of(serverTick);
            return true;
        }

        @Override
        public synchronized OptionalLong serverTick() {
            return tick;
        }
    }

    private SessionManager loggedIn(ClockSync clockSync) {
        SessionManager session = new SessionManager(ALICE, SessionPolicy.defaults(), clock, clockSync);
        session.onTransportConnected();
        session.onLoginStarted();
        session.onLoginSucceeded();
        return session;
    }

    @Test
    void ref12_theReferenceStrategyTakesEverySampleSoTheLastOneWins() {
        ClockSync sync = ClockSync.lastSampleWins();
        assertEquals(OptionalLong.empty(), sync.serverTick());
        assertTrue(sync.observe(42, 0));
        assertTrue(sync.observe(41, 0));
        assertEquals(OptionalLong.of(41), sync.serverTick());
        assertEquals("lastSampleWins OptionalLong[41]", sync.toString(), "the strategy and its tick, for logs");
    }

    @Test
    void theOriginalsStrategyIgnoresALowerTick() {
        ClockSync sync = ClockSync.ignoreOlder();
        assertTrue(sync.observe(42, 0));
        assertFalse(sync.observe(41, 0));
        assertTrue(sync.observe(42, 0), "an equal tick is not older");
        assertEquals(OptionalLong.of(42), sync.serverTick());
        assertEquals("ignoreOlder OptionalLong[42]", sync.toString(), "the strategy and its tick, for logs");
    }

    @Test
    void nsl2_aHeartbeatAnswersTickIsForwardedToTheClockSyncWithItsTime() {
        EvenTicksOnly sync = new EvenTicksOnly();
        SessionManager session = loggedIn(sync);
        session.onHeartbeatSent();
        clock.advance(30);
        assertTrue(session.onHeartbeatReceived(8));
        clock.advance(30);
        assertTrue(session.onHeartbeatReceived(9), "liveness and RTT are the session's, whatever the strategy says");
        assertEquals(List.of("8@1030", "9@1060"), sync.offered);
        assertSame(sync, session.clockSync());
        SessionSnapshot snapshot = session.snapshot();
        assertEquals(OptionalLong.of(8), snapshot.lastServerTick(), "the snapshot shows the clock sync's tick");
        assertEquals(60, snapshot.rttMs().getAsLong());
        assertEquals(1_060, snapshot.lastLivenessMs());
    }

    @Test
    void nsl2_anAnswerTheSessionDoesNotTakeForwardsNoSample() {
        EvenTicksOnly sync = new EvenTicksOnly();
        SessionManager session = new SessionManager(ALICE, SessionPolicy.defaults(), clock, sync);
        assertFalse(session.onHeartbeatReceived(4), "Disconnected takes no heartbeat answer");
        assertEquals(List.of(), sync.offered);
        assertEquals(OptionalLong.empty(), session.snapshot().lastServerTick());
    }

    @Test
    void nsl2_eachManagedSessionHasItsOwnClockSyncMadeOnceWhenTheSessionIsCreated() {
        List<EvenTicksOnly> made = new ArrayList<>();
        MultiSessionManager sessions = MultiSessionManager.builder().clock(clock).clockSync(() -> {
            EvenTicksOnly sync = new EvenTicksOnly();
            made.add(sync);
            return sync;
        }).build();
        sessions.onTransportConnected(ALICE);
        sessions.onTransportConnected(BOB);
        sessions.onTransportActivity(ALICE);
        assertEquals(2, made.size());
        assertNotSame(made.get(0), made.get(1));
        assertTrue(sessions.onHeartbeatReceived(ALICE, 10));
        assertTrue(sessions.onHeartbeatReceived(BOB, 3));
        assertEquals(List.of("10@1000"), made.get(0).offered);
        assertEquals(List.of("3@1000"), made.get(1).offered);
        assertEquals(OptionalLong.of(10), sessions.lookup(ALICE).orElseThrow().lastServerTick());
        assertEquals(OptionalLong.empty(), sessions.lookup(BOB).orElseThrow().lastServerTick(), "bob's strategy refused 3");
    }

    @Test
    void ref12_theCoordinatorsDefaultIsTheReferenceStrategy() {
        MultiSessionManager sessions = MultiSessionManager.of(SessionPolicy.defaults(), clock);
        sessions.onTransportConnected(ALICE);
        sessions.onHeartbeatReceived(ALICE, 50);
        sessions.onHeartbeatReceived(ALICE, 40);
        assertEquals(OptionalLong.of(40), sessions.lookup(ALICE).orElseThrow().lastServerTick());
    }
}
