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
 * <p>Threading: every method may be called from any thread; calls are serialised by one lock.
 * Listeners are called after the lock is released, in transition order (see {@link SessionListener}).
 * The clock is read once per call.
 */
public final class SessionManager {

    private final LifecycleClock clock;
    private final Object lock = new Object();
    private final SessionStateMachine machine;
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private final Outbox<SessionEvent> outbox;

    /** A session with the remote peer {@code peer}, starting Disconnected. */
    public SessionManager(PeerId peer, SessionPolicy policy, LifecycleClock clock) {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.outbox = new Outbox<>(this::deliver);
        this.machine = new SessionStateMachine(peer, new SessionStateMachine.Rules(policy, (p, event) -> {
            if (!listeners.isEmpty()) {
                outbox.add(new SessionEvent(p, event));
            }
        }), clock.nowMs());
    }

    public void addListener(SessionListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(SessionListener listener) {
        listeners.remove(listener);
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
        return apply(m -> m.heartbeatReceived(clock.nowMs(), false, 0));
    }

    public boolean onHeartbeatReceived(long serverTick) {
        return apply(m -> m.heartbeatReceived(clock.nowMs(), true, serverTick));
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
            return machine.snapshot();
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

    private void deliver(SessionEvent event) {
        Listeners.each(listeners, listener -> listener.onEvent(event));
    }

    @FunctionalInterface
    private interface Input {
        boolean apply(SessionStateMachine machine);
    }
}
