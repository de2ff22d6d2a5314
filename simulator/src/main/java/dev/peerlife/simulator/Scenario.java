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
     * One fault: at {@code atMs} on the scenario clock (which starts once every peer is logged in),
     * on the named peers (or all of them), for {@code durationMs} from when it really began (0: until
     * the end). {@code attributes} are Toxiproxy's for the toxic.
     */
    public record Fault(long atMs, List<String> peers, String toxic, String stream, Map<String, Long> attributes,
                        long durationMs) {
        public static final List<String> TOXICS = List.of("latency", "timeout", "reset_peer", "bandwidth", "slow_close",
                "limit_data", "slicer", "disable");

        /** Each toxic's attributes, as Toxiproxy names them; disable takes none. */
        public static final Map<String, List<String>> ATTRIBUTES = Map.of(
                "latency", List.of("latency", "jitter"),
                "timeout", List.of("timeout"),
                "reset_peer", List.of("timeout"),
                "bandwidth", List.of("rate"),
                "slow_close", List.of("delay"),
                "limit_data", List.of("bytes"),
                "slicer", List.of("average_size", "size_variation", "delay"),
                "disable", List.of());

        /**
         * The attributes a scenario must give: those without a meaningful default. (timeout and
         * reset_peer default to 0: blackhole until lifted, reset as soon as data arrives.)
         */
        public static final Map<String, List<String>> REQUIRED = Map.of(
                "latency", List.of("latency"),
                "timeout", List.of(),
                "reset_peer", List.of(),
                "bandwidth", List.of("rate"),
                "slow_close", List.of("delay"),
                "limit_data", List.of("bytes"),
                "slicer", List.of("average_size"),
                "disable", List.of());
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
