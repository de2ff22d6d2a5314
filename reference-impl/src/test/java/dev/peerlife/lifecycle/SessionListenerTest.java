package dev.peerlife.lifecycle;

import dev.peerlife.testing.ManualClock;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Listeners are lambdas; removal notices have a factory; the heartbeat-allowed query. */
class SessionListenerTest {

    private static final PeerId ALICE = PeerId.of("alice");
    private final ManualClock clock = new ManualClock();

    @Test
    void pro3_aLambdaHearsEveryEventWithItsPeer() {
        MultiSessionManager sessions = MultiSessionManager.of(SessionPolicy.defaults(), clock);
        List<String> heard = new ArrayList<>();
        sessions.addListener(e -> heard.add(e.peer() + " " + e.event().current().specName()));
        sessions.onTransportConnected(ALICE);
        sessions.onLoginStarted(ALICE);
        sessions.onHeartbeatReceived(ALICE, 5);
        assertEquals(List.of("alice TransportConnected", "alice LoginPending", "alice LoginPending"), heard,
                "a lambda wants heartbeat events, as every listener does by default");
    }

    @Test
    void ref5_aRemovalListenerHearsRemovalsOnlyAfterTheSessionsDisconnected() {
        MultiSessionManager sessions = MultiSessionManager.of(SessionPolicy.defaults(), clock);
        List<String> heard = new ArrayList<>();
        sessions.addListener(e -> heard.add("event " + e.event().kind().specName()));
        sessions.addListener(SessionListener.removals(r -> heard.add("removed " + r.peer() + " (" + r.reason() + ")")));
        sessions.onTransportConnected(ALICE);
        sessions.remove(ALICE, "kicked");
        assertEquals(List.of("event TransportConnected", "event Disconnected", "removed alice (kicked)"), heard);
        assertFalse(SessionListener.removals(r -> { }).wantsHeartbeatEvents());
    }

    @Test
    void ref2_aSessionMaySendHeartbeatsExactlyWhenLoggedIn() {
        SessionManager session = new SessionManager(ALICE, SessionPolicy.defaults(), clock);
        assertFalse(session.canSendHeartbeat());
        session.onTransportConnected();
        session.onLoginStarted();
        assertFalse(session.canSendHeartbeat());
        assertFalse(session.snapshot().canSendHeartbeat());
        session.onLoginSucceeded();
        assertTrue(session.canSendHeartbeat());
        assertTrue(session.snapshot().canSendHeartbeat());
        assertFalse(session.isHeartbeatDue(), "allowed is not due: the first is due one interval after login");
        session.onTransportDisconnected("gone");
        assertFalse(session.canSendHeartbeat());
    }
}
