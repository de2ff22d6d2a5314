package dev.peerlife.conformance.spi;

/**
 * One thing that happens to one remote peer of the server.
 *
 * @param kind what happens
 * @param peer the peer's identity
 * @param reason for LOGIN_FAILED, DISCONNECT and REMOVE
 * @param serverTick for HEARTBEAT_RECEIVED, optional
 * @param type for SEND
 * @param payload for SEND, as UTF-8 text
 */
public record PeerInput(Kind kind, String peer, String reason, Long serverTick, Integer type, String payload) {

    public enum Kind {
        /** The peer's transport connects (or reconnects) to the server. */
        CONNECT,
        /** The peer's transport connection drops. */
        DISCONNECT,
        /** The peer sends an application message on the reliable lane. */
        SEND,
        /** The peer sends an application message on the sync lane. */
        SEND_SYNC,
        LOGIN_STARTED,
        LOGIN_SUCCEEDED,
        LOGIN_FAILED,
        HEARTBEAT_SENT,
        HEARTBEAT_RECEIVED,
        /** The server removes (evicts) the peer. */
        REMOVE
    }

    public static PeerInput of(Kind kind, String peer) {
        return new PeerInput(kind, peer, null, null, null, null);
    }
}
