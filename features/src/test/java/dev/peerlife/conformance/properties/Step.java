package dev.peerlife.conformance.properties;

/**
 * One event of a generated history: something that happens to one peer, or to the whole host.
 * {@code peer} is an index ("p0".."p7"); {@code amount} is milliseconds for ADVANCE and the server
 * tick for HEARTBEAT_RECEIVED (negative: none).
 */
public record Step(Kind kind, int peer, long amount, String reason) {

    public enum Kind {
        CONNECT, DISCONNECT, SEND, LOGIN_STARTED, LOGIN_SUCCEEDED, LOGIN_FAILED, HEARTBEAT_SENT,
        HEARTBEAT_RECEIVED, REMOVE,
        /** Time passes. */
        ADVANCE,
        /** The host evaluates its sessions. */
        EVALUATE,
        /** The host is stopped and started again through its entry point. */
        RESTART,
        /** The host is stopped through its entry point (only as the last step, never generated). */
        STOP;

        public boolean global() {
            return this == ADVANCE || this == EVALUATE || this == RESTART || this == STOP;
        }
    }

    public String peerName() {
        return "p" + peer;
    }

    public boolean hasTick() {
        return kind == Kind.HEARTBEAT_RECEIVED && amount >= 0;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ADVANCE -> "+" + amount + "ms";
            case EVALUATE -> "evaluate";
            case RESTART -> "restart";
            case STOP -> "stop";
            case LOGIN_FAILED, REMOVE -> kind + "(" + peerName() + ", " + reason + ")";
            case HEARTBEAT_RECEIVED -> kind + "(" + peerName() + (hasTick() ? ", tick " + amount : "") + ")";
            default -> kind + "(" + peerName() + ")";
        };
    }
}
