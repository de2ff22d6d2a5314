package dev.peerlife.lifecycle;

/**
 * The lifecycle states of one session (NSL-1). The same vocabulary serves the client's single
 * session and every session a server host manages.
 */
public enum SessionState {
    DISCONNECTED,
    TRANSPORT_CONNECTED,
    LOGIN_PENDING,
    LOGGED_IN,
    LOGIN_FAILED,
    TIMED_OUT,
    RECONNECT_PENDING,
    RECONNECTING;

    /** Computed once: events are published by the million in simulations. */
    private final String specName = SpecNames.of(name());

    /**
     * Whether the transport is up and liveness is being tracked: only these states can time out,
     * and only these accept heartbeats and inbound activity.
     */
    public boolean isLive() {
        return this == TRANSPORT_CONNECTED || this == LOGIN_PENDING || this == LOGGED_IN;
    }

    /** The spec's spelling, for example {@code ReconnectPending}. */
    public String specName() {
        return specName;
    }
}
