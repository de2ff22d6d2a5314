package dev.peerlife.simulator.toxiproxy;

import java.util.List;

/**
 * The toxic types Toxiproxy 2.12 registers, with their attributes as its API reads and writes them:
 * every attribute is an integer, defaults to 0, and is always present in the toxic's JSON; unknown
 * attribute keys are ignored. {@code goStruct} and {@code goType} only serve error messages that
 * match the real server's.
 */
enum ToxicKind {
    LATENCY("latency", "LatencyToxic", "int64", "latency", "jitter"),
    BANDWIDTH("bandwidth", "BandwidthToxic", "int64", "rate"),
    SLOW_CLOSE("slow_close", "SlowCloseToxic", "int64", "delay"),
    TIMEOUT("timeout", "TimeoutToxic", "int64", "timeout"),
    RESET_PEER("reset_peer", "ResetToxic", "int64", "timeout"),
    LIMIT_DATA("limit_data", "LimitDataToxic", "int64", "bytes"),
    SLICER("slicer", "SlicerToxic", "int", "average_size", "size_variation", "delay"),
    NOOP("noop", "NoopToxic", "int64");

    final String type;
    final String goStruct;
    final String goType;
    final List<String> attributes;

    ToxicKind(String type, String goStruct, String goType, String... attributes) {
        this.type = type;
        this.goStruct = goStruct;
        this.goType = goType;
        this.attributes = List.of(attributes);
    }

    /** The kind for an API type name, or null for a type Toxiproxy does not register. */
    static ToxicKind of(String type) {
        for (ToxicKind k : values()) {
            if (k.type.equals(type)) {
                return k;
            }
        }
        return null;
    }

    int index(String attribute) {
        return attributes.indexOf(attribute);
    }
}
