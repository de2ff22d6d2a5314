package dev.peerlife.wire;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The lifecycle messages of the wire protocol (docs/wire-protocol.md). Each travels as an
 * {@link dev.peerlife.transport.Envelope} whose type is below {@code 0x0100}; application messages use
 * the types from {@code 0x0100} up. Immutable.
 */
public sealed interface ProtocolMessage {

    int LOGIN_REQUEST = 0x01;
    int LOGIN_RESPONSE = 0x02;
    int HEARTBEAT = 0x03;
    int HEARTBEAT_ACK = 0x04;
    int DISCONNECT = 0x05;

    /** Session tokens are 16 random bytes (128 bits). */
    int TOKEN_BYTES = 16;

    /** A client asks to log in as {@code playerId}, or to resume with the token of an earlier login. */
    record LoginRequest(String playerId, byte[] resumeToken) implements ProtocolMessage {
        public LoginRequest {
            Objects.requireNonNull(playerId, "playerId");
            resumeToken = resumeToken == null ? null : resumeToken.clone();
        }

        public boolean resuming() {
            return resumeToken != null;
        }

        @Override
        public byte[] resumeToken() {
            return resumeToken == null ? null : resumeToken.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LoginRequest r && r.playerId.equals(playerId) && Arrays.equals(r.resumeToken, resumeToken);
        }

        @Override
        public int hashCode() {
            return playerId.hashCode() * 31 + Arrays.hashCode(resumeToken);
        }

        @Override
        public String toString() {
            return "LoginRequest[" + playerId + (resumeToken == null ? "" : ", resuming") + "]";
        }
    }

    /** The server accepted: the session's identity and the token that resumes it. */
    record LoginAccepted(String peerId, byte[] token) implements ProtocolMessage {
        public LoginAccepted {
            Objects.requireNonNull(peerId, "peerId");
            token = token.clone();
        }

        @Override
        public byte[] token() {
            return token.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LoginAccepted a && a.peerId.equals(peerId) && Arrays.equals(a.token, token);
        }

        @Override
        public int hashCode() {
            return peerId.hashCode() * 31 + Arrays.hashCode(token);
        }

        @Override
        public String toString() {
            return "LoginAccepted[" + peerId + ", token " + HexFormat.of().formatHex(token, 0, 2) + "...]";
        }
    }

    /** The server refused the login, with a reason the client shows. */
    record LoginRejected(String reason) implements ProtocolMessage {
        public LoginRejected {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * A client's heartbeat; the server echoes {@code clientTimeMs} in its ack. {@code lastRttMs} is
     * the round-trip time the client measured from its previous ack, or -1 before it has one, so
     * that the server can show it.
     */
    record Heartbeat(long clientTimeMs, long lastRttMs) implements ProtocolMessage {
        /** A heartbeat with no RTT to report yet. */
        public Heartbeat(long clientTimeMs) {
            this(clientTimeMs, -1);
        }
    }

    /** The server's answer to a heartbeat, with a server tick sample for clock sync. */
    record HeartbeatAck(long clientTimeMs, long serverTick) implements ProtocolMessage {
    }

    /** Either side is about to close the connection, and says why. */
    record Disconnect(String reason) implements ProtocolMessage {
        public Disconnect {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
