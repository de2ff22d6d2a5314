package dev.peerlife.lifecycle;

/** The kinds of lifecycle event a session publishes (NSL-1). */
public enum LifecycleEventKind {
    TRANSPORT_CONNECTED,
    LOGIN_STARTED,
    LOGIN_SUCCEEDED,
    LOGIN_FAILED,
    HEARTBEAT_SENT,
    HEARTBEAT_RECEIVED,
    TIMED_OUT,
    RECONNECT_SCHEDULED,
    RECONNECT_STARTED,
    DISCONNECTED;

    /** Computed once: events are published by the million in simulations. */
    private final String specName = SpecNames.of(name());

    /** The spec's spelling, for example {@code HeartbeatReceived}. */
    public String specName() {
        return specName;
    }
}
