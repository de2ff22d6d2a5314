package dev.peerlife.conformance.model;

/**
 * A planted fault: one slip of the kind real implementers make, switched into {@link ProfileModel}
 * for the suite's negative controls ({@code controls/}). Unlike an {@link Alternative}, a fault breaks
 * what the spec requires; the model used as the oracle of the profile property never has one.
 */
public enum Fault {
    /** Off by one: the heartbeat timeout fires only once it has strictly passed, a millisecond late. */
    LATE_TIMEOUT,
    /** Off by one: a reconnect starts a millisecond before its delay has passed. */
    EARLY_RECONNECT,
    /** RTT is measured from the first heartbeat sent on the connection, not from the one answered. */
    RTT_FROM_FIRST_HEARTBEAT,
    /**
     * RTT is measured from the oldest unanswered heartbeat (REF-1's alternative, allowed), but the
     * unanswered heartbeats are not forgotten when the transport reconnects.
     */
    RTT_ACROSS_RECONNECT,
    /** A partial reset: a reconnect resets the state but not the liveness clock. */
    STALE_LIVENESS_ON_RECONNECT,
    /** Wrong identity: sessions are keyed by the host of an endpoint, so peers on one host share one. */
    HOST_KEYED_SESSIONS,
    /**
     * A missing cancel: a removed session's pending deadline stays armed and, when it comes, ends
     * whatever session the peer has by then (as the reference would with its deadline cancel dropped).
     */
    REMOVAL_KEEPS_DEADLINE,
    /** The eviction window is armed while a session is live, instead of once it has left the live states. */
    EVICTS_LIVE_SESSIONS,
    /** Deadlines are kept in 32-bit ints: correct near 0, wrong once the clock passes 2^31 ms (24.8 days). */
    INT_DEADLINES
}
