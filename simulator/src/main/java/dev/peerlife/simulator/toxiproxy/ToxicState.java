package dev.peerlife.simulator.toxiproxy;

import java.util.LinkedHashMap;
import java.util.Map;

/** One toxic on one proxy, as the Toxiproxy HTTP API describes it. Mutable under the proxy's lock. */
final class ToxicState {

    static final java.util.Set<String> TYPES = java.util.Set.of("latency", "bandwidth", "slow_close", "timeout",
            "reset_peer", "limit_data", "slicer");

    final String name;
    final String type;
    final String stream;
    volatile double toxicity;
    final Map<String, Long> attributes = new LinkedHashMap<>();

    ToxicState(String name, String type, String stream, double toxicity) {
        this.name = name;
        this.type = type;
        this.stream = stream;
        this.toxicity = toxicity;
    }

    long attribute(String key) {
        Long v = attributes.get(key);
        return v == null ? 0 : v;
    }
}
