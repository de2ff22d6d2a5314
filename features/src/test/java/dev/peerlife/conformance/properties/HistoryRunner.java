package dev.peerlife.conformance.properties;

import dev.peerlife.conformance.spi.EventView;
import dev.peerlife.conformance.spi.PeerInput;
import dev.peerlife.conformance.spi.ServerSpec;
import dev.peerlife.conformance.spi.SessionView;
import dev.peerlife.conformance.spi.SystemUnderTest;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * Plays a history against an implementation through the SPI: a fresh world, a server started with
 * the history's policy and a resume window longer than any history (eviction is an implementation's
 * choice, not a rule these properties check), then each effective step in order.
 */
public final class HistoryRunner {

    /** Longer than any generated history, so no session is evicted for lack of a resume. */
    static final long RESUME_WINDOW_MS = 1_000_000_000L;

    private HistoryRunner() {
    }

    public record Outcome(Map<String, SessionView> sessions, List<EventView> events) {
        public List<EventView> eventsOf(String peer) {
            return events.stream().filter(e -> e.peer().equals(peer) && !e.kind().equals(EventView.REMOVED)).toList();
        }
    }

    public static ServerSpec spec(History history) {
        return ServerSpec.defaults().withPolicy(history.policy()).withResumeGraceMs(RESUME_WINDOW_MS)
                .withHandledTypes(List.of());
    }

    /** Runs the history; {@code afterStep} is called with the index of each effective step once applied. */
    public static Outcome run(SystemUnderTest sut, History history, IntConsumer afterStep) {
        sut.reset();
        ServerSpec spec = spec(history);
        sut.startServer(spec);
        List<Step> steps = history.effectiveSteps();
        for (int i = 0; i < steps.size(); i++) {
            apply(sut, spec, steps.get(i));
            afterStep.accept(i);
        }
        Map<String, SessionView> sessions = new TreeMap<>();
        sut.sessions().forEach(s -> sessions.put(s.peer(), s));
        return new Outcome(sessions, sut.serverEvents());
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
