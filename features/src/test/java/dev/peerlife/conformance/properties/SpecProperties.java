package dev.peerlife.conformance.properties;

import dev.peerlife.conformance.spi.Capability;
import dev.peerlife.conformance.spi.EventView;
import dev.peerlife.conformance.spi.SessionView;
import dev.peerlife.conformance.spi.SystemUnderTest;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The normative properties: they decide conformance. Histories hold only situations the spec
 * speaks of ({@link History#normativeSteps()}), and each property checks only what the spec
 * requires, accepting every behaviour it allows. Each name carries the requirement IDs it checks;
 * a failure is blamed on the one that broke. Every property runs against its own fresh instance of
 * the implementation under test ({@link PropertyHooks}).
 */
@AddLifecycleHook(PropertyHooks.class)
class SpecProperties {

    @Provide
    Arbitrary<History> histories() {
        return Histories.histories();
    }

    private static SystemUnderTest sut() {
        return PropertyHooks.sut();
    }

    /**
     * MSL-1, MSL-2, PRO-2: each peer's events and end state with every other peer present equal
     * those of a run with that peer alone (removals are the removal property's business).
     */
    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    @RequirementIds({"MSL-1", "MSL-2", "PRO-2"})
    void msl1_msl2_pro2_eachPeerBehavesAsIfItWereAlone(@ForAll("histories") History history) {
        List<Step> steps = history.without(Step.Kind.REMOVE).normativeSteps();
        HistoryRunner.Run together = HistoryRunner.run(sut(), history.setup(), steps, false);
        for (int peer = 0; peer < history.peers(); peer++) {
            int p = peer;
            String name = "p" + peer;
            List<Step> alone = steps.stream().filter(s -> s.kind().global() || s.peer() == p).toList();
            if (alone.stream().noneMatch(s -> !s.kind().global())) {
                continue;
            }
            HistoryRunner.Run solo = HistoryRunner.run(sut(), history.setup(), alone, false);
            if (!timed(together.eventsOf(name)).equals(timed(solo.eventsOf(name)))
                    || !Objects.equals(together.sessions().get(name), solo.sessions().get(name))) {
                throw new PropertyFailure(Set.of("MSL-1", "MSL-2", "PRO-2"), -1, name + " with the other peers has events "
                        + timed(together.eventsOf(name)) + " and ends " + together.sessions().get(name) + "; alone it has "
                        + timed(solo.eventsOf(name)) + " and ends " + solo.sessions().get(name),
                        List.of("each peer's events and end state are those it has when it runs alone"))
                        .played(history.setup(), steps);
            }
        }
    }

    /**
     * MSL-2, PRO-3: after every step the enumeration holds every peer whose transport is open,
     * never a peer that has had no session since the last start (a dropped or removed peer may stay,
     * Disconnected); lookup agrees with it; every event names its peer, and each peer's events form
     * one chain.
     */
    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    @RequirementIds({"MSL-2", "PRO-3"})
    void msl2_pro3_enumerationLookupAndEventsDescribeEachPeer(@ForAll("histories") History history) {
        SystemUnderTest sut = sut();
        List<Step> steps = history.normativeSteps();
        HistoryRunner.Run run = HistoryRunner.run(sut, history.setup(), steps, true);
        Set<String> open = new TreeSet<>();
        Set<String> hadSession = new TreeSet<>();
        Set<String> untracked = new TreeSet<>();
        Map<String, SessionView> before = Map.of();
        for (HistoryRunner.StepRecord r : run.records()) {
            Step s = r.step();
            if (!s.kind().global()) {
                for (String peer : r.sessions().keySet()) {
                    if (!peer.equals(s.peerName()) && !Objects.equals(before.get(peer), r.sessions().get(peer))) {
                        untracked.add(peer); // changed by another peer's step: an isolation fault, judged elsewhere
                    }
                }
            }
            before = r.sessions();
            switch (s.kind()) {
                case CONNECT -> {
                    open.add(s.peerName());
                    hadSession.add(s.peerName());
                }
                case DISCONNECT, REMOVE -> open.remove(s.peerName());
                case RESTART -> {
                    open.clear();
                    hadSession.clear();
                    untracked.clear();
                }
                default -> { }
            }
            Map<String, SessionView> enumerated = new TreeMap<>(r.sessions());
            enumerated.keySet().removeAll(untracked);
            for (String peer : open) {
                if (!untracked.contains(peer) && !enumerated.containsKey(peer)) {
                    fail(Set.of("MSL-2"), r, history, steps, peer + " is connected but not enumerated: " + enumerated.keySet(),
                            "peer \"" + peer + "\" has a session");
                }
            }
            for (Map.Entry<String, SessionView> e : enumerated.entrySet()) {
                String peer = e.getKey();
                if (!hadSession.contains(peer)) {
                    fail(Set.of("MSL-2"), r, history, steps, peer + " has had no session since the server started but is enumerated: "
                            + e.getValue(), "peer \"" + peer + "\" has no session");
                }
                if (!open.contains(peer) && !e.getValue().state().equals("Disconnected")) {
                    fail(Set.of("MSL-2"), r, history, steps, peer + " is gone but enumerated as " + e.getValue().state(),
                            "peer \"" + peer + "\" has no session or is in state Disconnected");
                }
            }
        }
        for (int i = 0; i < 8; i++) {
            String peer = "p" + i;
            SessionView looked = sut.lookup(peer).orElse(null);
            if (!Objects.equals(looked, run.sessions().get(peer))) {
                throw new PropertyFailure(Set.of("MSL-2", "PRO-3"), -1, "lookup of " + peer + " gives " + looked
                        + ", enumeration " + run.sessions().get(peer), List.of(looked == null
                        ? "peer \"" + peer + "\" has no session" : "peer \"" + peer + "\" is in state " + looked.state()))
                        .played(history.setup(), steps);
            }
        }
        Map<String, String> last = new HashMap<>();
        for (EventView e : run.events()) {
            if (e.peer() == null || !e.peer().matches("p[0-7]")) {
                throw new PropertyFailure(Set.of("PRO-3"), -1, "an event names no peer of the history: " + e,
                        List.of("every server event names one of the peers p0, p1, p2, p3, p4, p5, p6, p7")).played(history.setup(), steps);
            }
            if (e.kind().equals(EventView.REMOVED)) {
                last.remove(e.peer());
                continue;
            }
            String previous = last.getOrDefault(e.peer(), "Disconnected");
            if (!e.previous().equals(previous)) {
                throw new PropertyFailure(Set.of("PRO-3"), -1, "event " + SpecChecker.line(e) + " does not follow " + previous,
                        List.of("the events of each peer form a chain in which every previous state is the prior current state"))
                        .played(history.setup(), steps);
            }
            last.put(e.peer(), e.current());
        }
    }

    /**
     * MSL-3: removing one peer at any point leaves every other peer's events and end state unchanged.
     * If the other peers already depend on the victim without any removal (an isolation fault, which
     * the isolation property reports), the difference is not the removal's and is not blamed on MSL-3.
     */
    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    @RequirementIds({"MSL-3"})
    void msl3_removingOnePeerChangesNoOther(@ForAll("histories") History history,
            @ForAll @IntRange(max = 80) int at, @ForAll @IntRange(max = 7) int victimIndex) {
        int victim = victimIndex % history.peers();
        List<Step> steps = history.normativeSteps();
        List<Step> inserted = new ArrayList<>(steps);
        inserted.add(Math.min(at, inserted.size()), new Step(Step.Kind.REMOVE, victim, 0, "evicted by the property"));
        List<Step> removing = history.withSteps(inserted).normativeSteps();
        List<Step> victimless = steps.stream().filter(s -> s.kind().global() || s.peer() != victim).toList();
        HistoryRunner.Run without = HistoryRunner.run(sut(), history.setup(), steps, false);
        HistoryRunner.Run with = HistoryRunner.run(sut(), history.setup(), removing, false);
        HistoryRunner.Run absent = HistoryRunner.run(sut(), history.setup(), victimless, false);
        for (int peer = 0; peer < history.peers(); peer++) {
            String name = "p" + peer;
            if (peer == victim || !sameFor(name, without, absent)) {
                continue;
            }
            if (!sameFor(name, without, with)) {
                throw new PropertyFailure(Set.of("MSL-3"), -1, "removing p" + victim + " changed " + name + ": events "
                        + timed(without.eventsOf(name)) + " became " + timed(with.eventsOf(name)) + ", end "
                        + without.sessions().get(name) + " became " + with.sessions().get(name),
                        List.of("no peer other than \"p" + victim + "\" changed because of its removal"))
                        .played(history.setup(), removing);
            }
        }
    }

    private static boolean sameFor(String peer, HistoryRunner.Run a, HistoryRunner.Run b) {
        return timed(a.eventsOf(peer)).equals(timed(b.eventsOf(peer))) && Objects.equals(a.sessions().get(peer), b.sessions().get(peer));
    }

    /**
     * MSL-4, NSL-5: stopping the server through its entry point clears every session, and each
     * session's end is observable as a Disconnected event or a removal notice.
     */
    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    @RequirementIds({"MSL-4", "NSL-5"})
    void msl4_nsl5_stopClearsEverySessionThroughTheLifecycle(@ForAll("histories") History history) {
        SystemUnderTest sut = sut();
        List<Step> steps = new ArrayList<>(history.normativeSteps());
        steps.add(new Step(Step.Kind.STOP, 0, 0, null));
        HistoryRunner.Run run = HistoryRunner.run(sut, history.setup(), steps, false);
        if (!run.sessions().isEmpty() || sut.serverStatus().running()) {
            throw new PropertyFailure(Set.of("MSL-4"), -1, "after stop the server runs: " + sut.serverStatus().running()
                    + "; sessions: " + run.sessions().keySet(), List.of("the server is not running", "the server has 0 managed sessions"))
                    .played(history.setup(), steps);
        }
        Set<String> hadSession = new TreeSet<>();
        for (Step s : steps) {
            if (s.kind() == Step.Kind.CONNECT) {
                hadSession.add(s.peerName());
            }
        }
        for (String peer : hadSession) {
            List<EventView> events = run.allEventsOf(peer);
            EventView last = events.isEmpty() ? null : events.get(events.size() - 1);
            if (last == null || !(last.kind().equals("Disconnected") || last.kind().equals(EventView.REMOVED))) {
                throw new PropertyFailure(Set.of("NSL-5"), -1, "the end of " + peer + "'s session is not observable: its last event is "
                        + (last == null ? "none" : SpecChecker.line(last)),
                        List.of("every peer that had a session ended with a Disconnected event or a removal notice"))
                        .played(history.setup(), steps);
            }
        }
    }

    /**
     * MSL-2: a live session (TransportConnected, LoginPending, LoggedIn) never disappears, however short
     * the resume window, except through its own peer's disconnect or removal, or a restart: the window
     * bounds how long a session that left the live states must be kept, never a live one. The server
     * runs with the history's own resume window, in the range of the other timings.
     */
    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    @RequirementIds({"MSL-2"})
    void msl2_aLiveSessionIsNeverDroppedWhateverTheResumeWindow(@ForAll("histories") History history) {
        List<Step> steps = history.normativeSteps();
        HistoryRunner.Setup setup = history.setupWithResumeWindow();
        HistoryRunner.Run run = HistoryRunner.run(sut(), setup, steps, true);
        Map<String, SessionView> before = Map.of();
        for (HistoryRunner.StepRecord r : run.records()) {
            Step s = r.step();
            for (Map.Entry<String, SessionView> e : before.entrySet()) {
                String peer = e.getKey();
                boolean own = !s.kind().global() && s.peerName().equals(peer)
                        && (s.kind() == Step.Kind.DISCONNECT || s.kind() == Step.Kind.REMOVE);
                if (LIVE.contains(e.getValue().state()) && !r.sessions().containsKey(peer) && !own
                        && s.kind() != Step.Kind.RESTART) {
                    throw new PropertyFailure(Set.of("MSL-2"), r.index(), "after step " + r.index() + " (" + s + ", at "
                            + r.timeMs() + " ms, resume window " + setup.resumeWindowMs() + " ms): " + peer + " was "
                            + e.getValue().state() + " and its session is gone",
                            List.of("peer \"" + peer + "\" has a session")).played(setup, steps);
                }
            }
            before = r.sessions();
        }
    }

    @Provide
    Arbitrary<History> clientHistories() {
        return Histories.clientHistories();
    }

    /** A client history with the CONNECT that starts the client runtime in front. */
    static History startingTheClient(History history) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(Step.Kind.CONNECT, 0, 0, null));
        steps.addAll(history.steps());
        return history.withSteps(steps);
    }

    /**
     * NSL-1..3 on a client runtime's own session, step by step (the same checker as the server's): its
     * login states, heartbeats and RTT, and its own timeout and reconnect scheduling when it evaluates.
     * Not exported as a Gherkin counterexample: the exporter writes server-side steps.
     */
    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    @RequirementIds({"NSL-1", "NSL-2", "NSL-3"})
    @NeedsCapability(Capability.CLIENT)
    void nsl1_nsl2_nsl3_theClientSessionFollowsTheSpecsRules(@ForAll("clientHistories") History history) {
        List<Step> steps = startingTheClient(history).normativeSteps();
        HistoryRunner.Run run = HistoryRunner.runClient(sut(), history.setup(), steps).run();
        new SpecChecker(history.policy()).check(run).ifPresent(f -> {
            throw f;
        });
    }

    /** NSL-1..3: each session follows the spec's login, heartbeat, timeout and reconnect rules, step by step. */
    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    @RequirementIds({"NSL-1", "NSL-2", "NSL-3"})
    void nsl1_nsl2_nsl3_eachSessionFollowsTheSpecsRules(@ForAll("histories") History history) {
        List<Step> steps = history.normativeSteps();
        HistoryRunner.Run run = HistoryRunner.run(sut(), history.setup(), steps, true);
        new SpecChecker(history.policy()).check(run).ifPresent(f -> {
            throw f.played(history.setup(), steps);
        });
    }

    // ---- helpers

    private static final Set<String> LIVE = Set.of("TransportConnected", "LoginPending", "LoggedIn");

    private static void fail(Set<String> ids, HistoryRunner.StepRecord r, History history, List<Step> steps, String message,
                             String expectation) {
        throw new PropertyFailure(ids, r.index(), "after step " + r.index() + " (" + r.step() + "): " + message, List.of(expectation))
                .played(history.setup(), steps);
    }

    static List<String> timed(List<EventView> events) {
        List<String> out = new ArrayList<>();
        events.forEach(e -> out.add(e.kind() + " " + e.previous() + "->" + e.current() + " @" + e.timeMs()
                + (e.reason() == null ? "" : " (" + e.reason() + ")")));
        return out;
    }
}
