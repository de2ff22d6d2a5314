package dev.peerlife.lifecycle;

import dev.peerlife.testing.ManualClock;
import dev.peerlife.testing.RecordingListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The resume window (REF-10) at its edges: a session that left the live states is kept exactly the
 * window and evicted at its end, whichever of its deadlines comes first; a live session is never
 * evicted; and nothing a removed or evicted session had pending reaches the session its peer opens
 * afterwards. Clocks start far from 0, where origin arithmetic would show.
 */
class EvictionTest {

    private static final PeerId ALICE = PeerId.of("alice");
    private static final PeerId BOB = PeerId.of("bob");
    private static final long WINDOW_MS = 10_000;

    private final ManualClock clock = new ManualClock(7_200_000);
    private final RecordingListener recorder = new RecordingListener();

    private MultiSessionManager manager(SessionPolicy policy) {
        MultiSessionManager manager = MultiSessionManager.builder().policy(policy).clock(clock).resumeGraceMs(WINDOW_MS).build();
        manager.addListener(recorder);
        return manager;
    }

    private static void logIn(MultiSessionManager manager, PeerId peer) {
        manager.onTransportConnected(peer);
        manager.onLoginStarted(peer);
        manager.onLoginSucceeded(peer);
    }

    private static void heartbeatFor(MultiSessionManager manager, ManualClock clock, PeerId peer, long ms) {
        for (long t = 0; t < ms; t += 1_000) {
            clock.advance(1_000);
            manager.onHeartbeatReceived(peer);
            manager.evaluate();
        }
    }

    @AfterEach
    void chainsAreConsistent() {
        recorder.assertChainsConsistent();
    }

    @Test
    void aDisconnectedSessionIsKeptTheWholeWindowAndEvictedAtItsEnd() {
        MultiSessionManager m = manager(SessionPolicy.defaults());
        logIn(m, ALICE);
        m.onTransportDisconnected(ALICE, "reset");
        assertTrue(m.millisUntilNextDeadline() <= WINDOW_MS, "the eviction is the only deadline, never late");
        clock.advance(WINDOW_MS - 1);
        assertEquals(1, m.evaluate());
        assertTrue(m.lookup(ALICE).isPresent(), "kept until the window has passed");
        clock.advance(1);
        assertEquals(Long.MAX_VALUE, m.evaluate());
        assertTrue(m.lookup(ALICE).isEmpty());
        SessionRemoved removed = recorder.removals().get(0);
        assertEquals("resume window of 10000 ms expired in state Disconnected", removed.reason());
        assertEquals(clock.nowMs(), removed.timeMs());
    }

    @Test
    void aSessionWaitingLongerForItsReconnectThanTheWindowIsEvictedAtTheWindowsEnd() {
        MultiSessionManager m = manager(SessionPolicy.defaults().withReconnectDelayMs(60_000));
        logIn(m, ALICE);
        clock.advance(6_000);
        m.evaluate();
        assertEquals(SessionState.RECONNECT_PENDING, m.lookup(ALICE).orElseThrow().state());
        assertTrue(m.millisUntilNextDeadline() <= WINDOW_MS, "the eviction comes before the reconnect");
        clock.advance(WINDOW_MS);
        m.evaluate();
        assertTrue(m.lookup(ALICE).isEmpty(), "evicted at the window's end, not at the reconnect due time");
    }

    @Test
    void aSessionWhoseReconnectComesFirstStartsItThenIsEvictedAtTheWindowsEnd() {
        MultiSessionManager m = manager(SessionPolicy.defaults().withReconnectDelayMs(2_000));
        logIn(m, ALICE);
        clock.advance(6_000);
        assertEquals(2_000, m.evaluate(), "the reconnect is the next deadline");
        clock.advance(2_000);
        assertTrue(m.evaluate() <= WINDOW_MS - 2_000, "then the eviction");
        assertEquals(SessionState.RECONNECTING, m.lookup(ALICE).orElseThrow().state());
        clock.advance(WINDOW_MS - 2_000 - 1);
        m.evaluate();
        assertTrue(m.lookup(ALICE).isPresent());
        clock.advance(1);
        m.evaluate();
        assertTrue(m.lookup(ALICE).isEmpty());
    }

    @Test
    void aLivePeerIsNeverEvictedHoweverLongItStaysLive() {
        MultiSessionManager m = manager(SessionPolicy.defaults());
        logIn(m, ALICE);
        heartbeatFor(m, clock, ALICE, 10 * WINDOW_MS);
        assertEquals(SessionState.LOGGED_IN, m.lookup(ALICE).orElseThrow().state());
        assertTrue(recorder.removals().isEmpty());
    }

    @Test
    void aSessionThatComesBackWithinTheWindowIsNoLongerDueForEviction() {
        MultiSessionManager m = manager(SessionPolicy.defaults());
        logIn(m, ALICE);
        m.onTransportDisconnected(ALICE, "reset");
        clock.advance(WINDOW_MS - 1);
        m.onTransportConnected(ALICE);
        m.onLoginStarted(ALICE);
        m.onLoginSucceeded(ALICE);
        heartbeatFor(m, clock, ALICE, 3 * WINDOW_MS);
        assertEquals(SessionState.LOGGED_IN, m.lookup(ALICE).orElseThrow().state());
        m.onTransportDisconnected(ALICE, "reset again");
        clock.advance(WINDOW_MS - 1);
        m.evaluate();
        assertTrue(m.lookup(ALICE).isPresent(), "a new window, counted from the second disconnect");
        clock.advance(1);
        m.evaluate();
        assertTrue(m.lookup(ALICE).isEmpty());
    }

    @Test
    void aSessionCreatedButNeverConnectedIsEvictedToo() {
        MultiSessionManager m = manager(SessionPolicy.defaults());
        assertEquals(SessionState.DISCONNECTED, m.getOrCreate(ALICE).state());
        clock.advance(WINDOW_MS);
        m.evaluate();
        assertTrue(m.lookup(ALICE).isEmpty());
    }

    @Test
    void aRemovedPeerThatComesBackKeepsItsNewSessionPastTheOldDeadlines() {
        MultiSessionManager m = manager(SessionPolicy.defaults());
        logIn(m, ALICE);
        assertTrue(m.remove(ALICE, "kicked"));
        logIn(m, ALICE);
        heartbeatFor(m, clock, ALICE, 6 * WINDOW_MS);
        assertEquals(SessionState.LOGGED_IN, m.lookup(ALICE).orElseThrow().state());
        assertEquals(1, recorder.removals().size(), "one removal, one notice");
    }

    @Test
    void aPeerThatComesBackAfterItsEvictionKeepsItsNewSession() {
        MultiSessionManager m = manager(SessionPolicy.defaults());
        logIn(m, ALICE);
        logIn(m, BOB);
        heartbeatFor(m, clock, BOB, 6_000 + WINDOW_MS + 1_000);
        assertTrue(m.lookup(ALICE).isEmpty(), "evicted");
        logIn(m, ALICE);
        heartbeatFor(m, clock, ALICE, 3 * WINDOW_MS);
        assertEquals(SessionState.LOGGED_IN, m.lookup(ALICE).orElseThrow().state());
        assertEquals(1, recorder.removals().stream().filter(r -> r.peer().equals(ALICE)).count(), "evicted once, noticed once");
    }

    @Test
    void removeAllEndsEverySessionInPeerOrder() {
        MultiSessionManager m = manager(SessionPolicy.defaults());
        for (String name : List.of("carol", "alice", "dave", "bob")) {
            m.onTransportConnected(PeerId.of(name));
        }
        assertEquals(4, m.removeAll("host stopped"));
        assertEquals(List.of("alice", "bob", "carol", "dave"),
                recorder.removals().stream().map(r -> r.peer().value()).toList());
        assertEquals(0, m.size());
    }

    @Test
    void theCoordinatorKeepsItsPolicyAndBuildsWithDefaults() {
        SessionPolicy policy = SessionPolicy.defaults().withHeartbeatTimeoutMs(9_000);
        assertEquals(policy, MultiSessionManager.of(policy, clock).policy());
        MultiSessionManager defaults = MultiSessionManager.builder().clock(clock).build();
        assertEquals(SessionPolicy.defaults(), defaults.policy());
        defaults.onTransportConnected(ALICE);
        clock.advance(6_000);
        defaults.evaluate();
        assertFalse(defaults.lookup(ALICE).orElseThrow().state().isLive(), "the default policy applies");
    }
}
