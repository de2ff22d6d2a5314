package dev.peerlife.conformance.steps;

import dev.peerlife.conformance.spi.EventView;
import dev.peerlife.conformance.spi.LaneStatus;
import dev.peerlife.conformance.spi.PeerInput;
import dev.peerlife.conformance.spi.ServerSpec;
import dev.peerlife.conformance.spi.SessionView;
import dev.peerlife.conformance.spi.SutException;
import dev.peerlife.conformance.spi.SystemUnderTest;
import io.cucumber.java.Before;
import io.cucumber.java.Scenario;
import org.opentest4j.TestAbortedException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the steps of one scenario share: the implementation (reached only through the SPI), the
 * spec of the last server start, the last start failure, and the peers that have had a session.
 * Cucumber creates one per scenario and hands it to every step class.
 */
public final class World {

    private static final String CAPABILITY_TAG = "@requires-";
    /** How many evaluations at one instant "until they settle" may take before it is a failure to settle. */
    static final int SETTLE_LIMIT = 8;

    SystemUnderTest sut;
    ServerSpec serverSpec = ServerSpec.defaults();
    /** Everything done to the server in this scenario, in order, for the checks that replay it. */
    final List<Action> script = new ArrayList<>();
    long nowMs;
    SutException startFailure;
    List<SessionView> enumeration;
    int lastDrain;
    /** Each peer's session and event count when "the state of each peer is noted". */
    final java.util.Map<String, SessionView> noted = new java.util.TreeMap<>();
    final java.util.Map<String, Integer> notedEvents = new java.util.TreeMap<>();
    final Set<String> peersWithSessions = new LinkedHashSet<>();

    @Before(order = 0)
    public void reset(Scenario scenario) {
        List<String> ids = scenario.getSourceTagNames().stream().filter(t -> t.matches("@[A-Z]+-\\d+"))
                .map(t -> t.substring(1)).toList();
        PROFILE_SCENARIO.set(!ids.isEmpty() && ids.stream().allMatch(id -> id.startsWith("REF-")) ? String.join(", ", ids) : null);
        sut = SharedSut.get();
        for (String tag : scenario.getSourceTagNames()) {
            if (tag.startsWith(CAPABILITY_TAG)) {
                String capability = tag.substring(CAPABILITY_TAG.length());
                if (!sut.describe().can(capability)) {
                    throw new TestAbortedException("unsupported: " + sut.describe().name()
                            + " does not declare the capability '" + capability + "'");
                }
            }
        }
        sut.reset();
        nowMs = 0;
    }

    // ---- server start

    /**
     * One thing done to the server: a start, an input, time passing, an evaluation, a stop. With the
     * event count and the clock after it, so a check can tell which step caused which event.
     */
    record Action(String kind, ServerSpec spec, PeerInput input, long ms, int eventsAfter, long nowAfter) {
    }

    private void recordAction(String kind, ServerSpec spec, PeerInput input, long ms) {
        script.add(new Action(kind, spec, input, ms, sut.serverEvents().size(), nowMs));
    }

    /** Starts a server with {@code spec}, stopping a running one first: one server per world. */
    void start(ServerSpec spec) {
        stop();
        serverSpec = spec;
        sut.startServer(spec);
        recordAction("start", spec, null, 0);
    }

    void stop() {
        sut.stopServer();
        recordAction("stop", null, null, 0);
    }

    void advance(long ms) {
        sut.advanceClock(ms);
        nowMs += ms;
        recordAction("advance", null, null, ms);
    }

    void evaluate() {
        sut.evaluateServer();
        recordAction("evaluate", null, null, 0);
    }

    void restart(ServerSpec spec) {
        start(spec);
    }

    void tryStart(ServerSpec spec) {
        try {
            sut.startServer(spec);
            serverSpec = spec;
            startFailure = null;
        } catch (SutException e) {
            startFailure = e;
        }
    }

    // ---- inputs

    void input(PeerInput input) {
        sut.serverInput(input);
        recordAction("input", null, input, 0);
        if (input.kind() == PeerInput.Kind.CONNECT && sut.lookup(input.peer()).isPresent()) {
            peersWithSessions.add(input.peer());
        }
    }

    /** Evaluates at the current instant until the events stop changing; fails if they never do. */
    void settleServer() {
        int before = -1;
        for (int i = 0; i < SETTLE_LIMIT; i++) {
            evaluate();
            int now = sut.serverEvents().size();
            if (now == before) {
                return;
            }
            before = now;
        }
        throw new AssertionError("the server's sessions did not settle within " + SETTLE_LIMIT
                + " evaluations at one instant: " + sut.serverEvents());
    }

    void settleClient() {
        int before = -1;
        for (int i = 0; i < SETTLE_LIMIT; i++) {
            sut.evaluateClient();
            int now = sut.clientEvents().size();
            if (now == before) {
                return;
            }
            before = now;
        }
        throw new AssertionError("the client session did not settle within " + SETTLE_LIMIT
                + " evaluations at one instant: " + sut.clientEvents());
    }

    /** Plays {@code actions} again in a fresh world; the caller reads the outcome from {@link #sut}. */
    void replay(List<Action> actions) {
        sut.reset();
        for (Action a : actions) {
            switch (a.kind()) {
                case "start" -> sut.startServer(a.spec());
                case "stop" -> sut.stopServer();
                case "advance" -> sut.advanceClock(a.ms());
                case "evaluate" -> sut.evaluateServer();
                case "input" -> sut.serverInput(a.input());
                default -> throw new IllegalStateException(a.kind());
            }
        }
    }

    // ---- views

    SessionView session(String peer) {
        Optional<SessionView> session = sut.lookup(peer);
        check(session.isPresent(), "peer " + peer + " has no session; sessions: " + describe(sut.sessions()));
        return session.get();
    }

    LaneStatus lane(String name) {
        LaneStatus lane = sut.serverStatus().lane(name);
        check(lane != null, "the implementation reports no " + name + " lane: " + sut.serverStatus().lanes());
        return lane;
    }

    /** The peer's lifecycle events, without removal notices. */
    List<EventView> lifecycleEvents(String peer) {
        return sut.serverEvents().stream()
                .filter(e -> e.peer().equals(peer) && !e.kind().equals(EventView.REMOVED)).toList();
    }

    /** The peer's events including removal notices. */
    List<EventView> allEvents(String peer) {
        return sut.serverEvents().stream().filter(e -> e.peer().equals(peer)).toList();
    }

    List<String> kinds(String peer) {
        return lifecycleEvents(peer).stream().map(EventView::kind).toList();
    }

    // ---- helpers

    /** The reference-profile IDs of the running scenario when it checks only REF IDs, else null. */
    private static final ThreadLocal<String> PROFILE_SCENARIO = new ThreadLocal<>();

    static void check(boolean condition, String failure) {
        if (!condition) {
            String profile = PROFILE_SCENARIO.get();
            if (profile != null && ProfileMode.reportOnly()) {
                throw new TestAbortedException("differs from the reference profile (" + profile + "): " + failure);
            }
            throw new AssertionError(failure);
        }
    }

    static List<Integer> ints(String csv) {
        return Arrays.stream(csv.split("[,\\s]+")).filter(s -> !s.isBlank()).map(Integer::valueOf).toList();
    }

    static List<String> words(String csv) {
        List<String> out = new ArrayList<>();
        for (String w : csv.split("[,\\s]+")) {
            if (!w.isBlank()) {
                out.add(w);
            }
        }
        return out;
    }

    static String describe(List<SessionView> sessions) {
        return sessions.stream().map(s -> s.peer() + "=" + s.state()).toList().toString();
    }
}
