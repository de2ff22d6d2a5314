package dev.peerlife.lifecycle;

import dev.peerlife.internal.Listeners;
import dev.peerlife.internal.Outbox;
import dev.peerlife.internal.SessionStateMachine;
import dev.peerlife.internal.TimerWheel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The multi-session coordinator (MSL-1..3, PRO-2, PRO-3): one independent lifecycle per remote
 * identity, each following exactly the rules of {@link SessionManager}.
 *
 * <p>Inputs name the peer they belong to and touch only that peer's session. {@link #evaluate()}
 * applies the time rules to the sessions that are due, found through a deadline index, so its cost
 * follows the number of due sessions, not the number of sessions; it returns how long until the next
 * deadline. With a resume window ({@link Builder#resumeGraceMs}), a session that has left the live
 * states (timed out, disconnected, login failed) and does not come back within the window is evicted
 * with a reason; see {@code docs/identity-and-reconnect.md}.
 *
 * <p>Each managed session is its lifecycle plus its own {@link ClockSync}, made by the builder's
 * factory: a heartbeat answer's server tick goes there (NSL-2), and snapshots show its tick.
 *
 * <p>Threading: every method may be called from any thread (transport threads and the host's
 * lifecycle loop at once). One lock guards the session map and the deadline index; each session's
 * own state is guarded by its session's monitor as well, taken after that lock. A heartbeat answer
 * or other inbound activity for a live session, which only moves its deadline later (the most
 * frequent inputs of a server), takes its session's monitor alone, so that transport threads serving
 * different peers share no lock. No listener is called and no I/O happens under either. Listeners are called after the locks are
 * released, one at a time, each session's in its transition order; see {@code docs/threading.md}.
 */
public final class MultiSessionManager {

    private final SessionPolicy policy;
    private final SessionStateMachine.Rules rules;
    private final LifecycleClock clock;
    private final long resumeGraceMs;
    private final Object lock = new Object();
    /** Written under {@code lock}; read without it only by the heartbeat path. */
    private final Map<PeerId, Entry> sessions = new ConcurrentHashMap<>();
    private final TimerWheel deadlines;
    private final List<TimerWheel.Node> dueBuffer = new ArrayList<>();
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private final List<SnapshotSink> sinks = new CopyOnWriteArrayList<>();
    private final Supplier<ClockSync> clockSyncs;
    private final Outbox<Object> outbox = new Outbox<>(this::deliver);
    /** Listeners that want heartbeat events; see {@link SessionListener#wantsHeartbeatEvents()}. */
    private volatile int heartbeatListeners;
    private long inputsForUnknownPeers;
    /** Set by {@link #close}: no session is created from then on. Guarded by {@code lock}. */
    private boolean closed;

    private MultiSessionManager(Builder builder) {
        this.policy = builder.policy;
        this.clock = builder.clock;
        this.resumeGraceMs = builder.resumeGraceMs;
        this.clockSyncs = builder.clockSync;
        this.deadlines = new TimerWheel(clock.nowMs());
        this.rules = new SessionStateMachine.Rules(policy, (machine, event) -> {
            // Nobody to tell: skip the notice altogether.
            if (!listeners.isEmpty() && (heartbeatListeners > 0 || !isHeartbeat(event.kind()))) {
                outbox.add(new SessionEvent(machine.peer(), event));
            }
            if (!sinks.isEmpty()) {
                outbox.add(((Entry) machine).snapshot());
            }
        });
    }

    /** A coordinator without eviction: sessions stay until removed. */
    public static MultiSessionManager of(SessionPolicy policy, LifecycleClock clock) {
        return builder().policy(policy).clock(clock).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public SessionPolicy policy() {
        return policy;
    }

    public void addListener(SessionListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        countHeartbeatListeners();
    }

    public void removeListener(SessionListener listener) {
        listeners.remove(listener);
        countHeartbeatListeners();
    }

    /** Records a snapshot of a session after each of its events, for every session; see {@link SnapshotSink}. */
    public void addSnapshotSink(SnapshotSink sink) {
        sinks.add(Objects.requireNonNull(sink, "sink"));
    }

    public void removeSnapshotSink(SnapshotSink sink) {
        sinks.remove(sink);
    }

    private void countHeartbeatListeners() {
        heartbeatListeners = (int) listeners.stream().filter(SessionListener::wantsHeartbeatEvents).count();
    }

    private static boolean isHeartbeat(LifecycleEventKind kind) {
        return kind == LifecycleEventKind.HEARTBEAT_RECEIVED || kind == LifecycleEventKind.HEARTBEAT_SENT;
    }

    // ---- per-peer inputs ----

    /**
     * Returns the peer's session, creating it in Disconnected when absent. Publishes nothing, so a
     * host may call it under a lock of its own.
     *
     * @throws IllegalStateException when the peer has no session and the coordinator is closed
     */
    public SessionSnapshot getOrCreate(PeerId peer) {
        synchronized (lock) {
            Entry entry = entryOrCreate(peer, clock.nowMs());
            if (entry == null) {
                throw new IllegalStateException("the coordinator is closed: no new session for " + peer);
            }
            synchronized (entry) {
                return entry.snapshot();
            }
        }
    }

    /** The transport of {@code peer} connected (or reconnected): creates the session when absent. */
    public boolean onTransportConnected(PeerId peer) {
        return applyCreating(peer, (m, nowMs) -> m.transportConnected(nowMs));
    }

    /**
     * Transport activity from {@code peer}: creates the session when absent, resumes it when it is
     * not live (TransportConnected), and otherwise refreshes its liveness.
     */
    public boolean onTransportActivity(PeerId peer) {
        return applyCreating(peer, (m, nowMs) -> m.state().isLive() ? m.inboundActivity(nowMs) : m.transportConnected(nowMs));
    }

    /**
     * The transport of a peer that already has a session is usable again (a host bound a new
     * connection to it, or traffic arrived on one): TransportConnected when the session is not live,
     * a liveness refresh when it is. Unlike {@link #onTransportActivity} it never creates a session:
     * for a peer with none (removed a moment ago, or after {@link #close}) it returns false and
     * counts an input for an unknown peer. Hosts that create sessions themselves use it so that a
     * removal racing with their input cannot bring a session back.
     */
    public boolean onTransportRestored(PeerId peer) {
        return apply(peer, (m, nowMs) -> m.state().isLive() ? m.inboundActivity(nowMs) : m.transportConnected(nowMs));
    }

    public boolean onLoginStarted(PeerId peer) {
        return apply(peer, (m, nowMs) -> m.loginStarted(nowMs));
    }

    public boolean onLoginSucceeded(PeerId peer) {
        return apply(peer, (m, nowMs) -> m.loginSucceeded(nowMs));
    }

    public boolean onLoginFailed(PeerId peer, String reason) {
        return apply(peer, (m, nowMs) -> m.loginFailed(nowMs, reason));
    }

    public boolean onHeartbeatSent(PeerId peer) {
        return apply(peer, (m, nowMs) -> m.heartbeatSent(nowMs));
    }

    public boolean onHeartbeatReceived(PeerId peer) {
        return apply(peer, (m, nowMs) -> m.heartbeatReceived(nowMs));
    }

    /**
     * A heartbeat answer for {@code peer} carrying a server tick: liveness and RTT for its session;
     * the tick goes to the session's clock sync when the answer is accepted.
     */
    public boolean onHeartbeatReceived(PeerId peer, long serverTick) {
        // The most frequent input of a server: written out, without the capturing lambda of apply().
        Objects.requireNonNull(peer, "peer");
        Entry alone = sessions.get(peer);
        if (alone != null) {
            boolean applied = false;
            synchronized (alone) {
                long nowMs = clock.nowMs();
                if (refreshesAlone(alone, nowMs) && alone.acceptsHeartbeatAnswer()) {
                    alone.clockSync.observe(serverTick, nowMs);
                    applied = alone.heartbeatReceived(nowMs);
                }
            }
            if (applied) {
                // Outside the monitor: draining may call listeners, which may call back in.
                return drained(true);
            }
        }
        boolean accepted;
        synchronized (lock) {
            Entry entry = sessions.get(peer);
            if (entry == null) {
                inputsForUnknownPeers++;
                return false;
            }
            synchronized (entry) {
                long nowMs = clock.nowMs();
                if (entry.acceptsHeartbeatAnswer()) {
                    entry.clockSync.observe(serverTick, nowMs); // before the event, which must not precede it
                }
                accepted = entry.heartbeatReceived(nowMs);
                afterInput(entry, nowMs);
            }
        }
        return drained(accepted);
    }

    /**
     * Whether an input that refreshes {@code entry}'s liveness at {@code nowMs} may be applied under
     * the entry's monitor alone, without the coordinator's lock: the session is live and the
     * deadline the index holds for it is not later than the one the refresh gives it. Then what
     * {@link #afterInput} would do is nothing: the index is lazy about deadlines that move later.
     * The rest follows from being live: {@link #afterInput} has armed a live session's deadline and
     * no resume window, and a removed session is Disconnected. The deadline is read from the entry,
     * where only {@link TimerWheel#schedule} writes it, under both locks; the index's links, which
     * other entries' moves change, are not read. When {@link #evaluate} has taken the entry out of
     * the index as due and not yet reached it, the entry still shows that deadline, which is right:
     * evaluate re-arms the entry under both locks when it gets there. Called holding the entry's
     * monitor.
     */
    private boolean refreshesAlone(Entry entry, long nowMs) {
        return entry.state().isLive() && (nowMs + policy.heartbeatTimeoutMs()) - entry.wheelDeadlineMs() >= 0;
    }

    private boolean drained(boolean accepted) {
        outbox.drain();
        return accepted;
    }

    public boolean onInboundActivity(PeerId peer) {
        Objects.requireNonNull(peer, "peer");
        Entry alone = sessions.get(peer);
        if (alone != null) {
            boolean applied = false;
            synchronized (alone) {
                long nowMs = clock.nowMs();
                if (refreshesAlone(alone, nowMs)) {
                    applied = alone.inboundActivity(nowMs);
                }
            }
            if (applied) {
                return drained(true);
            }
        }
        return apply(peer, (m, nowMs) -> m.inboundActivity(nowMs));
    }

    public boolean onReconnectFailed(PeerId peer, String reason) {
        return apply(peer, (m, nowMs) -> m.reconnectFailed(nowMs, reason));
    }

    public boolean onTransportDisconnected(PeerId peer, String reason) {
        return apply(peer, (m, nowMs) -> m.transportDisconnected(nowMs, reason));
    }

    // ---- evaluation ----

    /**
     * Applies timeout, reconnect and eviction rules to the sessions due at the clock's current
     * time, and returns how many milliseconds until the next deadline ({@link Long#MAX_VALUE} when
     * none). The result may be early, never late: waking at it and evaluating again is always right.
     */
    public long evaluate() {
        long delay;
        synchronized (lock) {
            long nowMs = clock.nowMs();
            deadlines.advance(nowMs, dueBuffer);
            try {
                for (TimerWheel.Node node : dueBuffer) {
                    Entry entry = (Entry) node;
                    synchronized (entry) {
                        entry.evaluate(nowMs);
                        if (entry.evictArmed && entry.evictAtMs - nowMs <= 0) {
                            removeLocked(entry, nowMs, "resume window of " + resumeGraceMs + " ms expired in state "
                                    + entry.state().specName());
                        } else {
                            afterInput(entry, nowMs);
                        }
                    }
                }
            } finally {
                dueBuffer.clear(); // even when user code (a clock sync) threw: never act on them twice
            }
            delay = deadlines.millisUntilNext(nowMs);
        }
        outbox.drain();
        return delay;
    }

    /** Milliseconds until the next deadline, 0 if one is due, {@link Long#MAX_VALUE} if none. */
    public long millisUntilNextDeadline() {
        synchronized (lock) {
            return deadlines.millisUntilNext(clock.nowMs());
        }
    }

    // ---- observation ----

    public Optional<SessionSnapshot> lookup(PeerId peer) {
        synchronized (lock) {
            Entry entry = sessions.get(peer);
            if (entry == null) {
                return Optional.empty();
            }
            synchronized (entry) {
                return Optional.of(entry.snapshot());
            }
        }
    }

    /**
     * Every managed session, ordered by peer, taken under the lock: which sessions exist and their
     * states are one instant. A heartbeat answer taken meanwhile without the lock (see the class
     * comment) may refresh the liveness time of a session taken after another.
     */
    public List<SessionSnapshot> sessions() {
        List<SessionSnapshot> out;
        synchronized (lock) {
            out = new ArrayList<>(sessions.size());
            for (Entry entry : sessions.values()) {
                synchronized (entry) {
                    out.add(entry.snapshot());
                }
            }
        }
        out.sort((a, b) -> a.peer().compareTo(b.peer()));
        return Collections.unmodifiableList(out);
    }

    public int size() {
        synchronized (lock) {
            return sessions.size();
        }
    }

    /** Inputs that named a peer with no session (other than connect and activity, which create one). */
    public long inputsForUnknownPeers() {
        synchronized (lock) {
            return inputsForUnknownPeers;
        }
    }

    // ---- removal ----

    /**
     * Removes one session (MSL-3): publishes Disconnected with {@code reason} if it was not already
     * Disconnected, then a {@link SessionRemoved} notice. Other sessions are untouched. Returns
     * whether the peer had a session.
     */
    public boolean remove(PeerId peer, String reason) {
        boolean removed;
        synchronized (lock) {
            Entry entry = sessions.get(peer);
            removed = entry != null;
            if (removed) {
                synchronized (entry) {
                    removeLocked(entry, clock.nowMs(), reason);
                }
            }
        }
        outbox.drain();
        return removed;
    }

    /** Removes every session, as {@link #remove} does for each, in peer order. Returns how many. */
    public int removeAll(String reason) {
        return removeAll(reason, false);
    }

    /**
     * Removes every session as {@link #removeAll} does and closes the coordinator in the same step:
     * from then on no input creates a session (such inputs count as inputs for unknown peers). A
     * stopping host calls it, so that a connection racing with the stop cannot leave a session
     * behind. Idempotent; returns how many sessions it removed.
     */
    public int close(String reason) {
        return removeAll(reason, true);
    }

    /** Whether {@link #close} was called. */
    public boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    private int removeAll(String reason, boolean close) {
        int count;
        synchronized (lock) {
            closed |= close;
            List<Entry> all = new ArrayList<>(sessions.values());
            all.sort((a, b) -> a.peer().compareTo(b.peer()));
            for (Entry entry : all) {
                synchronized (entry) {
                    removeLocked(entry, clock.nowMs(), reason);
                }
            }
            count = all.size();
        }
        outbox.drain();
        return count;
    }

    // ---- internals ----

    private boolean apply(PeerId peer, Input input) {
        Objects.requireNonNull(peer, "peer");
        boolean accepted;
        synchronized (lock) {
            Entry entry = sessions.get(peer);
            if (entry == null) {
                inputsForUnknownPeers++;
                return false;
            }
            synchronized (entry) {
                long nowMs = clock.nowMs();
                accepted = input.apply(entry, nowMs);
                afterInput(entry, nowMs);
            }
        }
        return drained(accepted);
    }

    private boolean applyCreating(PeerId peer, Input input) {
        Objects.requireNonNull(peer, "peer");
        boolean accepted;
        synchronized (lock) {
            Entry entry = entryOrCreate(peer, clock.nowMs());
            if (entry == null) {
                inputsForUnknownPeers++;
                return false;
            }
            synchronized (entry) {
                long nowMs = clock.nowMs();
                accepted = input.apply(entry, nowMs);
                afterInput(entry, nowMs);
            }
        }
        return drained(accepted);
    }

    /**
     * The peer's entry, created when absent; null when absent and the coordinator is closed. Called
     * holding the lock.
     */
    private Entry entryOrCreate(PeerId peer, long nowMs) {
        Entry entry = sessions.get(peer);
        if (entry == null) {
            if (closed) {
                return null;
            }
            entry = new Entry(peer, rules, nowMs, Objects.requireNonNull(clockSyncs.get(), "clockSync factory returned null"));
            synchronized (entry) {
                afterInput(entry, nowMs);
            }
            sessions.put(peer, entry);
        }
        return entry;
    }

    /**
     * Re-arms the eviction window and makes sure the index holds the entry's earliest deadline.
     * Called holding the lock and the entry's monitor.
     */
    private void afterInput(Entry entry, long nowMs) {
        if (resumeGraceMs > 0) {
            if (entry.state().isLive()) {
                entry.evictArmed = false;
            } else if (!entry.evictArmed) {
                entry.evictArmed = true;
                entry.evictAtMs = nowMs + resumeGraceMs;
            }
        }
        boolean has = entry.hasDeadline();
        long deadline = entry.nextDeadlineMs();
        if (entry.evictArmed && (!has || entry.evictAtMs - deadline < 0)) {
            deadline = entry.evictAtMs;
            has = true;
        }
        // Lazy: a deadline that moved later (liveness refreshed) stays where it is and is re-armed
        // when it comes up; only a new or earlier deadline is scheduled now.
        if (has && (!deadlines.isScheduled(entry) || deadline - entry.wheelDeadlineMs() < 0)) {
            deadlines.schedule(entry, deadline);
        }
    }

    /** Called holding the lock and the entry's monitor. */
    private void removeLocked(Entry entry, long nowMs, String reason) {
        String why = reason == null || reason.isBlank() ? "removed" : reason;
        entry.transportDisconnected(nowMs, why);
        deadlines.cancel(entry);
        sessions.remove(entry.peer(), entry);
        outbox.add(new SessionRemoved(entry.peer(), why, nowMs, entry.snapshot()));
    }

    private void deliver(Object notice) {
        if (notice instanceof SessionEvent event) {
            boolean heartbeat = isHeartbeat(event.event().kind());
            Listeners.each(listeners, listener -> {
                if (!heartbeat || listener.wantsHeartbeatEvents()) {
                    listener.onEvent(event);
                }
            });
        } else if (notice instanceof SessionRemoved removed) {
            Listeners.each(listeners, listener -> listener.onRemoved(removed));
        } else if (notice instanceof SessionSnapshot snapshot) {
            Listeners.each(sinks, sink -> sink.record(snapshot));
        }
    }

    @FunctionalInterface
    private interface Input {
        boolean apply(SessionStateMachine machine, long nowMs);
    }

    /**
     * A managed session and its place in the deadline index, in one object. The index's links are
     * guarded by {@code lock}; everything else by the lock and this object's monitor together,
     * except that a refresh that {@link #refreshesAlone} may take the monitor alone.
     */
    private static final class Entry extends SessionStateMachine implements TimerWheel.Node {
        private TimerWheel.Node wheelPrev;
        private TimerWheel.Node wheelNext;
        private long wheelDeadlineMs;
        boolean evictArmed;
        long evictAtMs;
        /** The session's clock sync: beside its lifecycle, not part of it. */
        final ClockSync clockSync;

        Entry(PeerId peer, SessionStateMachine.Rules rules, long createdAtMs, ClockSync clockSync) {
            super(peer, rules, createdAtMs);
            this.clockSync = clockSync;
        }

        SessionSnapshot snapshot() {
            return snapshot(clockSync.serverTick());
        }

        @Override
        public TimerWheel.Node wheelPrev() {
            return wheelPrev;
        }

        @Override
        public void wheelPrev(TimerWheel.Node prev) {
            wheelPrev = prev;
        }

        @Override
        public TimerWheel.Node wheelNext() {
            return wheelNext;
        }

        @Override
        public void wheelNext(TimerWheel.Node next) {
            wheelNext = next;
        }

        @Override
        public long wheelDeadlineMs() {
            return wheelDeadlineMs;
        }

        @Override
        public void wheelDeadlineMs(long deadlineMs) {
            wheelDeadlineMs = deadlineMs;
        }
    }

    /** Configuration of a {@link MultiSessionManager}; {@link #build()} validates it. */
    public static final class Builder {
        private SessionPolicy policy = SessionPolicy.defaults();
        private LifecycleClock clock = LifecycleClock.monotonic();
        private long resumeGraceMs;
        private Supplier<ClockSync> clockSync = ClockSync::lastSampleWins;

        private Builder() {
        }

        /**
         * Makes each session's clock sync, once per session when it is created; by default
         * {@link ClockSync#lastSampleWins()} (REF-12).
         */
        public Builder clockSync(Supplier<ClockSync> clockSync) {
            this.clockSync = clockSync;
            return this;
        }

        public Builder policy(SessionPolicy policy) {
            this.policy = policy;
            return this;
        }

        public Builder clock(LifecycleClock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * How long a session that left the live states may wait for its peer to come back before it
         * is evicted; 0 (the default) disables eviction.
         */
        public Builder resumeGraceMs(long resumeGraceMs) {
            this.resumeGraceMs = resumeGraceMs;
            return this;
        }

        public MultiSessionManager build() {
            if (policy == null) {
                throw new ConfigurationException("policy", "must be set");
            }
            if (clock == null) {
                throw new ConfigurationException("clock", "must be set");
            }
            if (clockSync == null) {
                throw new ConfigurationException("clockSync", "must be set");
            }
            if (resumeGraceMs < 0) {
                throw new ConfigurationException("resumeGraceMs", "must be >= 0, was " + resumeGraceMs);
            }
            return new MultiSessionManager(this);
        }
    }
}
