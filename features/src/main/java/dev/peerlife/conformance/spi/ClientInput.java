package dev.peerlife.conformance.spi;

/** One thing that happens to the client runtime's session. Fields as in {@link PeerInput}. */
public record ClientInput(Kind kind, String reason, Long serverTick, Integer type, String payload) {

    public enum Kind {
        LOGIN_STARTED,
        LOGIN_SUCCEEDED,
        LOGIN_FAILED,
        HEARTBEAT_SENT,
        HEARTBEAT_RECEIVED,
        SEND,
        SEND_SYNC
    }

    public static ClientInput of(Kind kind) {
        return new ClientInput(kind, null, null, null, null);
    }
}
