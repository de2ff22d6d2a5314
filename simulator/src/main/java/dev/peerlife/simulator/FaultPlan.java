package dev.peerlife.simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The faults a scenario asks for, one entry per fault and peer, with the times they are planned
 * for (ms on the scenario clock). Pure: the same scenario always gives the same plan (random
 * faults come from the scenario's seed), whatever engine then carries it out.
 */
public final class FaultPlan {

    /** The kinds a random fault picks from. */
    public static final List<String> RANDOM_KINDS = List.of("latency", "timeout", "reset_peer", "disable");

    /**
     * One fault on one peer: {@code fault} numbers it as the expectations do ("fault:N"), scenario
     * faults first in file order, then the random ones. {@code endMs} 0: until the end.
     */
    public record Planned(int fault, String peer, Scenario.Fault spec, long startMs, long endMs) {
    }

    private FaultPlan() {
    }

    public static List<Planned> of(Scenario scenario) {
        List<Planned> plan = new ArrayList<>();
        int i = 0;
        for (Scenario.Fault f : scenario.faults()) {
            List<String> targets = f.peers().contains("all") ? scenario.peerIds() : f.peers();
            for (String peer : targets) {
                plan.add(new Planned(i, peer, f, f.atMs(), f.durationMs() == 0 ? 0 : f.atMs() + f.durationMs()));
            }
            i++;
        }
        Scenario.RandomFaults r = scenario.randomFaults();
        if (r != null) {
            Random random = new Random(r.seed());
            List<String> shuffled = new ArrayList<>(scenario.peerIds());
            Collections.shuffle(shuffled, random);
            int count = (int) Math.round(r.fraction() * shuffled.size());
            long until = Math.max(r.fromMs() + 1, r.untilMs());
            for (String peer : shuffled.subList(0, count)) {
                String kind = RANDOM_KINDS.get(random.nextInt(RANDOM_KINDS.size()));
                long start = r.fromMs() + (long) (random.nextDouble() * (until - r.fromMs()));
                long duration = r.minDurationMs() + (long) (random.nextDouble() * Math.max(0, r.maxDurationMs() - r.minDurationMs()));
                Map<String, Long> attributes = kind.equals("latency")
                        ? Map.of("latency", scenario.policy().heartbeatTimeoutMs() * 2, "jitter", 100L) : Map.of();
                plan.add(new Planned(i, peer, new Scenario.Fault(start, List.of(peer), kind, "both", attributes, duration),
                        start, start + duration));
                i++;
            }
        }
        return plan;
    }
}
