package dev.peerlife.conformance.properties;

import dev.peerlife.conformance.model.ProfileModel;
import dev.peerlife.conformance.spi.Capability;
import dev.peerlife.conformance.spi.EventView;
import dev.peerlife.conformance.spi.LaneStatus;
import dev.peerlife.conformance.spi.PolicySpec;
import dev.peerlife.conformance.spi.ServerSpec;
import dev.peerlife.conformance.spi.SessionView;
import dev.peerlife.conformance.spi.SutException;
import dev.peerlife.conformance.spi.SystemUnderTest;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The reference-profile properties: never deciding conformance, they report where an implementation
 * decides differently from the reference where the spec is silent. The model property blames each
 * difference on the REF decision the failed prediction rests on; a difference that rests on no REF
 * decision (an isolation fault, a broken timing rule) is left to the normative properties, so a
 * wrong implementation is never reported as merely "different".
 */
@AddLifecycleHook(PropertyHooks.class)
class ProfileProperties {

    @Provide
    Arbitrary<History> histories() {
        return Histories.histories();
    }

    private static SystemUnderTest sut() {
        return PropertyHooks.sut();
    }

    /**
     * The model of the reference's rules predicts every peer's state, events, RTT and server tick after
     * every step, with the history's own resume window, so that evictions happen within it (REF-10).
     */
    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    @RequirementIds({"REF-1", "REF-2", "REF-3", "REF-4", "REF-5", "REF-6", "REF-7", "REF-10", "REF-11", "REF-12", "REF-13"})
    void ref_everyStepAgreesWithTheReferenceProfile(@ForAll("histories") History history) {
        List<Step> steps = history.effectiveSteps();
        HistoryRunner.Setup setup = history.setupWithResumeWindow();
        HistoryRunner.Run run = HistoryRunner.run(sut(), setup, steps, true);
        ProfileModel model = ProfileModel.reference(history.policy(), setup.originMs(), setup.resumeWindowMs());
        agreeWithTheModel(steps, setup, run, model, null);
    }

    @Provide
    Arbitrary<History> clientHistories() {
        return Histories.clientHistories();
    }

    /**
     * A client runtime's own session, step by step: the model predicts its state, events, RTT, server
     * tick and whether a heartbeat is due (REF-1: one interval after login, then after each heartbeat
     * sent). Not exported as a Gherkin counterexample: the exporter writes server-side steps.
     */
    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    @RequirementIds({"REF-1", "REF-2", "REF-3", "REF-7", "REF-11", "REF-12"})
    @NeedsCapability(Capability.CLIENT)
    void ref_theClientSessionAgreesWithTheReferenceProfile(@ForAll("clientHistories") History history) {
        List<Step> steps = SpecProperties.startingTheClient(history).effectiveSteps();
        HistoryRunner.ClientRun run = HistoryRunner.runClient(sut(), history.setup(), steps);
        ProfileModel model = ProfileModel.reference(history.policy(), history.originMs(), 0);
        agreeWithTheModel(steps, null, run.run(), model, run.heartbeatDue());
    }

    /**
     * Compares a recorded run with the model step by step and throws the first difference, blamed on
     * the REF decisions the failed predictions rest on. {@code heartbeatDue}, for a client run, is
     * compared too; {@code setup} null: nothing to export.
     */
    private static void agreeWithTheModel(List<Step> steps, HistoryRunner.Setup setup, HistoryRunner.Run run,
                                          ProfileModel model, List<Boolean> heartbeatDue) {
        PolicySpec policy = model.policy();
        int seen = 0;
        for (HistoryRunner.StepRecord r : run.records()) {
            Map<String, ProfileModel.Blame> blame = model.apply(r.step());
            List<EventView> expectedEvents = List.copyOf(model.events().subList(seen, model.events().size()));
            seen = model.events().size();
            Set<String> blamed = new TreeSet<>();
            List<String> problems = new ArrayList<>();
            List<String> expectations = new ArrayList<>();
            boolean unattributed = false;
            for (String peer : peersOf(model, r, expectedEvents)) {
                ProfileModel.Session expected = model.session(peer);
                SessionView actual = r.sessions().get(peer);
                ProfileModel.Blame b = blame.get(peer);
                Set<String> ids = new TreeSet<>();
                if (!Objects.equals(expected == null ? null : expected.state, actual == null ? null : actual.state())) {
                    problems.add(peer + " is " + (actual == null ? "without a session" : actual.state()) + ", the profile says "
                            + (expected == null ? "no session" : expected.state));
                    ids.addAll(b == null ? Set.of() : b.state());
                    unattributed |= b == null || b.state().isEmpty();
                }
                List<EventView> exp = ofPeer(expectedEvents, peer);
                List<EventView> act = ofPeer(r.events(), peer);
                if (!sameEvents(exp, act, r.step())) {
                    problems.add(peer + " published " + lines(act) + ", the profile says " + lines(exp));
                    Set<String> eventIds = b == null ? Set.of() : onlySelfTransitionsAdded(exp, act, r.step())
                            ? Set.of("REF-11") : onlyRemovalNoticeMissing(exp, act, r.step())
                            ? Set.of("REF-5") : without(b.events(), "REF-11");
                    ids.addAll(eventIds);
                    unattributed |= eventIds.isEmpty();
                }
                if (expected != null && actual != null && !Objects.equals(expected.rtt, actual.rttMs())) {
                    problems.add(peer + " has RTT " + actual.rttMs() + ", the profile says " + expected.rtt);
                    ids.addAll(b == null ? Set.of() : b.rtt());
                    unattributed |= b == null || b.rtt().isEmpty();
                }
                if (expected != null && actual != null && !Objects.equals(expected.tick, actual.lastServerTick())) {
                    problems.add(peer + " has last server tick " + actual.lastServerTick() + ", the profile says " + expected.tick);
                    ids.addAll(b == null ? Set.of() : b.tick());
                    unattributed |= b == null || b.tick().isEmpty();
                }
                if (heartbeatDue != null && expected != null && actual != null
                        && expected.isHeartbeatDue() != heartbeatDue.get(r.index())) {
                    problems.add(peer + (heartbeatDue.get(r.index()) ? " has" : " has no") + " heartbeat due, the profile says "
                            + (expected.isHeartbeatDue() ? "one is due" : "none is"));
                    ids.add("REF-1");
                }
                if (!ids.isEmpty() || !problems.isEmpty()) {
                    blamed.addAll(ids);
                }
                if (!problems.isEmpty() && problems.get(problems.size() - 1).startsWith(peer)) {
                    expectations.addAll(expectationsFor(peer, model));
                }
            }
            if (problems.isEmpty()) {
                continue;
            }
            HistoryRunner.Run upTo = new HistoryRunner.Run(run.steps(), run.records().subList(0, r.index() + 1), run.events(),
                    run.sessions());
            if (unattributed || new SpecChecker(policy).check(upTo).isPresent()) {
                return; // not a profile difference: a normative fault, which the normative properties report
            }
            PropertyFailure failure = new PropertyFailure(blamed, r.index(), "after step " + r.index() + " (" + r.step()
                    + ", at " + r.timeMs() + " ms), differing from the reference profile on " + blamed + ": "
                    + String.join("; ", problems), expectations);
            throw setup == null ? failure : failure.played(setup, steps);
        }
    }

    /** REF-8: a policy is rejected exactly when a value is out of range, naming an offending field, before anything starts. */
    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    @RequirementIds({"REF-8"})
    void ref8_aPolicyIsRejectedExactlyWhenAValueIsOutOfRangeNamingIt(@ForAll("policyValues") long intervalMs,
            @ForAll("policyValues") long timeoutMs, @ForAll("policyValues") long delayMs, @ForAll boolean autoReconnect) {
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
        startExpecting(ServerSpec.defaults().withPolicy(new PolicySpec(intervalMs, timeoutMs, delayMs, autoReconnect)),
                invalid, "REF-8");
    }

    /** Values around each boundary as often as values well inside the range. */
    @Provide
    Arbitrary<Long> policyValues() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(-3, 2)),
                net.jqwik.api.Tuple.of(4, Arbitraries.longs().between(3, 8_000)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(Long.MIN_VALUE, -1_000_000L, Long.MAX_VALUE / 4)));
    }

    @Provide
    Arbitrary<Integer> ports() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(1, 65_535)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(0, 1, 2, 65_534, 65_535, 65_536, 65_537)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(65_536, 200_000)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(-5, -1)));
    }

    /**
     * REF-9: the ports are rejected exactly when one is outside 1..65535 or the sync port equals the
     * reliable one, naming the field, before any transport starts. A sync port is only given to an
     * implementation that declares the sync lane.
     */
    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    @RequirementIds({"REF-9"})
    void ref9_portsAreRejectedExactlyWhenOutOfRangeNamingThem(@ForAll("ports") int reliablePort,
            @ForAll("ports") int syncPort, @ForAll("syncChoice") int syncChoice) {
        boolean syncLane = sut().describe().can(dev.peerlife.conformance.spi.Capability.SYNC_LANE);
        Integer sync = syncChoice == 0 || !syncLane ? null : syncChoice == 1 ? Integer.valueOf(reliablePort) : Integer.valueOf(syncPort);
        Set<String> invalid = new TreeSet<>();
        if (reliablePort < 1 || reliablePort > 65_535) {
            invalid.add("reliablePort");
        }
        if (sync != null && (sync < 1 || sync > 65_535 || sync == reliablePort)) {
            invalid.add("syncPort");
        }
        startExpecting(ServerSpec.defaults().withReliablePort(reliablePort).withSyncPort(sync), invalid, "REF-9");
    }

    @Provide
    Arbitrary<Integer> syncChoice() {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(2, Arbitraries.just(0)), net.jqwik.api.Tuple.of(1, Arbitraries.just(1)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(2)));
    }

    private static void startExpecting(ServerSpec spec, Set<String> invalid, String id) {
        SystemUnderTest sut = sut();
        sut.reset();
        try {
            sut.startServer(spec);
            check(invalid.isEmpty(), id, "accepted " + spec + " with invalid " + invalid);
            check(sut.serverStatus().running(), id, "a valid configuration did not start the server: " + spec);
        } catch (SutException e) {
            check(!invalid.isEmpty(), id, "rejected a valid configuration " + spec + ": " + e.getMessage());
            check(e.kind() == SutException.Kind.REJECTED && invalid.contains(e.field()), id,
                    "rejection names '" + e.field() + "' (" + e.kind() + ": " + e.getMessage() + "), expected one of " + invalid);
            check(!sut.serverStatus().running(), id, "a rejected configuration left a server running");
            for (LaneStatus lane : sut.serverStatus().lanes()) {
                check(lane.starts() == 0, id, "the " + lane.lane() + " lane was started although the configuration was invalid");
            }
        } finally {
            sut.stopServer();
        }
    }

    // ---- helpers

    private static Set<String> peersOf(ProfileModel model, HistoryRunner.StepRecord r, List<EventView> expected) {
        Set<String> peers = new TreeSet<>(model.sessions().keySet());
        peers.addAll(r.sessions().keySet());
        expected.forEach(e -> peers.add(e.peer()));
        r.events().forEach(e -> peers.add(e.peer()));
        return peers;
    }

    private static List<EventView> ofPeer(List<EventView> events, String peer) {
        return events.stream().filter(e -> peer.equals(e.peer())).toList();
    }

    /** Kinds, states and times must agree; reasons only where the profile fixes them (login failures, removals). */
    private static boolean sameEvents(List<EventView> expected, List<EventView> actual, Step step) {
        if (expected.size() != actual.size()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            EventView e = expected.get(i);
            EventView a = actual.get(i);
            if (!e.kind().equals(a.kind()) || !e.previous().equals(a.previous()) || !e.current().equals(a.current())
                    || e.timeMs() != a.timeMs()) {
                return false;
            }
            if (reasonFixed(e, step) && !Objects.equals(e.reason(), a.reason())) {
                return false;
            }
        }
        return true;
    }

    private static boolean reasonFixed(EventView e, Step step) {
        return e.kind().equals("LoginFailed") || (step.kind() == Step.Kind.REMOVE
                && (e.kind().equals("Disconnected") || e.kind().equals(EventView.REMOVED)));
    }

    /**
     * Whether the implementation published what the profile says plus a self-transition for the
     * step's own input, which the profile ignores: the difference REF-11 names, and nothing else.
     */
    private static boolean onlySelfTransitionsAdded(List<EventView> expected, List<EventView> actual, Step step) {
        String kind = switch (step.kind()) {
            case CONNECT -> "TransportConnected";
            case DISCONNECT -> "Disconnected";
            case LOGIN_STARTED -> "LoginStarted";
            case LOGIN_SUCCEEDED -> "LoginSucceeded";
            case LOGIN_FAILED -> "LoginFailed";
            case HEARTBEAT_SENT -> "HeartbeatSent";
            case HEARTBEAT_RECEIVED -> "HeartbeatReceived";
            default -> null;
        };
        if (kind == null || expected.stream().anyMatch(e -> e.kind().equals(kind))) {
            return false;
        }
        List<EventView> rest = actual.stream().filter(a -> !(a.kind().equals(kind) && a.previous().equals(a.current()))).toList();
        return rest.size() < actual.size() && sameEvents(expected, rest, step);
    }

    /** Whether the implementation published what the profile says but its removal notices (REF-5). */
    private static boolean onlyRemovalNoticeMissing(List<EventView> expected, List<EventView> actual, Step step) {
        List<EventView> withoutNotices = expected.stream().filter(e -> !e.kind().equals(EventView.REMOVED)).toList();
        return withoutNotices.size() < expected.size() && sameEvents(withoutNotices, actual, step);
    }

    private static Set<String> without(Set<String> ids, String id) {
        Set<String> out = new TreeSet<>(ids);
        out.remove(id);
        return out.isEmpty() ? ids : out;
    }

    /** What the profile says of the peer, as Gherkin lines in the suite's own steps. */
    private static List<String> expectationsFor(String peer, ProfileModel model) {
        List<String> out = new ArrayList<>();
        ProfileModel.Session s = model.session(peer);
        out.add(s == null ? "peer \"" + peer + "\" has no session" : "peer \"" + peer + "\" is in state " + s.state);
        StringBuilder table = new StringBuilder("the events of peer \"" + peer + "\", removal notices included, are:");
        table.append("\n      | kind | previous | current | time | reason |");
        for (EventView e : model.events()) {
            if (e.peer().equals(peer)) {
                boolean fixed = e.kind().equals("LoginFailed") || e.kind().equals(EventView.REMOVED);
                table.append("\n      | ").append(e.kind()).append(" | ").append(e.previous()).append(" | ").append(e.current())
                        .append(" | ").append(e.timeMs()).append(" | ").append(fixed && e.reason() != null ? e.reason() : "").append(" |");
            }
        }
        out.add(table.toString());
        if (s != null) {
            out.add("peer \"" + peer + "\" has RTT " + (s.rtt == null ? "none" : s.rtt) + " and last server tick "
                    + (s.tick == null ? "none" : s.tick));
        }
        return out;
    }

    private static List<String> lines(List<EventView> events) {
        return events.stream().map(SpecChecker::line).toList();
    }

    private static void check(boolean condition, String id, String message) {
        if (!condition) {
            throw new PropertyFailure(Set.of(id), -1, message, List.of());
        }
    }
}
