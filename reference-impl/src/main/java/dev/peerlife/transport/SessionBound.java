package dev.peerlife.transport;

/**
 * A transport that must present the session's token with what it sends, such as the UDP sync lane,
 * where the token, not the source address, says which session a datagram belongs to. The client
 * runtime hands it the token of each accepted login.
 */
public interface SessionBound {

    /**
     * A server transport reports frames that name their session by token as coming from
     * {@code ConnectionId(TOKEN_CONNECTION_PREFIX + hex(token))}; the host maps them to that session.
     */
    String TOKEN_CONNECTION_PREFIX = "token:";

    void bindSession(byte[] token);
}
