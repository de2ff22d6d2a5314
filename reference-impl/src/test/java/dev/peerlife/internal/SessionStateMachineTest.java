package dev.peerlife.internal;

import dev.peerlife.lifecycle.LifecycleEvent;
import dev.peerlife.lifecycle.PeerId;
import dev.peerlife.lifecycle.SessionPolicy;
import dev.peerlife.lifecycle.SessionState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The machine's own answers, which the managers build on: whether an evaluation changed anything,
 * which deadline is pending, when a heartbeat is due. Times start far from 0.
 */
class SessionStateMachineTest {

    private static final long T0 = 3_000_000_000L;

    private final List<LifecycleEvent> events = new ArrayList<>();

    private SessionStateMachine machine(SessionPolicy policy) {
        return new SessionStateMachine(PeerId.of("alice"), new SessionStateMachine.Rules(policy, (peer, e) -> events.add(e)), T0);
    }

    @Test
    void anEvaluationSaysWhetherItChangedAnything() {
        SessionStateMachine m = machine(SessionPolicy.defaults());
        assertFalse(m.evaluate(T0 + 100_000), "a disconnected session has no time rule");
        assertTrue(m.transportConnected(T0));
        assertFalse(m.evaluate(T0 + 5_999));
        assertTrue(m.evaluate(T0 + 6_000), "timed out and scheduled");
        assertEquals(SessionState.RECONNECT_PENDING, m.state());
        assertFalse(m.evaluate(T0 + 6_000), "idempotent for a given time");
        assertTrue(m.evaluate(T0 + 7_000));
        assertEquals(SessionState.RECONNECTING, m.state());
        assertFalse(m.evaluate(T0 + 7_000));
    }

    @Test
    void theDeadlineIsTheTimeoutWhileLiveTheReconnectWhilePendingAndNoneOtherwise() {
        SessionStateMachine m = machine(SessionPolicy.defaults().withAutoReconnect(true));
        assertFalse(m.hasDeadline());
        m.transportConnected(T0);
        assertTrue(m.hasDeadline());
        assertEquals(T0 + 6_000, m.nextDeadlineMs());
        m.loginStarted(T0 + 10);
        m.loginSucceeded(T0 + 20);
        assertEquals(T0 + 6_020, m.nextDeadlineMs(), "a login answer refreshes liveness");
        m.heartbeatReceived(T0 + 500);
        assertEquals(T0 + 6_500, m.nextDeadlineMs());
        m.evaluate(T0 + 6_500);
        assertTrue(m.hasDeadline());
        assertEquals(T0 + 7_500, m.nextDeadlineMs(), "the reconnect due time");
        m.evaluate(T0 + 7_500);
        assertEquals(SessionState.RECONNECTING, m.state());
        assertFalse(m.hasDeadline(), "reconnecting waits for the host");
        m.transportDisconnected(T0 + 8_000, null);
        assertFalse(m.hasDeadline());
    }

    @Test
    void withoutAutoReconnectATimedOutSessionHasNoDeadline() {
        SessionStateMachine m = machine(SessionPolicy.defaults().withAutoReconnect(false));
        m.transportConnected(T0);
        m.evaluate(T0 + 6_000);
        assertEquals(SessionState.TIMED_OUT, m.state());
        assertFalse(m.hasDeadline());
    }

    @Test
    void aHeartbeatIsDueOneIntervalAfterLoginThenAfterEachHeartbeatSent() {
        SessionStateMachine m = machine(SessionPolicy.defaults());
        m.transportConnected(T0);
        assertFalse(m.isHeartbeatDue(T0 + 10_000), "not logged in");
        m.loginStarted(T0);
        m.loginSucceeded(T0 + 100);
        assertEquals(T0 + 2_100, m.heartbeatDueMs());
        assertFalse(m.isHeartbeatDue(T0 + 2_099));
        assertTrue(m.isHeartbeatDue(T0 + 2_100));
        assertTrue(m.heartbeatSent(T0 + 2_200));
        assertFalse(m.isHeartbeatDue(T0 + 4_199));
        assertTrue(m.isHeartbeatDue(T0 + 4_200));
    }

    @Test
    void aLoginFailureRefreshesLivenessSoARetryTimesOutFromIt() {
        SessionStateMachine m = machine(SessionPolicy.defaults().withAutoReconnect(false));
        m.transportConnected(T0);
        m.loginStarted(T0);
        assertTrue(m.loginFailed(T0 + 5_000, "banned"));
        assertEquals(T0 + 5_000, m.snapshot(OptionalLong.empty()).lastLivenessMs());
        assertTrue(m.loginStarted(T0 + 5_500));
        m.evaluate(T0 + 10_999);
        assertEquals(SessionState.LOGIN_PENDING, m.state(), "timed from the failure, not from the connect");
        m.evaluate(T0 + 11_000);
        assertEquals(SessionState.TIMED_OUT, m.state());
        assertEquals(T0 + 5_000, m.snapshot(OptionalLong.empty()).lastLivenessMs(), "a timeout is not a liveness signal");
    }

    @Test
    void theMachineKeepsItsPolicyAndPeer() {
        SessionPolicy policy = SessionPolicy.defaults().withHeartbeatIntervalMs(700);
        SessionStateMachine m = machine(policy);
        assertSame(policy, m.policy());
        assertEquals(PeerId.of("alice"), m.peer());
        assertTrue(m.snapshot(OptionalLong.empty()).lastFailureReason().isEmpty());
    }
}
