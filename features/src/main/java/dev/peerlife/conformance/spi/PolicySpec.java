package dev.peerlife.conformance.spi;

/** A session policy as the suite asks for it; the implementation validates it (NSL-8). */
public record PolicySpec(long heartbeatIntervalMs, long heartbeatTimeoutMs, long reconnectDelayMs,
                         boolean autoReconnect) {

    /** The spec's defaults: 2 s, 6 s, 1 s, auto-reconnect on. */
    public static PolicySpec defaults() {
        return new PolicySpec(2_000, 6_000, 1_000, true);
    }
}
