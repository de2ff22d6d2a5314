package dev.peerlife.conformance.properties;

import dev.peerlife.conformance.spi.PolicySpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.List;

/**
 * Generators of multi-peer histories: 1 to 8 peers, any valid policy, a server started at clock 0,
 * hours or days in, or near the largest clock the driver protocol carries ({@link #MAX_CLOCK_MS}), a
 * resume window in the range of the other timings, and 1 to 50 pieces of history. A piece is mostly
 * a single random step, and sometimes a short run of steps that random single steps rarely line up:
 * a login; several heartbeats in flight before an answer; a removal and the peer's return; a
 * reconnect; a live peer heartbeating through several evaluations.
 */
public final class Histories {

    /** The largest clock value the driver protocol carries: 2^53 - 1, exact in every JSON parser. */
    public static final long MAX_CLOCK_MS = (1L << 53) - 1;
    private static final long HOUR_MS = 3_600_000L;
    private static final long DAY_MS = 24 * HOUR_MS;

    private Histories() {
    }

    public static Arbitrary<History> histories() {
        Arbitrary<PolicySpec> policy = Combinators.combine(
                Arbitraries.longs().between(200, 4_000),
                Arbitraries.longs().between(500, 8_000),
                Arbitraries.longs().between(0, 3_000),
                Arbitraries.of(true, false)).as(PolicySpec::new);
        Arbitrary<Long> origin = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(0L)),
                // hours in, up to 40 days: past what a 32-bit int of milliseconds holds (24.8 days)
                Tuple.of(3, Arbitraries.longs().between(HOUR_MS, 40 * DAY_MS)),
                // near the largest clock, with room for the longest history (50 pieces of at most 40 s)
                Tuple.of(3, Arbitraries.longs().between(MAX_CLOCK_MS - 20_000_000L, MAX_CLOCK_MS - 10_000_000L)));
        Arbitrary<Long> resumeWindow = Arbitraries.longs().between(500, 8_000);
        return Combinators.combine(policy, Arbitraries.integers().between(1, 8), origin, resumeWindow)
                .flatAs((p, peers, o, w) -> pieces(peers, p).list().ofMinSize(1).ofMaxSize(50)
                        .withSizeDistribution(RandomDistribution.uniform())
                        .map(pieces -> new History(p, peers, flatten(pieces), o, w)));
    }

    /**
     * Histories of a client runtime's own session: a policy, an origin, and pieces made of the client's
     * inputs (login started, succeeded or failed; heartbeat sent or answered), time passing and the
     * client evaluating its session. The client starts with the history (the property adds the
     * CONNECT that starts it), so any sublist is still a client history.
     */
    public static Arbitrary<History> clientHistories() {
        Arbitrary<PolicySpec> policy = Combinators.combine(
                Arbitraries.longs().between(200, 4_000),
                Arbitraries.longs().between(500, 8_000),
                Arbitraries.longs().between(0, 3_000),
                Arbitraries.of(true, false)).as(PolicySpec::new);
        Arbitrary<Long> origin = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.just(0L)),
                Tuple.of(5, Arbitraries.longs().between(MAX_CLOCK_MS - 20_000_000L, MAX_CLOCK_MS - 10_000_000L)));
        return Combinators.combine(policy, origin)
                .flatAs((p, o) -> clientPieces(p).list().ofMinSize(1).ofMaxSize(30)
                        .withSizeDistribution(RandomDistribution.uniform())
                        .map(pieces -> new History(p, 1, flatten(pieces), o, HistoryRunner.Setup.NO_EVICTION_MS)));
    }

    static Arbitrary<List<Step>> clientPieces(PolicySpec policy) {
        Arbitrary<Long> shortWait = Arbitraries.longs().between(1, 500);
        Arbitrary<Long> tick = Arbitraries.longs().between(-1, 100_000);
        Arbitrary<Long> wait = Arbitraries.longs().between(1, Math.max(1, 2 * policy.heartbeatIntervalMs()));
        Arbitrary<Step> single = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(step(Step.Kind.LOGIN_STARTED, 0))),
                Tuple.of(4, Arbitraries.just(step(Step.Kind.LOGIN_SUCCEEDED, 0))),
                Tuple.of(2, Arbitraries.of("banned", "wrong password").map(r -> new Step(Step.Kind.LOGIN_FAILED, 0, 0, r))),
                Tuple.of(4, Arbitraries.just(step(Step.Kind.HEARTBEAT_SENT, 0))),
                Tuple.of(4, tick.map(t -> new Step(Step.Kind.HEARTBEAT_RECEIVED, 0, t, null))),
                Tuple.of(8, wait.map(ms -> new Step(Step.Kind.ADVANCE, 0, ms, null))),
                Tuple.of(6, Arbitraries.just(new Step(Step.Kind.EVALUATE, 0, 0, null))));
        Arbitrary<Long> livePace = Arbitraries.longs().between(1, Math.max(1, policy.heartbeatTimeoutMs() - 1));
        return Arbitraries.frequencyOf(
                Tuple.of(12, single.map(List::of)),
                Tuple.of(3, Arbitraries.just(List.of(step(Step.Kind.LOGIN_STARTED, 0), step(Step.Kind.LOGIN_SUCCEEDED, 0)))),
                Tuple.of(3, Combinators.combine(Arbitraries.integers().between(1, 3), shortWait.list().ofSize(3), tick)
                        .as((sent, waits, t) -> heartbeatsInFlight(0, sent, waits, t))),
                Tuple.of(1, livePace.list().ofMinSize(2).ofMaxSize(6).map(paces -> liveRun(0, paces))));
    }

    private static List<Step> flatten(List<List<Step>> pieces) {
        List<Step> out = new ArrayList<>();
        pieces.forEach(out::addAll);
        return out;
    }

    static Arbitrary<List<Step>> pieces(int peers, PolicySpec policy) {
        Arbitrary<Integer> peer = Arbitraries.integers().between(0, peers - 1);
        Arbitrary<Long> shortWait = Arbitraries.longs().between(1, 500);
        // Shorter than the timeout: a peer heartbeating at this pace stays live.
        Arbitrary<Long> livePace = Arbitraries.longs().between(1, Math.max(1, policy.heartbeatTimeoutMs() - 1));
        Arbitrary<Long> tick = Arbitraries.longs().between(-1, 100_000);
        return Arbitraries.frequencyOf(
                Tuple.of(40, steps(peers).map(List::of)),
                Tuple.of(3, peer.map(p -> List.of(step(Step.Kind.CONNECT, p), step(Step.Kind.LOGIN_STARTED, p),
                        step(Step.Kind.LOGIN_SUCCEEDED, p)))),
                Tuple.of(4, Combinators.combine(peer, Arbitraries.integers().between(1, 3), shortWait.list().ofSize(3), tick)
                        .as(Histories::heartbeatsInFlight)),
                Tuple.of(1, peer.map(p -> List.of(new Step(Step.Kind.REMOVE, p, 0, "evicted: returns"),
                        step(Step.Kind.CONNECT, p), step(Step.Kind.LOGIN_STARTED, p), step(Step.Kind.LOGIN_SUCCEEDED, p)))),
                Tuple.of(1, Combinators.combine(peer, shortWait).as((p, ms) -> List.of(
                        new Step(Step.Kind.DISCONNECT, p, 0, null), new Step(Step.Kind.ADVANCE, 0, ms, null),
                        step(Step.Kind.CONNECT, p)))),
                Tuple.of(2, Combinators.combine(peer, livePace.list().ofMinSize(2).ofMaxSize(8)).as(Histories::liveRun)));
    }

    /** {@code sent} heartbeats to one peer, a little apart, then one answer. */
    private static List<Step> heartbeatsInFlight(int peer, int sent, List<Long> waits, long tick) {
        List<Step> out = new ArrayList<>();
        for (int i = 0; i < sent; i++) {
            out.add(step(Step.Kind.HEARTBEAT_SENT, peer));
            out.add(new Step(Step.Kind.ADVANCE, 0, waits.get(i), null));
        }
        out.add(new Step(Step.Kind.HEARTBEAT_RECEIVED, peer, tick, null));
        return out;
    }

    /** One peer heartbeating at a pace that keeps it live, the host evaluating after each heartbeat. */
    private static List<Step> liveRun(int peer, List<Long> paces) {
        List<Step> out = new ArrayList<>();
        for (long ms : paces) {
            out.add(new Step(Step.Kind.ADVANCE, 0, ms, null));
            out.add(new Step(Step.Kind.HEARTBEAT_RECEIVED, peer, -1, null));
            out.add(new Step(Step.Kind.EVALUATE, 0, 0, null));
        }
        return out;
    }

    private static Step step(Step.Kind kind, int peer) {
        return new Step(kind, peer, 0, null);
    }

    @SuppressWarnings("unchecked")
    static Arbitrary<Step> steps(int peers) {
        Arbitrary<Integer> peer = Arbitraries.integers().between(0, peers - 1);
        Arbitrary<String> reason = Arbitraries.of("banned", "wrong password", "server full");
        return Arbitraries.frequencyOf(
                Tuple.of(12, peer.map(p -> new Step(Step.Kind.CONNECT, p, 0, null))),
                Tuple.of(4, peer.map(p -> new Step(Step.Kind.DISCONNECT, p, 0, null))),
                Tuple.of(8, peer.map(p -> new Step(Step.Kind.SEND, p, 0, null))),
                Tuple.of(8, peer.map(p -> new Step(Step.Kind.LOGIN_STARTED, p, 0, null))),
                Tuple.of(8, peer.map(p -> new Step(Step.Kind.LOGIN_SUCCEEDED, p, 0, null))),
                Tuple.of(3, Combinators.combine(peer, reason).as((p, r) -> new Step(Step.Kind.LOGIN_FAILED, p, 0, r))),
                Tuple.of(4, peer.map(p -> new Step(Step.Kind.HEARTBEAT_SENT, p, 0, null))),
                Tuple.of(8, Combinators.combine(peer, Arbitraries.longs().between(-1, 100_000))
                        .as((p, tick) -> new Step(Step.Kind.HEARTBEAT_RECEIVED, p, tick, null))),
                Tuple.of(2, Combinators.combine(peer, reason).as((p, r) -> new Step(Step.Kind.REMOVE, p, 0, "evicted: " + r))),
                Tuple.of(12, Arbitraries.longs().between(1, 5_000)
                        .map(ms -> new Step(Step.Kind.ADVANCE, 0, ms, null))),
                Tuple.of(10, Arbitraries.just(new Step(Step.Kind.EVALUATE, 0, 0, null))),
                Tuple.of(1, Arbitraries.just(new Step(Step.Kind.RESTART, 0, 0, null))));
    }
}
