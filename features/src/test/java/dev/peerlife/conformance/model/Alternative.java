package dev.peerlife.conformance.model;

/**
 * A decision where the spec is silent, taken differently from the reference. Each belongs to one
 * REF ID of the catalogue; {@link #original} marks the alternatives that REQUIREMENTS.md documents
 * as the choice of the system the spec was written for. {@link ProfileModel} takes any set of them,
 * so the suite can be shown to report exactly the REF IDs an implementation decides differently and
 * to keep every one of them CONFORMANT.
 */
public enum Alternative {
    /** The first heartbeat is due at once after login. */
    HEARTBEAT_DUE_AT_ONCE("REF-1", true),
    /** With several heartbeats in flight, RTT is measured from the first one not yet answered. */
    RTT_FROM_FIRST_IN_FLIGHT("REF-1", false),
    /** A heartbeat-sent input is recorded (its time) in any state; the event is still only published in LoggedIn. */
    HEARTBEAT_SENT_IN_ANY_STATE("REF-2", true),
    /** Login success and failure are accepted in any connected state they change, without a login start. */
    LOGIN_RESULT_WITHOUT_START("REF-3", true),
    /** Any input for a peer with no session creates its session (in Disconnected) first. */
    ANY_INPUT_CREATES_SESSION("REF-4", true),
    /** A removal publishes Disconnected but no removal notice. */
    NO_REMOVAL_NOTICE("REF-5", true),
    /** Transport activity on a session that is not live refreshes its liveness and leaves its state. */
    ACTIVITY_REFRESHES_ONLY("REF-6", true),
    /** An evaluation applies at most one rule per session. */
    ONE_STEP_PER_EVALUATION("REF-7", true),
    /** Other defaults: interval 3 s, timeout 10 s, reconnect delay 2 s. */
    OTHER_DEFAULTS("REF-8", false),
    /** Any positive port is accepted, and the sync port may equal the reliable one. */
    POSITIVE_PORTS_ONLY("REF-9", true),
    /** Sessions are never evicted. */
    NEVER_EVICTS("REF-10", true),
    /** An input that is illegal in the current state is published as a self-transition. */
    PUBLISHES_SELF_TRANSITIONS("REF-11", true),
    /** A server-tick sample lower than the last one is ignored. */
    IGNORES_LOWER_TICK("REF-12", true),
    /** A transport disconnect removes the session. */
    DISCONNECT_REMOVES_SESSION("REF-13", false),
    /** An admission refusal tells the peer no reason. */
    REFUSES_WITHOUT_REASON("REF-14", false);

    private final String refId;
    private final boolean original;

    Alternative(String refId, boolean original) {
        this.refId = refId;
        this.original = original;
    }

    public String refId() {
        return refId;
    }

    public boolean original() {
        return original;
    }
}
