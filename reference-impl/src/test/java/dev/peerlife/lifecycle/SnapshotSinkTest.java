package dev.peerlife.lifecycle;

import dev.peerlife.testing.ManualClock;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Snapshot sinks: one snapshot per event, taken in the event's own step, on client and server. */
class SnapshotSinkTest {

    private static final PeerId SERVER = PeerId.of("server");
    private static final PeerId ALICE = PeerId.of("alice");
    private static final PeerId BOB = PeerId.of("bob");
    private final ManualClock clock = new ManualClock();

    @Test
    void aSessionRecordsOneSnapshotPerEventShowingWhatTheEventLeft() {
        SessionManager session = new SessionManager(SERVER, SessionPolicy.defaults(), clock);
        List<SessionSnapshot> snapshots = new ArrayList<>();
        List<SessionEvent> events = new ArrayList<>();
        session.addSnapshotSink(snapshots::add);
        session.addListener(events::add);
        session.onTransportConnected();
        session.onLoginStarted();
        session.onLoginSucceeded();
        clock.advance(2_000);
        session.onHeartbeatSent();
        clock.advance(80);
        session.onHeartbeatReceived(456);
        assertFalse(session.onLoginSucceeded(), "ignored: no event, no snapshot");

        assertEquals(events.size(), snapshots.size());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(events.get(i).event().current(), snapshots.get(i).state(), "snapshot " + i);
        }
        SessionSnapshot latest = snapshots.get(snapshots.size() - 1);
        assertEquals(SessionState.LOGGED_IN, latest.state());
        assertTrue(latest.canSendHeartbeat());
        assertEquals(80, latest.rttMs().getAsLong());
        assertEquals(456, latest.lastServerTick().getAsLong());
        assertEquals(2_080, latest.lastLivenessMs());
        assertFalse(snapshots.get(0).canSendHeartbeat(), "TransportConnected may not heartbeat");
    }

    @Test
    void aCoordinatorRecordsEveryManagedSessionNamingItsPeer() {
        SessionPolicy policy = SessionPolicy.builder().heartbeatTimeoutMs(5_000).reconnectDelayMs(3_000).build();
        MultiSessionManager sessions = MultiSessionManager.of(policy, clock);
        List<SessionSnapshot> snapshots = new CopyOnWriteArrayList<>();
        sessions.addSnapshotSink(snapshots::add);
        for (PeerId peer : List.of(ALICE, BOB)) {
            sessions.onTransportConnected(peer);
            sessions.onLoginStarted(peer);
            sessions.onLoginSucceeded(peer);
        }
        clock.advance(6_000);
        sessions.onHeartbeatReceived(BOB, 999);
        sessions.evaluate();
        assertEquals(SessionState.RECONNECT_PENDING, last(snapshots, ALICE).state());
        assertEquals(SessionState.LOGGED_IN, last(snapshots, BOB).state());
        assertEquals(999, last(snapshots, BOB).lastServerTick().getAsLong());

        sessions.remove(ALICE, "kicked");
        assertEquals(SessionState.DISCONNECTED, last(snapshots, ALICE).state(), "a removal's Disconnected is recorded too");
    }

    @Test
    void aRemovedSinkHearsNothingMoreAndTheLifecycleDoesNotDependOnSinks() {
        MultiSessionManager sessions = MultiSessionManager.of(SessionPolicy.defaults(), clock);
        List<SessionSnapshot> snapshots = new ArrayList<>();
        SnapshotSink sink = snapshots::add;
        sessions.addSnapshotSink(sink);
        sessions.onTransportConnected(ALICE);
        sessions.removeSnapshotSink(sink);
        sessions.onLoginStarted(ALICE);
        assertEquals(1, snapshots.size());
        assertEquals(SessionState.LOGIN_PENDING, sessions.lookup(ALICE).orElseThrow().state());
    }

    private static SessionSnapshot last(List<SessionSnapshot> snapshots, PeerId peer) {
        SessionSnapshot found = null;
        for (SessionSnapshot s : snapshots) {
            if (s.peer().equals(peer)) {
                found = s;
            }
        }
        if (found == null) {
            throw new AssertionError("no snapshot of " + peer + " in " + snapshots);
        }
        return found;
    }
}
