package dev.peerlife.lifecycle;

import dev.peerlife.internal.Listeners;
import dev.peerlife.internal.Outbox;
import dev.peerlife.internal.SessionStateMachine;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One session's lifecycle (NSL-1..8): the client's session with its server, or the model every
 * managed session of a server follows. Inputs are the {@code on...} methods; {@link #evaluate()}
 * applies the time rules. An input that is illegal in the current state is ignored, counted and
 * described in {@link #snapshot()}, and the method returns {@code false}; see
 * {@code docs/state-machine.md} for the table.
 *
 * <p>A heartbeat answer refreshes liveness and RTT here; the server tick it carries is forwarded to
 * the {@link ClockSync} this manager was given (NSL-2), which keeps it, not this manager.
 *
 * <p>Threading: every method may be called from any thread; calls are serialised by one lock.
 * Listeners and snapshot sinks are called after the lock is released, in transition order (see
 * {@link SessionListener}). The clock is read once per call.
 */
public final class SessionManager {

    private final LifecycleClock clock;
    private final ClockSync clockSync;
    private final Object lock = new Object();
    private final SessionStateMachine machine;
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private final List<SnapshotSink> sinks = new CopyOnWriteArrayList<>();
    private final Outbox<Object> outbox;

    /** A session with the remote peer {@code peer}, starting Disconnected, with the reference's clock sync. */
    public SessionManager(PeerId peer, SessionPolicy policy, LifecycleClock clock) {
        this(peer, policy, clock, ClockSync.lastSampleWins());
    }

    /**
     * A session with the remote peer {@code peer}, starting Disconnected, that forwards the server
     * ticks of its heartbeat answers to {@code clockSync} (owned by the caller, for example the client
     * runtime).
     */
    public SessionManager(PeerId peer, SessionPolicy policy, LifecycleClock clock, ClockSync clockSync) {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.clockSync = Objects.requireNonNull(clockSync, "clockSync");
        this.outbox = new Outbox<>(this::deliver);
        this.machine = new SessionStateMachine(peer, new SessionStateMachine.Rules(policy, (m, event) -> {
            if (!listeners.isEmpty()) {
                outbox.add(new SessionEvent(m.peer(), event));
            }
            if (!sinks.isEmpty()) {
                outbox.add(m.snapshot(this.clockSync.serverTick()));
            }
        }), clock.nowMs());
    }

    public void addListener(SessionListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(SessionListener listener) {
        listeners.remove(listener);
    }

    /** Records a snapshot of the session after each of its events; see {@link SnapshotSink}. */
    public void addSnapshotSink(SnapshotSink sink) {
        sinks.add(Objects.requireNonNull(sink, "sink"));
    }

    public void removeSnapshotSink(SnapshotSink sink) {
        sinks.remove(sink);
    }

    /** Where this session's server-tick samples go. */
    public ClockSync clockSync() {
        return clockSync;
    }

    public PeerId peer() {
        return machine.peer();
    }

    public SessionPolicy policy() {
        return machine.policy();
    }

    public boolean onTransportConnected() {
        return apply(m -> m.transportConnected(clock.nowMs()));
    }

    public boolean onLoginStarted() {
        return apply(m -> m.loginStarted(clock.nowMs()));
    }

    public boolean onLoginSucceeded() {
        return apply(m -> m.loginSucceeded(clock.nowMs()));
    }

    public boolean onLoginFailed(String reason) {
        return apply(m -> m.loginFailed(clock.nowMs(), reason));
    }

    public boolean onHeartbeatSent() {
        return apply(m -> m.heartbeatSent(clock.nowMs()));
    }

    public boolean onHeartbeatReceived() {
        return apply(m -> m.heartbeatReceived(clock.nowMs()));
    }

    /**
     * A heartbeat answer carrying a server tick: liveness and RTT for the session; the tick goes to
     * the clock sync when the answer is accepted (an answer in a state that takes none is ignored,
     * tick and all).
     */
    public boolean onHeartbeatReceived(long serverTick) {
        return apply(m -> {
            long nowMs = clock.nowMs();
            if (m.acceptsHeartbeatAnswer()) {
                clockSync.observe(serverTick, nowMs);
            }
            return m.heartbeatReceived(nowMs);
        });
    }

    public boolean onInboundActivity() {
        return apply(m -> m.inboundActivity(clock.nowMs()));
    }

    public boolean onReconnectFailed(String reason) {
        return apply(m -> m.reconnectFailed(clock.nowMs(), reason));
    }

    public boolean onTransportDisconnected(String reason) {
        return apply(m -> m.transportDisconnected(clock.nowMs(), reason));
    }

    /**
     * Applies timeout and reconnect rules at the clock's current time and returns how many
     * milliseconds until this needs to run again ({@link Long#MAX_VALUE} when nothing is pending).
     * Heartbeat sending is the runtime's job: see {@link #isHeartbeatDue()}.
     */
    public long evaluate() {
        long nowMs = clock.nowMs();
        long delay;
        synchronized (lock) {
            machine.evaluate(nowMs);
            delay = machine.hasDeadline() ? Math.max(0, machine.nextDeadlineMs() - nowMs) : Long.MAX_VALUE;
        }
        outbox.drain();
        return delay;
    }

    /**
     * Whether this session may send heartbeats at all: it is LoggedIn (REF-2). Whether one is due
     * now is {@link #isHeartbeatDue()}.
     */
    public boolean canSendHeartbeat() {
        return state() == SessionState.LOGGED_IN;
    }

    public boolean isHeartbeatDue() {
        long nowMs = clock.nowMs();
        synchronized (lock) {
            return machine.isHeartbeatDue(nowMs);
        }
    }

    /** Milliseconds until a heartbeat is due, 0 if due now, {@link Long#MAX_VALUE} if not LoggedIn. */
    public long millisUntilHeartbeatDue() {
        long nowMs = clock.nowMs();
        synchronized (lock) {
            if (machine.state() != SessionState.LOGGED_IN) {
                return Long.MAX_VALUE;
            }
            return Math.max(0, machine.heartbeatDueMs() - nowMs);
        }
    }

    public SessionState state() {
        synchronized (lock) {
            return machine.state();
        }
    }

    public SessionSnapshot snapshot() {
        synchronized (lock) {
            return machine.snapshot(clockSync.serverTick());
        }
    }

    private boolean apply(Input input) {
        boolean accepted;
        synchronized (lock) {
            accepted = input.apply(machine);
        }
        outbox.drain();
        return accepted;
    }

    private void deliver(Object notice) {
        if (notice instanceof SessionEvent event) {
            Listeners.each(listeners, listener -> listener.onEvent(event));
        } else if (notice instanceof SessionSnapshot snapshot) {
            Listeners.each(sinks, sink -> sink.record(snapshot));
        }
    }

    @FunctionalInterface
    private interface Input {
        boolean apply(SessionStateMachine machine);
    }
}
