package dev.peerlife.simulator;

import java.util.List;
import java.util.Map;

/**
 * A simulation script: peers, policy, duration, a timeline of faults and the expectations to check.
 * Parsed from YAML or JSON by {@link ScenarioParser}; the format is in simulator/scenarios/README.md
 * and scenario.schema.json.
 */
public record Scenario(
        String name,
        String description,
        int peers,
        Policy policy,
        long resumeWindowMs,
        long durationMs,
        List<Fault> faults,
        RandomFaults randomFaults,
        List<Expectation> expectations) {

    public record Policy(long heartbeatIntervalMs, long heartbeatTimeoutMs, long reconnectDelayMs, boolean autoReconnect) {
    }

    /**
     * One fault: at {@code atMs} after the start, on the named peers (or all of them), for
     * {@code durationMs} (0: until the end).
     */
    public record Fault(long atMs, List<String> peers, String toxic, String stream, Map<String, Long> attributes,
                        long durationMs) {
        public static final List<String> TOXICS = List.of("latency", "timeout", "reset_peer", "bandwidth", "slow_close",
                "limit_data", "disable");
    }

    /** Random faults on a fraction of the peers, spread over the run; reproducible from the seed. */
    public record RandomFaults(double fraction, long seed, long fromMs, long untilMs, long minDurationMs, long maxDurationMs) {
    }

    /**
     * A check on the run. {@code reaches}: {@code peer} reaches {@code state} on {@code side} within
     * {@code withinMs} of {@code after} ("start", "fault:N" or "fault:N:end"). {@code unfaultedStay}:
     * no peer without a fault ever leaves {@code state} on {@code side} once it got there.
     * {@code noSupersededConnection}: no client (or only {@code peer}) ever has its connection closed
     * by the server as superseded by another one. {@code noLoginRefused}: no client (or only
     * {@code peer}) has a login refused from {@code after} on.
     */
    public record Expectation(String type, String peer, String side, String state, long withinMs, String after) {
        public static final List<String> TYPES = List.of("reaches", "unfaultedStay", "noSupersededConnection", "noLoginRefused");

        /** Whether the type checks the clients' own records and needs no state. */
        public boolean isClientRecordCheck() {
            return type.equals("noSupersededConnection") || type.equals("noLoginRefused");
        }
    }

    public List<String> peerIds() {
        return java.util.stream.IntStream.rangeClosed(1, peers).mapToObj(i -> "peer-" + i).toList();
    }
}
