package dev.peerlife.conformance.properties;

import dev.peerlife.conformance.spi.PolicySpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/** Generators of multi-peer histories: 1 to 8 peers, 1 to 80 steps (uniformly), any valid policy. */
public final class Histories {

    private Histories() {
    }

    public static Arbitrary<History> histories() {
        Arbitrary<PolicySpec> policy = Combinators.combine(
                Arbitraries.longs().between(200, 4_000),
                Arbitraries.longs().between(500, 8_000),
                Arbitraries.longs().between(0, 3_000),
                Arbitraries.of(true, false)).as(PolicySpec::new);
        return Combinators.combine(policy, Arbitraries.integers().between(1, 8))
                .flatAs((p, peers) -> steps(peers).list().ofMinSize(1).ofMaxSize(80)
                        .withSizeDistribution(RandomDistribution.uniform())
                        .map(steps -> new History(p, peers, steps)));
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
