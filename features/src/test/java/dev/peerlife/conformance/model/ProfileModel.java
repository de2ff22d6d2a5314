package dev.peerlife.conformance.model;

import dev.peerlife.conformance.properties.Step;
import dev.peerlife.conformance.spi.EventView;
import dev.peerlife.conformance.spi.PolicySpec;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * An executable model of the reference profile: the spec's rules plus every decision the reference
 * takes where the spec is silent (the REF IDs of the catalogue), written from REQUIREMENTS.md and
 * the design notes, not from the reference's code. Given a set of {@link Alternative}s it decides
 * those differently, so the same model is the oracle of the reference-profile property and the core
 * of {@code ModelSut}, a second implementation that differs from the reference exactly where asked.
 *
 * <p>For the profile property, {@link #apply(Step)} also says which REF decisions the predicted
 * outcome of a step rests on ({@link Blame}), so a difference is blamed on the decision that made
 * it, never on every REF ID at once. Pure: no clock, no threads, no I/O.
 */
public final class ProfileModel {

    public static final Set<String> LIVE = Set.of("TransportConnected", "LoginPending", "LoggedIn");
    private static final Set<String> NOT_LIVE_RESUMABLE = Set.of("TimedOut", "ReconnectPending", "Reconnecting");
    private static final Set<String> CONNECTED = Set.of("TransportConnected", "LoginPending", "LoggedIn", "LoginFailed");
    public static final String REMOVED = EventView.REMOVED;

    /** Which REF decisions a predicted observation rests on, per aspect. Empty: the spec alone decides it. */
    public record Blame(Set<String> state, Set<String> events, Set<String> rtt, Set<String> tick) {
        static final Blame NONE = new Blame(Set.of(), Set.of(), Set.of(), Set.of());

        static Blame all(String... ids) {
            Set<String> s = Set.of(ids);
            return new Blame(s, s, Set.of(), Set.of());
        }
    }

    private final PolicySpec policy;
    private final EnumSet<Alternative> alternatives;
    private final EnumSet<Fault> faults;
    private final long resumeWindowMs;
    private long now;
    private final Map<String, Session> sessions = new TreeMap<>();
    private final List<EventView> events = new ArrayList<>();
    /** Deadlines of removed sessions that were never cancelled ({@link Fault#REMOVAL_KEEPS_DEADLINE}). */
    private final List<StaleDeadline> staleDeadlines = new ArrayList<>();
    /** Peers whose connection the server closed when it removed or evicted them: what they send is lost. */
    private final Set<String> closedByServer = new TreeSet<>();

    /**
     * @param policy the session policy, already resolved (never null)
     * @param resumeWindowMs how long a session that left the live states is kept; 0: forever
     */
    public ProfileModel(PolicySpec policy, Set<Alternative> alternatives, long resumeWindowMs) {
        this(policy, alternatives, resumeWindowMs, Set.of());
    }

    /** As above, with planted faults, for the negative controls only. */
    public ProfileModel(PolicySpec policy, Set<Alternative> alternatives, long resumeWindowMs, Set<Fault> faults) {
        this.policy = policy;
        this.alternatives = alternatives.isEmpty() ? EnumSet.noneOf(Alternative.class) : EnumSet.copyOf(alternatives);
        this.faults = faults.isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(faults);
        this.resumeWindowMs = resumeWindowMs;
    }

    /** The reference profile with no alternative and no eviction. */
    public static ProfileModel reference(PolicySpec policy) {
        return new ProfileModel(policy, Set.of(), 0);
    }

    /** The reference profile of a server started at {@code originMs} that evicts after {@code resumeWindowMs}. */
    public static ProfileModel reference(PolicySpec policy, long originMs, long resumeWindowMs) {
        ProfileModel model = new ProfileModel(policy, Set.of(), resumeWindowMs);
        model.advance(originMs);
        return model;
    }

    /** The policy an implementation with these alternatives uses when given none. */
    public static PolicySpec defaults(Set<Alternative> alternatives) {
        return alternatives.contains(Alternative.OTHER_DEFAULTS) ? new PolicySpec(3_000, 10_000, 2_000, true)
                : PolicySpec.defaults();
    }

    public boolean has(Alternative alternative) {
        return alternatives.contains(alternative);
    }

    private boolean has(Fault fault) {
        return faults.contains(fault);
    }

    /** Whether a deadline has come: {@code deadline - now <= 0}, or as the planted fault computes it. */
    private boolean reached(long deadline) {
        return (has(Fault.INT_DEADLINES) ? (long) (int) deadline : deadline) - now <= 0;
    }

    /**
     * The key a peer's session is filed under: the peer's identity itself, or under
     * {@link Fault#HOST_KEYED_SESSIONS} the host part of an endpoint ("127.0.0.1:5001" files as "127.0.0.1").
     */
    private String key(String peer) {
        int colon = peer.lastIndexOf(':');
        return has(Fault.HOST_KEYED_SESSIONS) && colon > 0 ? peer.substring(0, colon) : peer;
    }

    public long now() {
        return now;
    }

    public void advance(long ms) {
        now += ms;
    }

    public PolicySpec policy() {
        return policy;
    }

    public Map<String, Session> sessions() {
        return sessions;
    }

    public Session session(String peer) {
        return sessions.get(key(peer));
    }

    public List<EventView> events() {
        return events;
    }

    /** A new session for a client runtime: it publishes into {@code sink}, outside the server's map. */
    public Session clientSession(String name, Consumer<EventView> sink) {
        return new Session(name, sink);
    }

    // ------------------------------------------------------------------ server-side inputs

    public void connect(String peer) {
        closedByServer.remove(peer);
        Session s = sessions.computeIfAbsent(key(peer), k -> new Session(peer, events::add));
        s.transportConnected();
        s.afterInput();
    }

    public void disconnect(String peer, String reason) {
        Session s = existing(peer);
        if (s == null) {
            return;
        }
        s.disconnected(reason);
        if (has(Alternative.DISCONNECT_REMOVES_SESSION)) {
            removeSession(s, reason);
        } else {
            s.afterInput();
        }
    }

    /** An application message from the peer: transport activity, unless the server closed its connection. */
    public void send(String peer) {
        if (closedByServer.contains(peer)) {
            return;
        }
        Session s = sessions.get(key(peer));
        if (s == null) {
            s = new Session(peer, events::add);
            sessions.put(key(peer), s);
        }
        s.activity();
        s.afterInput();
    }

    public void loginStarted(String peer) {
        withSession(peer, Session::loginStarted);
    }

    public void loginSucceeded(String peer) {
        withSession(peer, Session::loginSucceeded);
    }

    public void loginFailed(String peer, String reason) {
        withSession(peer, s -> s.loginFailed(reason));
    }

    public void heartbeatSent(String peer) {
        withSession(peer, Session::heartbeatSent);
    }

    public void heartbeatReceived(String peer, Long tick) {
        withSession(peer, s -> s.heartbeatReceived(tick));
    }

    /** Removes one session: Disconnected if it was not, then a removal notice. Returns whether it existed. */
    public boolean remove(String peer, String reason) {
        Session s = sessions.get(key(peer));
        if (s == null) {
            return false;
        }
        if (has(Fault.REMOVAL_KEEPS_DEADLINE) && (s.live() || s.evictArmed || s.state.equals("ReconnectPending"))) {
            long deadline = s.live() ? s.liveness + policy.heartbeatTimeoutMs()
                    : s.state.equals("ReconnectPending") && (!s.evictArmed || s.reconnectDue - s.evictAtMs < 0) ? s.reconnectDue
                    : s.evictAtMs;
            staleDeadlines.add(new StaleDeadline(s.peer, deadline, s.evictArmed, s.evictAtMs));
        }
        s.endForRemoval(reason);
        removeSession(s, reason);
        closedByServer.add(peer);
        return true;
    }

    public void removeAll(String reason) {
        for (String peer : List.copyOf(sessions.keySet())) {
            remove(peer, reason);
        }
    }

    /** The time rules for every session, and eviction after the resume window. */
    public void evaluate() {
        for (Session s : List.copyOf(sessions.values())) {
            s.evaluate();
            if (s.evictArmed && reached(s.evictAtMs) && resumeWindowMs > 0 && !has(Alternative.NEVER_EVICTS)) {
                String reason = "resume window of " + resumeWindowMs + " ms expired in state " + s.state;
                s.endForRemoval(reason);
                removeSession(s, reason);
                closedByServer.add(s.peer);
            } else {
                s.afterInput();
            }
        }
        fireStaleDeadlines();
    }

    /**
     * {@link Fault#REMOVAL_KEEPS_DEADLINE}: a removed session whose deadline was never cancelled comes
     * up when it is due, finds itself out of the live states, arms its own eviction, and when that
     * comes removes whatever session its peer has now, with a removal notice and no Disconnected.
     */
    private void fireStaleDeadlines() {
        for (StaleDeadline d : List.copyOf(staleDeadlines)) {
            if (!reached(d.dueMs)) {
                continue;
            }
            staleDeadlines.remove(d);
            if (resumeWindowMs <= 0 || has(Alternative.NEVER_EVICTS)) {
                continue;
            }
            if (!d.evictArmed || !reached(d.evictAtMs)) {
                long evictAt = d.evictArmed ? d.evictAtMs : now + resumeWindowMs;
                staleDeadlines.add(new StaleDeadline(d.peer, evictAt, true, evictAt));
                continue;
            }
            String reason = "resume window of " + resumeWindowMs + " ms expired in state Disconnected";
            sessions.remove(key(d.peer));
            closedByServer.add(d.peer);
            if (!has(Alternative.NO_REMOVAL_NOTICE)) {
                events.add(new EventView(d.peer, REMOVED, "Disconnected", "Disconnected", now, reason));
            }
        }
    }

    private record StaleDeadline(String peer, long dueMs, boolean evictArmed, long evictAtMs) {
    }

    private Session existing(String peer) {
        Session s = sessions.get(key(peer));
        if (s == null && has(Alternative.ANY_INPUT_CREATES_SESSION)) {
            s = new Session(peer, events::add);
            sessions.put(key(peer), s);
        }
        return s;
    }

    private void withSession(String peer, Consumer<Session> input) {
        Session s = existing(peer);
        if (s != null) {
            input.accept(s);
            s.afterInput();
        }
    }

    private void removeSession(Session s, String reason) {
        sessions.remove(key(s.peer));
        if (!has(Alternative.NO_REMOVAL_NOTICE)) {
            events.add(new EventView(s.peer, REMOVED, s.state, s.state, now, reason));
        }
    }

    // ------------------------------------------------------------------ a generated step, with its blame

    /**
     * Applies one step of a generated history and returns, for each peer the step may affect, which
     * REF decisions the predicted outcome rests on. Meaningful for the reference profile (no alternative).
     */
    public Map<String, Blame> apply(Step step) {
        Map<String, Blame> blame = new TreeMap<>();
        String peer = step.peerName();
        switch (step.kind()) {
            case ADVANCE -> advance(step.amount());
            case EVALUATE -> {
                Map<String, Integer> rules = new TreeMap<>();
                for (Session x : sessions.values()) {
                    rules.put(x.peer, x.rulesDue());
                }
                evaluate();
                rules.forEach((p, n) -> {
                    Session x = sessions.get(p);
                    boolean ref7 = n > 1 || (x != null && x.reconnectDueRestsOnRef7);
                    if (x != null && n > 1) {
                        x.reconnectDueRestsOnRef7 = true;
                    }
                    if (x == null) {
                        // evicted when its resume window ended (REF-10)
                        blame.put(p, ref7 ? Blame.all("REF-7", "REF-10") : Blame.all("REF-10"));
                    } else {
                        blame.put(p, ref7 ? Blame.all("REF-7") : Blame.NONE);
                    }
                });
            }
            case RESTART, STOP -> {
                for (String p : sessions.keySet()) {
                    blame.put(p, new Blame(Set.of(), Set.of("REF-5"), Set.of(), Set.of()));
                }
                removeAll("host stopped");
            }
            default -> {
                blame.put(peer, classify(step));
                Session s = sessions.get(peer);
                switch (step.kind()) {
                    case CONNECT -> connect(peer);
                    case DISCONNECT -> disconnect(peer, "peer closed");
                    case SEND -> send(peer);
                    case LOGIN_STARTED -> loginStarted(peer);
                    case LOGIN_SUCCEEDED -> loginSucceeded(peer);
                    case LOGIN_FAILED -> loginFailed(peer, step.reason());
                    case HEARTBEAT_SENT -> {
                        if (s != null && !s.state.equals("LoggedIn")) {
                            s.ignoredSendOnConnection = true;
                        }
                        heartbeatSent(peer);
                    }
                    case HEARTBEAT_RECEIVED -> heartbeatReceived(peer, step.hasTick() ? step.amount() : null);
                    case REMOVE -> remove(peer, step.reason());
                    default -> throw new IllegalStateException(step.toString());
                }
            }
        }
        return blame;
    }

    /**
     * For a step addressed to one peer, which REF decisions its predicted outcome rests on, from the
     * session's state before the step. Does not change the model.
     */
    public Blame classify(Step step) {
        Session s = sessions.get(step.peerName());
        String before = s == null ? null : s.state;
        return switch (step.kind()) {
            case CONNECT -> before == null || before.equals("Disconnected") ? Blame.NONE
                    : NOT_LIVE_RESUMABLE.contains(before) ? Blame.all("REF-6") : Blame.all("REF-11");
            case DISCONNECT -> before == null ? Blame.all("REF-4") : Blame.all("REF-13");
            case SEND -> before != null && LIVE.contains(before) ? Blame.NONE
                    : before != null && NOT_LIVE_RESUMABLE.contains(before) ? Blame.all("REF-6") : Blame.all("REF-11");
            case LOGIN_STARTED -> before == null ? Blame.all("REF-4")
                    : before.equals("TransportConnected") ? Blame.NONE : Blame.all("REF-11");
            case LOGIN_SUCCEEDED, LOGIN_FAILED -> before == null ? Blame.all("REF-4")
                    : before.equals("LoginPending") ? Blame.NONE
                    : new Blame(Set.of("REF-3"), Set.of("REF-3", "REF-11"), Set.of(), Set.of());
            case HEARTBEAT_SENT -> before == null ? Blame.all("REF-4") : before.equals("LoggedIn") ? Blame.NONE
                    : new Blame(Set.of("REF-2"), Set.of("REF-2", "REF-11"), Set.of(), Set.of());
            case HEARTBEAT_RECEIVED -> {
                if (before == null) {
                    yield Blame.all("REF-4");
                }
                if (!LIVE.contains(before)) {
                    yield Blame.all("REF-11");
                }
                Set<String> rtt = new TreeSet<>();
                if (s.inFlight != 1 && s.heartbeatSentThisConnection) {
                    rtt.add("REF-1");
                }
                if (s.ignoredSendOnConnection) {
                    rtt.add("REF-2");
                }
                Set<String> tick = step.hasTick() && s.tick != null && step.amount() < s.tick ? Set.of("REF-12") : Set.of();
                yield new Blame(Set.of(), Set.of(), rtt, tick);
            }
            case REMOVE -> before == null ? Blame.NONE : new Blame(Set.of("REF-5"), Set.of("REF-5"), Set.of(), Set.of());
            case ADVANCE, EVALUATE, RESTART, STOP -> Blame.NONE;
        };
    }

    // ------------------------------------------------------------------ one session

    /** One session's state machine; also a client runtime's session. */
    public final class Session {
        public final String peer;
        private final Consumer<EventView> sink;
        public String state = "Disconnected";
        long liveness;
        long heartbeatBase;
        boolean heartbeatSentThisConnection;
        long lastSent;
        Long firstUnanswered;
        /** {@link Fault#RTT_FROM_FIRST_HEARTBEAT}: the first heartbeat sent on this connection. */
        Long firstSentOnConnection;
        int inFlight;
        public Long rtt;
        public Long tick;
        long reconnectDue;
        public String failureReason;
        boolean evictArmed;
        long evictAtMs;
        /** Blame markers: what a later prediction for this session rests on. */
        boolean ignoredSendOnConnection;
        boolean reconnectDueRestsOnRef7;

        Session(String peer, Consumer<EventView> sink) {
            this.peer = peer;
            this.sink = sink;
            this.liveness = now;
        }

        private void publish(String kind, String to, String reason) {
            String from = state;
            state = to;
            sink.accept(new EventView(peer, kind, from, to, now, reason));
        }

        private void ignore(String kind) {
            if (has(Alternative.PUBLISHES_SELF_TRANSITIONS)) {
                sink.accept(new EventView(peer, kind, state, state, now, null));
            }
        }

        public void transportConnected() {
            if (state.equals("Disconnected") || NOT_LIVE_RESUMABLE.contains(state)) {
                if (!has(Fault.STALE_LIVENESS_ON_RECONNECT)) {
                    liveness = now;
                }
                if (!has(Fault.RTT_ACROSS_RECONNECT)) {
                    heartbeatSentThisConnection = false;
                    inFlight = 0;
                    firstUnanswered = null;
                }
                firstSentOnConnection = null;
                ignoredSendOnConnection = false;
                reconnectDueRestsOnRef7 = false;
                publish("TransportConnected", "TransportConnected", null);
            } else {
                ignore("TransportConnected");
            }
        }

        void activity() {
            if (LIVE.contains(state)) {
                liveness = now;
            } else if (NOT_LIVE_RESUMABLE.contains(state) && has(Alternative.ACTIVITY_REFRESHES_ONLY)) {
                liveness = now;
            } else if (!state.equals("LoginFailed")) {
                transportConnected();
            }
        }

        public void loginStarted() {
            if (state.equals("TransportConnected") || state.equals("LoginFailed")) {
                publish("LoginStarted", "LoginPending", null);
            } else {
                ignore("LoginStarted");
            }
        }

        /**
         * Whether a login result is accepted now: in LoginPending, or under the alternative in any
         * connected state where it changes the state (the same result again would be a self-transition,
         * REF-11's business, not REF-3's).
         */
        private boolean acceptsLoginResult(String resultState) {
            return state.equals("LoginPending") || (has(Alternative.LOGIN_RESULT_WITHOUT_START)
                    && CONNECTED.contains(state) && !state.equals(resultState));
        }

        public void loginSucceeded() {
            if (acceptsLoginResult("LoggedIn")) {
                liveness = now;
                heartbeatBase = has(Alternative.HEARTBEAT_DUE_AT_ONCE) ? now - policy.heartbeatIntervalMs() : now;
                publish("LoginSucceeded", "LoggedIn", null);
            } else {
                ignore("LoginSucceeded");
            }
        }

        public void loginFailed(String reason) {
            if (acceptsLoginResult("LoginFailed")) {
                liveness = now;
                failureReason = reason == null || reason.isBlank() ? "login rejected" : reason;
                publish("LoginFailed", "LoginFailed", failureReason);
            } else {
                ignore("LoginFailed");
            }
        }

        public void heartbeatSent() {
            boolean loggedIn = state.equals("LoggedIn");
            if (loggedIn || has(Alternative.HEARTBEAT_SENT_IN_ANY_STATE)) {
                lastSent = now;
                heartbeatBase = now;
                heartbeatSentThisConnection = true;
                inFlight++;
                if (firstUnanswered == null) {
                    firstUnanswered = now;
                }
                if (firstSentOnConnection == null) {
                    firstSentOnConnection = now;
                }
                if (loggedIn) {
                    publish("HeartbeatSent", state, null);
                }
            } else {
                ignore("HeartbeatSent");
            }
        }

        public void heartbeatReceived(Long serverTick) {
            if (!LIVE.contains(state)) {
                ignore("HeartbeatReceived");
                return;
            }
            liveness = now;
            if (heartbeatSentThisConnection) {
                boolean fromFirst = (has(Alternative.RTT_FROM_FIRST_IN_FLIGHT) || has(Fault.RTT_ACROSS_RECONNECT))
                        && firstUnanswered != null;
                rtt = now - (has(Fault.RTT_FROM_FIRST_HEARTBEAT) ? firstSentOnConnection : fromFirst ? firstUnanswered : lastSent);
            }
            inFlight = 0;
            firstUnanswered = null;
            if (serverTick != null && !(has(Alternative.IGNORES_LOWER_TICK) && tick != null && serverTick < tick)) {
                tick = serverTick;
            }
            publish("HeartbeatReceived", state, null);
        }

        public void disconnected(String reason) {
            if (!state.equals("Disconnected")) {
                publish("Disconnected", "Disconnected", reason == null || reason.isBlank() ? "transport disconnected" : reason);
            } else {
                ignore("Disconnected");
            }
        }

        /** A removal is not an input: Disconnected is published only for a session not already Disconnected (REF-5). */
        void endForRemoval(String reason) {
            if (!state.equals("Disconnected")) {
                publish("Disconnected", "Disconnected", reason == null || reason.isBlank() ? "removed" : reason);
            }
        }

        /** How many time rules are due now (the reference applies them all in one evaluation). */
        int rulesDue() {
            String saved = state;
            int n = 0;
            String st = state;
            long due = reconnectDue;
            while (true) {
                if (LIVE.contains(st) && liveness + policy.heartbeatTimeoutMs() - now <= 0) {
                    st = "TimedOut";
                } else if (st.equals("TimedOut") && policy.autoReconnect()) {
                    st = "ReconnectPending";
                    due = now + policy.reconnectDelayMs();
                } else if (st.equals("ReconnectPending") && due - now <= 0) {
                    st = "Reconnecting";
                } else {
                    break;
                }
                n++;
            }
            state = saved;
            return n;
        }

        public void evaluate() {
            boolean oneStep = has(Alternative.ONE_STEP_PER_EVALUATION);
            while (true) {
                if (LIVE.contains(state) && timeoutReached()) {
                    failureReason = "no liveness signal within " + policy.heartbeatTimeoutMs() + " ms";
                    publish("TimedOut", "TimedOut", failureReason);
                } else if (state.equals("TimedOut") && policy.autoReconnect()) {
                    reconnectDue = now + policy.reconnectDelayMs();
                    publish("ReconnectScheduled", "ReconnectPending", "auto-reconnect after timeout");
                } else if (state.equals("ReconnectPending") && (has(Fault.EARLY_RECONNECT)
                        ? reconnectDue - now <= 1 : reached(reconnectDue))) {
                    publish("ReconnectStarted", "Reconnecting", null);
                } else {
                    return;
                }
                if (oneStep) {
                    return;
                }
            }
        }

        private boolean timeoutReached() {
            long deadline = liveness + policy.heartbeatTimeoutMs();
            return has(Fault.LATE_TIMEOUT) ? deadline - now < 0 : reached(deadline);
        }

        public boolean isHeartbeatDue() {
            return state.equals("LoggedIn") && reached(heartbeatBase + policy.heartbeatIntervalMs());
        }

        void afterInput() {
            if (LIVE.contains(state) != has(Fault.EVICTS_LIVE_SESSIONS)) {
                evictArmed = false;
            } else if (!evictArmed) {
                evictArmed = true;
                evictAtMs = now + resumeWindowMs;
            }
        }

        public boolean live() {
            return LIVE.contains(state);
        }
    }
}
