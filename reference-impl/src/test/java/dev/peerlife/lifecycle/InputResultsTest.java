package dev.peerlife.lifecycle;

import dev.peerlife.testing.ManualClock;
import dev.peerlife.testing.RecordingListener;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every input method returns: {@code true} exactly when the input was accepted (it moved the
 * session, or recorded a heartbeat or liveness signal), {@code false} when it was ignored as
 * illegal in the session's state or named a peer with no session. Hosts rely on it to tell the two
 * apart; the conformance suite cannot see it, so these tests are its only check.
 */
class InputResultsTest {

    private static final PeerId ALICE = PeerId.of("alice");
    private static final PeerId GHOST = PeerId.of("ghost");

    private final ManualClock clock = new ManualClock(1_000);
    private final RecordingListener recorder = new RecordingListener();

    private MultiSessionManager manager() {
        MultiSessionManager manager = MultiSessionManager.of(SessionPolicy.defaults(), clock);
        manager.addListener(recorder);
        return manager;
    }

    @Test
    void coordinatorInputsReturnWhetherTheyWereAccepted() {
        MultiSessionManager m = manager();
        assertTrue(m.onTransportConnected(ALICE));
        assertFalse(m.onTransportConnected(ALICE), "already connected");
        assertFalse(m.onLoginSucceeded(ALICE), "no login started");
        assertFalse(m.onLoginFailed(ALICE, "late"), "no login started");
        assertFalse(m.onHeartbeatSent(ALICE), "not logged in");
        assertTrue(m.onHeartbeatReceived(ALICE));
        assertTrue(m.onHeartbeatReceived(ALICE, 7));
        assertTrue(m.onInboundActivity(ALICE));
        assertTrue(m.onTransportActivity(ALICE), "activity on a live session refreshes it");
        assertTrue(m.onLoginStarted(ALICE));
        assertFalse(m.onLoginStarted(ALICE), "already pending");
        assertTrue(m.onLoginSucceeded(ALICE));
        assertTrue(m.onHeartbeatSent(ALICE));
        assertFalse(m.onReconnectFailed(ALICE, "not reconnecting"));
        assertTrue(m.onTransportDisconnected(ALICE, "gone"));
        assertFalse(m.onTransportDisconnected(ALICE, "gone again"));
        assertFalse(m.onHeartbeatReceived(ALICE), "not live");
        assertFalse(m.onHeartbeatReceived(ALICE, 8), "not live");
        assertFalse(m.onInboundActivity(ALICE), "not live");
        assertTrue(m.onTransportActivity(ALICE), "activity resumes a session that is not live");
        assertEquals(SessionState.TRANSPORT_CONNECTED, m.lookup(ALICE).orElseThrow().state());
        assertEquals(10, m.lookup(ALICE).orElseThrow().ignoredInputs(), "every ignored input is counted");
    }

    @Test
    void aLoginFailureIsAcceptedOnlyWhilePendingAndALoginCanStartAgainAfterIt() {
        MultiSessionManager m = manager();
        m.onTransportConnected(ALICE);
        assertTrue(m.onLoginStarted(ALICE));
        assertTrue(m.onLoginFailed(ALICE, "banned"));
        assertFalse(m.onLoginFailed(ALICE, "twice"));
        assertTrue(m.onLoginStarted(ALICE), "a new attempt after a failure");
    }

    @Test
    void inputsForAPeerWithNoSessionAreRefusedAndCounted() {
        MultiSessionManager m = manager();
        assertFalse(m.onLoginStarted(GHOST));
        assertFalse(m.onLoginSucceeded(GHOST));
        assertFalse(m.onLoginFailed(GHOST, "x"));
        assertFalse(m.onHeartbeatSent(GHOST));
        assertFalse(m.onHeartbeatReceived(GHOST));
        assertFalse(m.onHeartbeatReceived(GHOST, 1));
        assertFalse(m.onInboundActivity(GHOST));
        assertFalse(m.onReconnectFailed(GHOST, "x"));
        assertFalse(m.onTransportDisconnected(GHOST, "x"));
        assertEquals(9, m.inputsForUnknownPeers());
        assertEquals(0, m.size());
        assertFalse(m.remove(GHOST, "x"));
    }

    @Test
    void transportActivityOnASessionWhoseLoginFailedIsIgnored() {
        MultiSessionManager m = manager();
        m.onTransportConnected(ALICE);
        m.onLoginStarted(ALICE);
        m.onLoginFailed(ALICE, "banned");
        assertFalse(m.onTransportActivity(ALICE), "a failed login is not resumed by traffic: the peer logs in again");
        assertFalse(m.onTransportRestored(ALICE), "nor by a restored transport");
        assertEquals(SessionState.LOGIN_FAILED, m.lookup(ALICE).orElseThrow().state());
    }

    @Test
    void aFailedReconnectOfTheCoordinatorIsAcceptedOnlyWhileReconnecting() {
        MultiSessionManager m = MultiSessionManager.of(SessionPolicy.defaults().withReconnectDelayMs(0), clock);
        m.addListener(recorder);
        m.onTransportConnected(ALICE);
        clock.advance(6_000);
        m.evaluate();
        assertEquals(SessionState.RECONNECTING, m.lookup(ALICE).orElseThrow().state());
        assertTrue(m.onReconnectFailed(ALICE, "refused"));
        assertEquals(SessionState.RECONNECT_PENDING, m.lookup(ALICE).orElseThrow().state());
        assertEquals("refused", m.lookup(ALICE).orElseThrow().lastFailureReason().orElseThrow());
    }

    @Test
    void eachAcceptedInputIsDeliveredToListenersBeforeTheCallReturns() {
        MultiSessionManager m = manager();
        m.onTransportConnected(ALICE);
        assertEquals(1, recorder.events().size(), "delivered by the call that caused it, not by a later one");
        m.onLoginStarted(ALICE);
        assertEquals(2, recorder.events().size());
    }

    @Test
    void sessionManagerInputsReturnWhetherTheyWereAccepted() {
        SessionManager s = new SessionManager(ALICE, SessionPolicy.defaults().withReconnectDelayMs(0), clock);
        s.addListener(recorder);
        assertFalse(s.onLoginStarted(), "not connected");
        assertFalse(s.onInboundActivity(), "not connected");
        assertFalse(s.onHeartbeatReceived(), "not connected");
        assertFalse(s.onHeartbeatReceived(3), "not connected");
        assertTrue(s.onTransportConnected());
        assertFalse(s.onTransportConnected(), "already connected");
        assertTrue(s.onInboundActivity());
        assertFalse(s.onLoginSucceeded(), "no login started");
        assertFalse(s.onLoginFailed("late"), "no login started");
        assertTrue(s.onLoginStarted());
        assertFalse(s.onLoginStarted(), "already pending");
        assertTrue(s.onLoginSucceeded());
        assertFalse(s.onLoginSucceeded(), "already logged in");
        assertTrue(s.onHeartbeatSent());
        assertTrue(s.onHeartbeatReceived());
        assertTrue(s.onHeartbeatReceived(4));
        assertFalse(s.onReconnectFailed("not reconnecting"));
        clock.advance(6_000);
        s.evaluate();
        assertEquals(SessionState.RECONNECTING, s.state());
        assertTrue(s.onReconnectFailed("refused"));
        assertFalse(s.onReconnectFailed("refused again"), "already pending");
        assertTrue(s.onTransportDisconnected("stop"));
        assertFalse(s.onTransportDisconnected("stop again"));
        assertEquals(ALICE, s.peer());
        assertEquals(0, s.policy().reconnectDelayMs());
    }

    @Test
    void aSessionManagerLoginFailureReturnsTrueOnlyWhilePending() {
        SessionManager s = new SessionManager(ALICE, SessionPolicy.defaults(), clock);
        s.addListener(recorder);
        s.onTransportConnected();
        s.onLoginStarted();
        assertTrue(s.onLoginFailed("banned"));
        assertFalse(s.onLoginFailed("twice"));
        assertEquals(List.of(LifecycleEventKind.TRANSPORT_CONNECTED, LifecycleEventKind.LOGIN_STARTED,
                LifecycleEventKind.LOGIN_FAILED), recorder.kindsOf(ALICE));
    }
}
