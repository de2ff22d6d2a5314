package dev.peerlife.conformance.properties;

import dev.peerlife.conformance.spi.EventView;
import dev.peerlife.conformance.spi.SessionView;
import dev.peerlife.conformance.spi.SystemUnderTest;
import dev.peerlife.conformance.steps.SharedSut;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Properties over random interleavings of many peers' events, run against the implementation the
 * suite is pointed at ({@code -Dsut}). Each name carries the requirement IDs it checks. Every
 * failure prints its seed; see the README for replaying a seed and exporting a counterexample.
 */
@AddLifecycleHook(PropertyHooks.class)
class LifecycleProperties {

    @Provide
    Arbitrary<History> histories() {
        return Histories.histories();
    }

    private static SystemUnderTest sut() {
        return SharedSut.get();
    }

    /** The model predicts every peer's state after every step, and each peer's events, exactly. */
    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    @RequirementIds({"NSL-1", "NSL-2", "NSL-3", "NSL-4", "NSL-5", "NSL-6", "NSL-7", "NSL-8"})
    void nsl1to8_everyStepAgreesWithTheModelOfTheRules(@ForAll("histories") History history) {
        SystemUnderTest sut = sut();
        LifecycleModel model = new LifecycleModel(history.policy());
        List<Step> steps = history.effectiveSteps();
        HistoryRunner.Outcome outcome = HistoryRunner.run(sut, history, i -> {
            model.apply(steps.get(i));
            Map<String, String> actual = new TreeMap<>();
            sut.sessions().forEach(s -> actual.put(s.peer(), s.state()));
            Map<String, String> expected = new TreeMap<>();
            model.sessions().forEach((peer, p) -> expected.put(peer, p.state));
            check(actual.equals(expected), "after step " + i + " " + steps.get(i) + ": states " + actual
                    + ", the model expects " + expected);
        });
        for (int i = 0; i < history.peers(); i++) {
            String peer = "p" + i;
            List<EventView> actual = outcome.eventsOf(peer);
            List<EventView> expected = model.eventsOf(peer);
            check(shape(actual).equals(shape(expected)), peer + " events " + shape(actual) + ", the model expects "
                    + shape(expected));
            for (int e = 0; e < actual.size(); e++) {
                checkReason(actual.get(e), expected.get(e));
            }
            LifecycleModel.Peer p = model.sessions().get(peer);
            SessionView view = outcome.sessions().get(peer);
            if (p != null) {
                check(java.util.Objects.equals(view.rttMs(), p.rttMs), peer + " RTT " + view.rttMs() + ", expected " + p.rttMs);
                check(java.util.Objects.equals(view.lastServerTick(), p.lastServerTick),
                        peer + " server tick " + view.lastServerTick() + ", expected " + p.lastServerTick);
                check((view.lastFailureReason() != null) == (p.failureReason != null),
                        peer + " failure reason '" + view.lastFailureReason() + "', expected one: " + (p.failureReason != null));
            }
        }
    }

    /** Each peer's state and events in the shared host equal those of a run with that peer alone. */
    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    @RequirementIds({"MSL-1", "MSL-2", "PRO-2"})
    void msl1_msl2_pro2_eachPeerBehavesAsIfItWereAlone(@ForAll("histories") History history) {
        SystemUnderTest sut = sut();
        HistoryRunner.Outcome together = HistoryRunner.run(sut, history, i -> { });
        for (int peer = 0; peer < history.peers(); peer++) {
            String name = "p" + peer;
            History alone = history.projectedOn(peer);
            if (alone.steps().stream().noneMatch(s -> s.peer() == name.charAt(1) - '0' && !s.kind().global())) {
                continue;
            }
            HistoryRunner.Outcome solo = HistoryRunner.run(sut, alone, i -> { });
            check(timed(together.eventsOf(name)).equals(timed(solo.eventsOf(name))), name + " events with others "
                    + timed(together.eventsOf(name)) + " differ from alone " + timed(solo.eventsOf(name)));
            check(java.util.Objects.equals(together.sessions().get(name), solo.sessions().get(name)),
                    name + " ends as " + together.sessions().get(name) + " with others, " + solo.sessions().get(name) + " alone");
        }
    }

    /**
     * Enumeration returns exactly the peers that have a session, lookup agrees with it, every event
     * names its peer, and each peer's events form one chain.
     */
    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    @RequirementIds({"MSL-2", "PRO-3"})
    void msl2_pro3_enumerationLookupAndEventsDescribeEachPeer(@ForAll("histories") History history) {
        SystemUnderTest sut = sut();
        List<Step> steps = history.effectiveSteps();
        Set<String> present = new TreeSet<>();
        HistoryRunner.Outcome outcome = HistoryRunner.run(sut, history, i -> {
            Step s = steps.get(i);
            switch (s.kind()) {
                case CONNECT -> present.add(s.peerName());
                case REMOVE -> present.remove(s.peerName());
                case RESTART -> present.clear();
                default -> { }
            }
            List<String> enumerated = sut.sessions().stream().map(SessionView::peer).toList();
            check(enumerated.size() == new TreeSet<>(enumerated).size(), "a peer is enumerated twice: " + enumerated);
            check(new TreeSet<>(enumerated).equals(present), "after step " + i + " " + s + ": enumerated " + enumerated
                    + ", peers with sessions " + present);
        });
        for (int i = 0; i < 8; i++) {
            String peer = "p" + i;
            check(sut.lookup(peer).isPresent() == present.contains(peer), "lookup of " + peer + " disagrees with enumeration");
            sut.lookup(peer).ifPresent(v -> check(v.equals(outcome.sessions().get(peer)), "lookup " + v
                    + " differs from enumeration " + outcome.sessions().get(peer)));
        }
        Map<String, String> last = new HashMap<>();
        for (EventView e : outcome.events()) {
            check(e.peer() != null && e.peer().matches("p[0-7]"), "an event names no known peer: " + e);
            if (e.kind().equals(EventView.REMOVED)) {
                last.remove(e.peer());
                continue;
            }
            String previous = last.getOrDefault(e.peer(), "Disconnected");
            check(e.previous().equals(previous), "event " + e + " does not follow " + previous);
            last.put(e.peer(), e.current());
        }
    }

    /**
     * Removing one peer at any point leaves every other peer's state and later behaviour unchanged,
     * and stopping the host leaves no session.
     */
    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    @RequirementIds({"MSL-3", "MSL-4"})
    void msl3_msl4_removingOnePeerChangesNoOtherAndStopClearsAll(@ForAll("histories") History history,
            @ForAll @IntRange(max = 80) int at, @ForAll @IntRange(max = 7) int victimIndex) {
        SystemUnderTest sut = sut();
        int victim = victimIndex % history.peers();
        HistoryRunner.Outcome without = HistoryRunner.run(sut, history, i -> { });
        History removing = history.with(at, new Step(Step.Kind.REMOVE, victim, 0, "evicted by the property"));
        HistoryRunner.Outcome with = HistoryRunner.run(sut, removing, i -> { });
        for (int peer = 0; peer < history.peers(); peer++) {
            if (peer == victim) {
                continue;
            }
            String name = "p" + peer;
            check(timed(without.eventsOf(name)).equals(timed(with.eventsOf(name))), "removing p" + victim
                    + " changed " + name + ": " + timed(without.eventsOf(name)) + " became " + timed(with.eventsOf(name)));
            check(java.util.Objects.equals(without.sessions().get(name), with.sessions().get(name)),
                    "removing p" + victim + " changed " + name + "'s end state");
        }
        sut.stopServer();
        check(sut.sessions().isEmpty(), "sessions remain after stop: " + sut.sessions());
        check(!sut.serverStatus().running(), "the server still runs after stop");
    }

    /**
     * Any policy value out of range is rejected with an error naming an offending field, before
     * anything starts; every policy in range is accepted.
     */
    @Property(tries = 1000, edgeCases = EdgeCasesMode.MIXIN)
    @RequirementIds({"NSL-8", "SRE-1"})
    void nsl8_sre1_aPolicyIsRejectedExactlyWhenAValueIsOutOfRangeNamingIt(
            @ForAll @LongRange(min = -3, max = 5_000) long intervalMs,
            @ForAll @LongRange(min = -3, max = 8_000) long timeoutMs,
            @ForAll @LongRange(min = -3, max = 3_000) long delayMs,
            @ForAll boolean autoReconnect) {
        SystemUnderTest sut = sut();
        sut.reset();
        Set<String> invalid = new TreeSet<>();
        if (intervalMs <= 0) {
            invalid.add("heartbeatIntervalMs");
        }
        if (timeoutMs <= 0) {
            invalid.add("heartbeatTimeoutMs");
        }
        if (delayMs < 0) {
            invalid.add("reconnectDelayMs");
        }
        try {
            sut.startServer(dev.peerlife.conformance.spi.ServerSpec.defaults()
                    .withPolicy(new dev.peerlife.conformance.spi.PolicySpec(intervalMs, timeoutMs, delayMs, autoReconnect)));
            check(invalid.isEmpty(), "accepted a policy with invalid " + invalid);
            check(sut.serverStatus().running(), "a valid policy did not start the server");
        } catch (dev.peerlife.conformance.spi.SutException e) {
            check(!invalid.isEmpty(), "rejected a valid policy: " + e.getMessage());
            check(e.kind() == dev.peerlife.conformance.spi.SutException.Kind.REJECTED && invalid.contains(e.field()),
                    "rejection names '" + e.field() + "' (" + e.kind() + "), expected one of " + invalid);
            check(!sut.serverStatus().running(), "a rejected policy left a server running");
        } finally {
            sut.stopServer();
        }
    }

    // ---- helpers

    private static List<String> shape(List<EventView> events) {
        List<String> out = new ArrayList<>();
        events.forEach(e -> out.add(e.kind() + " " + e.previous() + "->" + e.current() + " @" + e.timeMs()));
        return out;
    }

    private static List<String> timed(List<EventView> events) {
        List<String> out = new ArrayList<>();
        events.forEach(e -> out.add(e.kind() + " " + e.previous() + "->" + e.current() + " @" + e.timeMs()
                + (e.reason() == null ? "" : " (" + e.reason() + ")")));
        return out;
    }

    private static void checkReason(EventView actual, EventView expected) {
        switch (expected.kind()) {
            case "LoginFailed" -> check(expected.reason().equals(actual.reason()),
                    "LoginFailed reason '" + actual.reason() + "', expected '" + expected.reason() + "'");
            case "TimedOut", "Disconnected" -> check(actual.reason() != null && !actual.reason().isBlank(),
                    actual.kind() + " without a reason: " + actual);
            default -> { }
        }
    }

    private static void check(boolean condition, String failure) {
        if (!condition) {
            throw new AssertionError(failure);
        }
    }
}
