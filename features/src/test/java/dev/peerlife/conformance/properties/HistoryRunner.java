package dev.peerlife.conformance.properties;

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
 * Plays steps against an implementation through the SPI: a fresh world, a server started with the
 * history's policy and a resume window longer than any history (no check depends on eviction), then
 * each step in order. With {@code record}, what every step changed is kept: the clock after it, the
 * events it emitted and every session's view after it.
 */
public final class HistoryRunner {

    private HistoryRunner() {
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

    public static ServerSpec spec(PolicySpec policy) {
        return ServerSpec.defaults().withPolicy(policy).withHandledTypes(List.of());
    }

    public static Run run(SystemUnderTest sut, PolicySpec policy, List<Step> steps, boolean record) {
        sut.reset();
        ServerSpec spec = spec(policy);
        sut.startServer(spec);
        List<StepRecord> records = new ArrayList<>();
        long now = 0;
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
