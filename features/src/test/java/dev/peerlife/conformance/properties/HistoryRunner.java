package dev.peerlife.conformance.properties;

import dev.peerlife.conformance.spi.ClientInput;
import dev.peerlife.conformance.spi.ClientSpec;
import dev.peerlife.conformance.spi.EventView;
import dev.peerlife.conformance.spi.PeerInput;
import dev.peerlife.conformance.spi.PolicySpec;
import dev.peerlife.conformance.spi.ServerSpec;
import dev.peerlife.conformance.spi.SessionView;
import dev.peerlife.conformance.spi.SystemUnderTest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Plays steps against an implementation through the SPI: a fresh world whose clock is moved to the
 * history's origin, a server started with the history's policy and resume window (see
 * {@link History#setup()}), then each step in order. With {@code record}, what every step changed is
 * kept: the clock after it, the events it emitted and every session's view after it.
 */
public final class HistoryRunner {

    private HistoryRunner() {
    }

    /**
     * How a history's server starts: its policy, the clock reading at the start, and the resume window.
     *
     * @param originMs the clock when the server starts (the world's clock starts at 0 and is advanced to it)
     * @param resumeWindowMs the least time a session that left the live states is kept
     */
    public record Setup(PolicySpec policy, long originMs, long resumeWindowMs) {
        /** A resume window longer than any history: no eviction happens within one. */
        public static final long NO_EVICTION_MS = ServerSpec.SCENARIO_RESUME_WINDOW_MS;

        public static Setup of(PolicySpec policy) {
            return new Setup(policy, 0, NO_EVICTION_MS);
        }

        public ServerSpec spec() {
            return ServerSpec.defaults().withPolicy(policy).withResumeGraceMs(resumeWindowMs).withHandledTypes(List.of());
        }
    }

    /** What one step did: the clock, the events it emitted (removal notices included), the sessions after it. */
    public record StepRecord(int index, Step step, long timeMs, List<EventView> events, Map<String, SessionView> sessions) {
    }

    /** A played history: each step's record (when recorded), all events, and the sessions at the end. */
    public record Run(List<Step> steps, List<StepRecord> records, List<EventView> events, Map<String, SessionView> sessions) {
        /** The peer's lifecycle events, removal notices aside. */
        public List<EventView> eventsOf(String peer) {
            return events.stream().filter(e -> e.peer().equals(peer) && !e.kind().equals(EventView.REMOVED)).toList();
        }

        /** The peer's events with removal notices. */
        public List<EventView> allEventsOf(String peer) {
            return events.stream().filter(e -> e.peer().equals(peer)).toList();
        }
    }

    public static Run run(SystemUnderTest sut, Setup setup, List<Step> steps, boolean record) {
        sut.reset();
        if (setup.originMs() > 0) {
            sut.advanceClock(setup.originMs());
        }
        ServerSpec spec = setup.spec();
        sut.startServer(spec);
        List<StepRecord> records = new ArrayList<>();
        long now = setup.originMs();
        int seen = 0;
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            apply(sut, spec, s);
            if (s.kind() == Step.Kind.ADVANCE) {
                now += s.amount();
            }
            if (record) {
                List<EventView> all = sut.serverEvents();
                records.add(new StepRecord(i, s, now, List.copyOf(all.subList(Math.min(seen, all.size()), all.size())),
                        sessionsOf(sut)));
                seen = all.size();
            }
        }
        return new Run(List.copyOf(steps), records, sut.serverEvents(), sessionsOf(sut));
    }

    /** The name a client history's session goes by in its records, so that the checkers see it as one peer. */
    public static final String CLIENT = "p0";

    /** A played client history: its records, and after each step whether the client says a heartbeat is due. */
    public record ClientRun(Run run, List<Boolean> heartbeatDue) {
    }

    /**
     * Plays a client history through the SPI's client runtime (capability "client"): a fresh world at
     * the history's origin, a server with the default policy, then the steps, of which the first must
     * be CONNECT (the client runtime starts against the server with the history's policy) and the rest
     * the client's own inputs, time passing and the client evaluating its session. Each step is
     * recorded with the client's session, its new events and whether a heartbeat is due; the session
     * and its events are named {@link #CLIENT}.
     */
    public static ClientRun runClient(SystemUnderTest sut, Setup setup, List<Step> steps) {
        sut.reset();
        if (setup.originMs() > 0) {
            sut.advanceClock(setup.originMs());
        }
        sut.startServer(Setup.of(PolicySpec.defaults()).spec());
        List<StepRecord> records = new ArrayList<>();
        List<Boolean> due = new ArrayList<>();
        long now = setup.originMs();
        int seen = 0;
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            if ((i == 0) != (s.kind() == Step.Kind.CONNECT)) {
                throw new IllegalArgumentException("a client history starts with CONNECT and has no other: " + steps);
            }
            switch (s.kind()) {
                case CONNECT -> sut.startClient(new ClientSpec(CLIENT, setup.policy(), false, List.of()));
                case ADVANCE -> {
                    sut.advanceClock(s.amount());
                    now += s.amount();
                }
                case EVALUATE -> sut.evaluateClient();
                case LOGIN_STARTED -> sut.clientInput(ClientInput.of(ClientInput.Kind.LOGIN_STARTED));
                case LOGIN_SUCCEEDED -> sut.clientInput(ClientInput.of(ClientInput.Kind.LOGIN_SUCCEEDED));
                case LOGIN_FAILED -> sut.clientInput(new ClientInput(ClientInput.Kind.LOGIN_FAILED, s.reason(), null, null, null));
                case HEARTBEAT_SENT -> sut.clientInput(ClientInput.of(ClientInput.Kind.HEARTBEAT_SENT));
                case HEARTBEAT_RECEIVED -> sut.clientInput(new ClientInput(ClientInput.Kind.HEARTBEAT_RECEIVED, null,
                        s.hasTick() ? s.amount() : null, null, null));
                default -> throw new IllegalArgumentException("not a client step: " + s);
            }
            List<EventView> all = asClient(sut.clientEvents());
            SessionView v = sut.clientSession();
            records.add(new StepRecord(i, s, now, List.copyOf(all.subList(Math.min(seen, all.size()), all.size())),
                    Map.of(CLIENT, new SessionView(CLIENT, v.state(), v.rttMs(), v.lastServerTick(), v.lastFailureReason()))));
            due.add(sut.clientHeartbeatDue());
            seen = all.size();
        }
        List<EventView> events = asClient(sut.clientEvents());
        Map<String, SessionView> end = records.isEmpty() ? Map.of() : records.get(records.size() - 1).sessions();
        return new ClientRun(new Run(List.copyOf(steps), records, events, end), due);
    }

    private static List<EventView> asClient(List<EventView> events) {
        return events.stream().map(e -> new EventView(CLIENT, e.kind(), e.previous(), e.current(), e.timeMs(), e.reason())).toList();
    }

    static Map<String, SessionView> sessionsOf(SystemUnderTest sut) {
        Map<String, SessionView> sessions = new TreeMap<>();
        sut.sessions().forEach(v -> sessions.put(v.peer(), v));
        return sessions;
    }

    static void apply(SystemUnderTest sut, ServerSpec spec, Step s) {
        String peer = s.peerName();
        switch (s.kind()) {
            case ADVANCE -> sut.advanceClock(s.amount());
            case EVALUATE -> sut.evaluateServer();
            case RESTART -> {
                sut.stopServer();
                sut.startServer(spec);
            }
            case STOP -> sut.stopServer();
            case CONNECT -> sut.serverInput(PeerInput.of(PeerInput.Kind.CONNECT, peer));
            case DISCONNECT -> sut.serverInput(new PeerInput(PeerInput.Kind.DISCONNECT, peer, "peer closed", null, null, null));
            case SEND -> sut.serverInput(new PeerInput(PeerInput.Kind.SEND, peer, null, null, 256, "x"));
            case LOGIN_STARTED -> sut.serverInput(PeerInput.of(PeerInput.Kind.LOGIN_STARTED, peer));
            case LOGIN_SUCCEEDED -> sut.serverInput(PeerInput.of(PeerInput.Kind.LOGIN_SUCCEEDED, peer));
            case LOGIN_FAILED -> sut.serverInput(new PeerInput(PeerInput.Kind.LOGIN_FAILED, peer, s.reason(), null, null, null));
            case HEARTBEAT_SENT -> sut.serverInput(PeerInput.of(PeerInput.Kind.HEARTBEAT_SENT, peer));
            case HEARTBEAT_RECEIVED -> sut.serverInput(new PeerInput(PeerInput.Kind.HEARTBEAT_RECEIVED, peer, null,
                    s.hasTick() ? s.amount() : null, null, null));
            case REMOVE -> sut.serverInput(new PeerInput(PeerInput.Kind.REMOVE, peer, s.reason(), null, null, null));
        }
    }
}
