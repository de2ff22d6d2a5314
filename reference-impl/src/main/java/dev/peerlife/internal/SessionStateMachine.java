package dev.peerlife.internal;

import dev.peerlife.lifecycle.LifecycleEvent;
import dev.peerlife.lifecycle.LifecycleEventKind;
import dev.peerlife.lifecycle.PeerId;
import dev.peerlife.lifecycle.SessionPolicy;
import dev.peerlife.lifecycle.SessionSnapshot;
import dev.peerlife.lifecycle.SessionState;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

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

/**
 * One session's lifecycle: the transition table of {@code docs/state-machine.md}, applied by the
 * single method {@link #transition}. Every input either moves the session as the table says and
 * publishes one event, or is ignored: the state stays, nothing is published, and the input is
 * counted and described in the snapshot. Time comes in as an argument; the machine reads no clock.
 *
 * <p>Not thread-safe: {@code SessionManager} calls it under its lock, {@code MultiSessionManager} under
 * the session's monitor.
 * Open for extension only so that the coordinator can keep its per-session index fields in the same
 * object (one object per session, one cache miss per due session); the rules themselves are final.
 */
public class SessionStateMachine {

    /** For each event kind: the states it may happen in, and the state it leads to (null: unchanged). */
    private static final Map<LifecycleEventKind, Set<SessionState>> FROM = new EnumMap<>(LifecycleEventKind.class);
    private static final Map<LifecycleEventKind, SessionState> TO = new EnumMap<>(LifecycleEventKind.class);

    static {
        rule(TRANSPORT_CONNECTED, SessionState.TRANSPORT_CONNECTED, EnumSet.of(SessionState.DISCONNECTED,
                SessionState.TIMED_OUT, SessionState.RECONNECT_PENDING, SessionState.RECONNECTING));
        rule(LOGIN_STARTED, SessionState.LOGIN_PENDING,
                EnumSet.of(SessionState.TRANSPORT_CONNECTED, SessionState.LOGIN_FAILED));
        rule(LOGIN_SUCCEEDED, SessionState.LOGGED_IN, EnumSet.of(SessionState.LOGIN_PENDING));
        rule(LOGIN_FAILED, SessionState.LOGIN_FAILED, EnumSet.of(SessionState.LOGIN_PENDING));
        rule(HEARTBEAT_SENT, null, EnumSet.of(SessionState.LOGGED_IN));
        rule(HEARTBEAT_RECEIVED, null, EnumSet.of(SessionState.TRANSPORT_CONNECTED,
                SessionState.LOGIN_PENDING, SessionState.LOGGED_IN));
        rule(TIMED_OUT, SessionState.TIMED_OUT, EnumSet.of(SessionState.TRANSPORT_CONNECTED,
                SessionState.LOGIN_PENDING, SessionState.LOGGED_IN));
        rule(RECONNECT_SCHEDULED, SessionState.RECONNECT_PENDING,
                EnumSet.of(SessionState.TIMED_OUT, SessionState.RECONNECTING));
        rule(RECONNECT_STARTED, SessionState.RECONNECTING, EnumSet.of(SessionState.RECONNECT_PENDING));
        rule(DISCONNECTED, SessionState.DISCONNECTED, EnumSet.complementOf(EnumSet.of(SessionState.DISCONNECTED)));
    }

    private static void rule(LifecycleEventKind kind, SessionState to, Set<SessionState> from) {
        FROM.put(kind, from);
        TO.put(kind, to);
    }

    /** Whether {@code kind} may happen in {@code state}. */
    public static boolean isLegal(LifecycleEventKind kind, SessionState state) {
        return FROM.get(kind).contains(state);
    }

    /** The state {@code kind} leads to from {@code state}, assuming it is legal there. */
    public static SessionState target(LifecycleEventKind kind, SessionState state) {
        SessionState to = TO.get(kind);
        return to == null ? state : to;
    }

    /**
     * Where a machine publishes its events, with the machine itself so that the owner can take a
     * snapshot in the same step; one instance serves all machines of a manager. Called under the
     * owner's lock, after the transition's effects are applied.
     */
    @FunctionalInterface
    public interface Sink {
        void accept(SessionStateMachine machine, LifecycleEvent event);
    }

    /** What every session of one manager shares: the policy, its derived texts, and the sink. */
    public static final class Rules {
        final SessionPolicy policy;
        final String timeoutReason;
        final Sink sink;

        public Rules(SessionPolicy policy, Sink sink) {
            this.policy = policy;
            this.sink = sink;
            this.timeoutReason = "no liveness signal within the heartbeat timeout of "
                    + policy.heartbeatTimeoutMs() + " ms";
        }
    }

    private final PeerId peer;
    private final Rules rules;

    private SessionState state = SessionState.DISCONNECTED;
    private long stateSinceMs;
    private long lastLivenessMs;
    /** Heartbeat interval base: the login time, then the time of each heartbeat sent. */
    private long heartbeatBaseMs;
    private long lastHeartbeatSentMs;
    private boolean heartbeatSentThisConnection;
    private long rttMs;
    private boolean hasRtt;
    private long reconnectDueMs;
    private String lastFailureReason;
    private long ignoredInputs;
    private String lastIgnoredInput;

    public SessionStateMachine(PeerId peer, Rules rules, long createdAtMs) {
        this.peer = peer;
        this.rules = rules;
        this.stateSinceMs = createdAtMs;
        this.lastLivenessMs = createdAtMs;
    }

    public final PeerId peer() {
        return peer;
    }

    public final SessionState state() {
        return state;
    }

    public final SessionPolicy policy() {
        return rules.policy;
    }

    // ---- inputs: each returns whether it was accepted ----

    public final boolean transportConnected(long nowMs) {
        return transition(TRANSPORT_CONNECTED, nowMs, null);
    }

    public final boolean loginStarted(long nowMs) {
        return transition(LOGIN_STARTED, nowMs, null);
    }

    public final boolean loginSucceeded(long nowMs) {
        return transition(LOGIN_SUCCEEDED, nowMs, null);
    }

    public final boolean loginFailed(long nowMs, String reason) {
        return transition(LOGIN_FAILED, nowMs, reasonOrDefault(reason, "login rejected"));
    }

    public final boolean heartbeatSent(long nowMs) {
        return transition(HEARTBEAT_SENT, nowMs, null);
    }

    /**
     * A heartbeat answer: liveness and RTT (NSL-2). A server tick it carries is not the machine's:
     * the owner forwards it to the session's clock sync when {@link #acceptsHeartbeatAnswer()}, before
     * calling this, so that the event never precedes the sample.
     */
    public final boolean heartbeatReceived(long nowMs) {
        return transition(HEARTBEAT_RECEIVED, nowMs, null);
    }

    /** Whether a heartbeat answer would be accepted in the current state. */
    public final boolean acceptsHeartbeatAnswer() {
        return isLegal(HEARTBEAT_RECEIVED, state);
    }

    /** Any other inbound traffic: refreshes liveness in a live state, publishes nothing. */
    public final boolean inboundActivity(long nowMs) {
        if (!state.isLive()) {
            ignore("InboundActivity", nowMs);
            return false;
        }
        lastLivenessMs = nowMs;
        return true;
    }

    /** A reconnect attempt failed: back to ReconnectPending, due again after the reconnect delay. */
    public final boolean reconnectFailed(long nowMs, String reason) {
        if (state != SessionState.RECONNECTING) {
            ignore("ReconnectFailed", nowMs);
            return false;
        }
        return transition(RECONNECT_SCHEDULED, nowMs, reasonOrDefault(reason, "reconnect attempt failed"));
    }

    public final boolean transportDisconnected(long nowMs, String reason) {
        return transition(DISCONNECTED, nowMs, reasonOrDefault(reason, "transport disconnected"));
    }

    /**
     * Applies the time rules at {@code nowMs}: heartbeat timeout (NSL-6), reconnect scheduling and
     * start (NSL-7). Idempotent for a given time. Returns whether anything changed.
     */
    public final boolean evaluate(long nowMs) {
        boolean changed = false;
        while (true) {
            if (state.isLive() && (lastLivenessMs + rules.policy.heartbeatTimeoutMs()) - nowMs <= 0) {
                transition(TIMED_OUT, nowMs, rules.timeoutReason);
            } else if (state == SessionState.TIMED_OUT && rules.policy.autoReconnect()) {
                transition(RECONNECT_SCHEDULED, nowMs, "auto-reconnect after timeout");
            } else if (state == SessionState.RECONNECT_PENDING && reconnectDueMs - nowMs <= 0) {
                transition(RECONNECT_STARTED, nowMs, null);
            } else {
                return changed;
            }
            changed = true;
        }
    }

    /** Whether a deadline is pending at all; see {@link #nextDeadlineMs()}. */
    public final boolean hasDeadline() {
        return state.isLive() || state == SessionState.RECONNECT_PENDING
                || (state == SessionState.TIMED_OUT && rules.policy.autoReconnect());
    }

    /** When {@link #evaluate} next has work: the timeout or the reconnect due time. */
    public final long nextDeadlineMs() {
        if (state.isLive()) {
            return lastLivenessMs + rules.policy.heartbeatTimeoutMs();
        }
        if (state == SessionState.RECONNECT_PENDING) {
            return reconnectDueMs;
        }
        return stateSinceMs;
    }

    /** NSL-5: a heartbeat may be sent only when LoggedIn, once the interval has passed since the last. */
    public final boolean isHeartbeatDue(long nowMs) {
        return state == SessionState.LOGGED_IN && (heartbeatBaseMs + rules.policy.heartbeatIntervalMs()) - nowMs <= 0;
    }

    /** When the next heartbeat is due; meaningful only while LoggedIn. */
    public final long heartbeatDueMs() {
        return heartbeatBaseMs + rules.policy.heartbeatIntervalMs();
    }

    /** A snapshot of this session, showing {@code serverTick} (its clock sync's) as the last server tick. */
    public final SessionSnapshot snapshot(OptionalLong serverTick) {
        return new SessionSnapshot(peer, state, stateSinceMs, lastLivenessMs,
                hasRtt ? OptionalLong.of(rttMs) : OptionalLong.empty(), serverTick,
                Optional.ofNullable(lastFailureReason), ignoredInputs, Optional.ofNullable(lastIgnoredInput));
    }

    /**
     * The one place state changes: checks the move against the table, applies the event's effect
     * on the session's records, and publishes the event. An illegal move is ignored and recorded.
     */
    private boolean transition(LifecycleEventKind kind, long nowMs, String reason) {
        SessionState previous = state;
        if (!isLegal(kind, previous)) {
            ignore(kind.specName(), nowMs);
            return false;
        }
        SessionState next = target(kind, previous);
        switch (kind) {
            case TRANSPORT_CONNECTED -> {
                lastLivenessMs = nowMs;
                heartbeatSentThisConnection = false;
            }
            case LOGIN_SUCCEEDED -> {
                lastLivenessMs = nowMs;
                heartbeatBaseMs = nowMs;
            }
            case LOGIN_FAILED, TIMED_OUT -> {
                lastLivenessMs = kind == LOGIN_FAILED ? nowMs : lastLivenessMs;
                lastFailureReason = reason;
            }
            case HEARTBEAT_SENT -> {
                lastHeartbeatSentMs = nowMs;
                heartbeatBaseMs = nowMs;
                heartbeatSentThisConnection = true;
            }
            case HEARTBEAT_RECEIVED -> {
                lastLivenessMs = nowMs;
                if (heartbeatSentThisConnection) {
                    rttMs = nowMs - lastHeartbeatSentMs;
                    hasRtt = true;
                }
            }
            case RECONNECT_SCHEDULED -> {
                reconnectDueMs = nowMs + rules.policy.reconnectDelayMs();
                if (previous == SessionState.RECONNECTING) {
                    lastFailureReason = reason;
                }
            }
            case LOGIN_STARTED, RECONNECT_STARTED, DISCONNECTED -> {
            }
        }
        if (next != previous) {
            state = next;
            stateSinceMs = nowMs;
        }
        rules.sink.accept(this, new LifecycleEvent(kind, previous, next, nowMs, reason));
        return true;
    }

    private void ignore(String input, long nowMs) {
        ignoredInputs++;
        lastIgnoredInput = input + " ignored in state " + state.specName() + " at " + nowMs;
    }

    private static String reasonOrDefault(String reason, String fallback) {
        return reason == null || reason.isBlank() ? fallback : reason;
    }
}
