package dev.peerlife.lifecycle;

import dev.peerlife.internal.Listeners;
import dev.peerlife.testing.CapturedLog;
import dev.peerlife.testing.ManualClock;
import dev.peerlife.testing.RecordingListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static dev.peerlife.lifecycle.LifecycleEventKind.DISCONNECTED;
import static dev.peerlife.lifecycle.LifecycleEventKind.HEARTBEAT_RECEIVED;
import static dev.peerlife.lifecycle.LifecycleEventKind.HEARTBEAT_SENT;
import static dev.peerlife.lifecycle.LifecycleEventKind.LOGIN_FAILED;
import static dev.peerlife.lifecycle.LifecycleEventKind.LOGIN_STARTED;
import static dev.peerlife.lifecycle.LifecycleEventKind.LOGIN_SUCCEEDED;
import static dev.peerlife.lifecycle.LifecycleEventKind.RECONNECT_SCHEDULED;
import static dev.peerlife.lifecycle.LifecycleEventKind.RECONNECT_STARTED;
import static dev.peerlife.lifecycle.LifecycleEventKind.TIMED_OUT;
import static dev.peerlife.lifecycle.LifecycleEventKind.TRANSPORT_CONNECTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionManagerTest {

    private static final PeerId SERVER = PeerId.of("server");
    private final ManualClock clock = new ManualClock(1_000);
    private final RecordingListener recorder = new RecordingListener();

    private SessionManager session(SessionPolicy policy) {
        SessionManager session = new SessionManager(SERVER, policy, clock);
        session.addListener(recorder);
        return session;
    }

    private SessionManager loggedIn(SessionPolicy policy) {
        SessionManager session = session(policy);
        session.onTransportConnected();
        session.onLoginStarted();
        session.onLoginSucceeded();
        return session;
    }

    @AfterEach
    void chainsAreConsistent() {
        recorder.assertChainsConsistent();
    }

    @Test
    void nsl1_everyEventCarriesKindStatesTimeAndReason() {
        SessionManager session = session(SessionPolicy.defaults());
        session.onTransportConnected();
        clock.advance(5);
        session.onLoginStarted();
        session.onLoginFailed("bad token");
        LifecycleEvent failed = recorder.eventsOf(SERVER).get(2);
        assertEquals(LOGIN_FAILED, failed.kind());
        assertEquals(SessionState.LOGIN_PENDING, failed.previous());
        assertEquals(SessionState.LOGIN_FAILED, failed.current());
        assertEquals(1_005, failed.timeMs());
        assertEquals("bad token", failed.reason());
    }

    @Test
    void nsl2_transportConnectDoesNotImplyLogin() {
        SessionManager session = session(SessionPolicy.defaults());
        session.onTransportConnected();
        assertEquals(SessionState.TRANSPORT_CONNECTED, session.state());
        session.onLoginStarted();
        assertEquals(SessionState.LOGIN_PENDING, session.state());
        assertEquals(List.of(TRANSPORT_CONNECTED, LOGIN_STARTED), recorder.kindsOf(SERVER));
    }

    @Test
    void nsl2_loginSuccessBeforeLoginStartedIsIgnored() {
        SessionManager session = session(SessionPolicy.defaults());
        session.onTransportConnected();
        assertFalse(session.onLoginSucceeded());
        assertEquals(SessionState.TRANSPORT_CONNECTED, session.state());
    }

    @Test
    void nsl3_loginSuccessMovesToLoggedInAsItsOwnEvent() {
        SessionManager session = loggedIn(SessionPolicy.defaults());
        assertEquals(SessionState.LOGGED_IN, session.state());
        LifecycleEvent last = recorder.eventsOf(SERVER).get(2);
        assertEquals(LOGIN_SUCCEEDED, last.kind());
        assertEquals(SessionState.LOGIN_PENDING, last.previous());
        assertEquals(SessionState.LOGGED_IN, last.current());
    }

    @Test
    void nsl4_loginFailureIsDistinctFromDisconnectAndTimeout() {
        SessionManager session = session(SessionPolicy.defaults());
        session.onTransportConnected();
        session.onLoginStarted();
        assertTrue(session.onLoginFailed("unknown player"));
        assertEquals(SessionState.LOGIN_FAILED, session.state());
        assertEquals("unknown player", session.snapshot().lastFailureReason().orElseThrow());
        clock.advance(60_000);
        session.evaluate();
        assertEquals(SessionState.LOGIN_FAILED, session.state(), "a failed login does not turn into a timeout");
        assertFalse(recorder.kindsOf(SERVER).contains(TIMED_OUT));
        assertFalse(recorder.kindsOf(SERVER).contains(DISCONNECTED));
    }

    @Test
    void nsl5_heartbeatAnswerSetsRttAndServerTickWithoutChangingLoginState() {
        SessionManager session = loggedIn(SessionPolicy.defaults());
        clock.advance(2_000);
        assertTrue(session.onHeartbeatSent());
        clock.advance(37);
        assertTrue(session.onHeartbeatReceived(424_242));
        SessionSnapshot snapshot = session.snapshot();
        assertEquals(SessionState.LOGGED_IN, snapshot.state());
        assertEquals(37, snapshot.rttMs().getAsLong());
        assertEquals(424_242, snapshot.lastServerTick().getAsLong());
        assertEquals(clock.nowMs(), snapshot.lastLivenessMs());
        List<LifecycleEvent> events = recorder.eventsOf(SERVER);
        for (LifecycleEvent e : events.subList(3, events.size())) {
            assertEquals(e.previous(), e.current(), "heartbeat events keep the state: " + e);
        }
        assertEquals(List.of(HEARTBEAT_SENT, HEARTBEAT_RECEIVED),
                recorder.kindsOf(SERVER).subList(3, 5));
    }

    @Test
    void nsl5_heartbeatMayBeSentOnlyWhenLoggedIn() {
        SessionManager session = session(SessionPolicy.defaults());
        session.onTransportConnected();
        clock.advance(10_000);
        assertFalse(session.isHeartbeatDue());
        assertFalse(session.onHeartbeatSent());
        assertEquals(1, session.snapshot().ignoredInputs());
    }

    @Test
    void nsl5_heartbeatIsDueOnceTheIntervalHasPassedSinceTheLastOne() {
        SessionManager session = loggedIn(SessionPolicy.defaults());
        clock.advance(1_999);
        assertFalse(session.isHeartbeatDue());
        assertEquals(1, session.millisUntilHeartbeatDue());
        clock.advance(1);
        assertTrue(session.isHeartbeatDue());
        session.onHeartbeatSent();
        assertFalse(session.isHeartbeatDue());
        clock.advance(2_000);
        assertTrue(session.isHeartbeatDue());
    }

    @Test
    void nsl6_timeoutWithoutLivenessMovesToTimedOutWithReason() {
        SessionManager session = loggedIn(SessionPolicy.defaults().withAutoReconnect(false));
        clock.advance(5_999);
        assertEquals(1, session.evaluate());
        assertEquals(SessionState.LOGGED_IN, session.state());
        clock.advance(1);
        session.evaluate();
        assertEquals(SessionState.TIMED_OUT, session.state());
        assertTrue(session.snapshot().lastFailureReason().orElseThrow().contains("heartbeat timeout of 6000 ms"));
    }

    @Test
    void nsl6_anyLivenessSignalPostponesTheTimeout() {
        SessionManager session = loggedIn(SessionPolicy.defaults().withAutoReconnect(false));
        clock.advance(5_000);
        session.onInboundActivity();
        clock.advance(5_000);
        session.evaluate();
        assertEquals(SessionState.LOGGED_IN, session.state());
        session.onHeartbeatReceived();
        clock.advance(5_999);
        session.evaluate();
        assertEquals(SessionState.LOGGED_IN, session.state());
    }

    @Test
    void nsl7_withAutoReconnectATimeoutIsScheduledThenStartedAfterTheDelay() {
        SessionManager session = loggedIn(SessionPolicy.defaults());
        clock.advance(6_000);
        assertEquals(1_000, session.evaluate());
        assertEquals(SessionState.RECONNECT_PENDING, session.state());
        clock.advance(999);
        session.evaluate();
        assertEquals(SessionState.RECONNECT_PENDING, session.state());
        clock.advance(1);
        session.evaluate();
        assertEquals(SessionState.RECONNECTING, session.state());
        assertEquals(List.of(TIMED_OUT, RECONNECT_SCHEDULED, RECONNECT_STARTED),
                recorder.kindsOf(SERVER).subList(3, 6));
        assertTrue(session.onTransportConnected());
        assertEquals(SessionState.TRANSPORT_CONNECTED, session.state());
    }

    @Test
    void nsl7_withoutAutoReconnectATimedOutSessionStaysTimedOut() {
        SessionManager session = loggedIn(SessionPolicy.defaults().withAutoReconnect(false));
        clock.advance(6_000);
        assertEquals(Long.MAX_VALUE, session.evaluate());
        clock.advance(600_000);
        session.evaluate();
        assertEquals(SessionState.TIMED_OUT, session.state());
        assertFalse(recorder.kindsOf(SERVER).contains(RECONNECT_SCHEDULED));
    }

    @Test
    void nsl7_aFailedReconnectIsScheduledAgainWithItsReason() {
        SessionManager session = loggedIn(SessionPolicy.defaults());
        clock.advance(6_000);
        session.evaluate();
        clock.advance(1_000);
        session.evaluate();
        assertEquals(SessionState.RECONNECTING, session.state());
        assertTrue(session.onReconnectFailed("connection refused"));
        assertEquals(SessionState.RECONNECT_PENDING, session.state());
        assertEquals("connection refused", session.snapshot().lastFailureReason().orElseThrow());
        assertEquals(1_000, session.evaluate());
    }

    @Test
    void nsl7_zeroReconnectDelayStartsTheReconnectInTheSameEvaluation() {
        SessionManager session = loggedIn(SessionPolicy.defaults().withReconnectDelayMs(0));
        clock.advance(6_000);
        session.evaluate();
        assertEquals(SessionState.RECONNECTING, session.state());
    }

    @Test
    void illegalInputIsIgnoredCountedAndDescribedWithoutAnEvent() {
        SessionManager session = session(SessionPolicy.defaults());
        assertFalse(session.onLoginSucceeded());
        assertFalse(session.onHeartbeatReceived());
        assertFalse(session.onInboundActivity());
        assertFalse(session.onTransportDisconnected("already down"));
        SessionSnapshot snapshot = session.snapshot();
        assertEquals(SessionState.DISCONNECTED, snapshot.state());
        assertEquals(4, snapshot.ignoredInputs());
        assertTrue(snapshot.lastIgnoredInput().orElseThrow().startsWith("Disconnected ignored in state Disconnected"),
                snapshot.lastIgnoredInput().orElseThrow());
        assertTrue(recorder.events().isEmpty());
    }

    @Test
    void snf1_disconnectFromAnyStateReportsDisconnected() {
        SessionManager session = loggedIn(SessionPolicy.defaults());
        assertTrue(session.onTransportDisconnected("peer closed"));
        LifecycleEvent last = recorder.eventsOf(SERVER).get(3);
        assertEquals(DISCONNECTED, last.kind());
        assertEquals("peer closed", last.reason());
    }

    @Test
    void deadlinesSurviveAClockThatWrapsPastLongMaxValue() {
        clock.set(Long.MAX_VALUE - 3_000);
        SessionManager session = loggedIn(SessionPolicy.defaults().withAutoReconnect(false));
        clock.advance(5_999);
        session.evaluate();
        assertEquals(SessionState.LOGGED_IN, session.state());
        assertTrue(clock.nowMs() < 0, "the clock has wrapped");
        clock.advance(1);
        session.evaluate();
        assertEquals(SessionState.TIMED_OUT, session.state());
    }

    @Test
    void aThrowingListenerDoesNotStopTheLifecycleOrOtherListeners() {
        SessionManager session = new SessionManager(SERVER, SessionPolicy.defaults(), clock);
        SessionListener buggy = new SessionListener() {
            @Override
            public void onEvent(SessionEvent event) {
                throw new IllegalStateException("listener bug");
            }
        };
        session.addListener(buggy);
        session.addListener(recorder);
        try (CapturedLog log = CapturedLog.of(Listeners.class)) {
            assertTrue(session.onTransportConnected());
            assertEquals(List.of(TRANSPORT_CONNECTED), recorder.kindsOf(SERVER));
            assertNotEquals(SessionState.DISCONNECTED, session.state());
            // The failure is logged as a warning with its cause, once, not swallowed.
            List<LogRecord> records = log.records();
            assertEquals(1, records.size(), "one warning: " + records);
            assertEquals(Level.WARNING, records.get(0).getLevel());
            assertEquals("listener " + buggy + " failed", records.get(0).getMessage());
            assertEquals("listener bug", records.get(0).getThrown().getMessage());
        }
    }
}
