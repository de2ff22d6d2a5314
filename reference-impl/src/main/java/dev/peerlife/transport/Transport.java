package dev.peerlife.transport;

/**
 * The host-agnostic transport contract shared by client and server (SNF-2, SNF-4). A server
 * transport accepts many connections; a client transport holds one, to its server.
 *
 * <p>{@link #start} returns once the transport is usable (a server is bound; a client is connected)
 * or throws {@link TransportException}. {@link #stop} is idempotent, closes every connection and
 * releases every resource; a stopped transport is not restarted. Sending to an unknown or closed
 * connection is a silent no-op: the connection's disconnect is reported through the listener.
 */
public interface Transport {

    void start(TransportListener listener);

    void stop();

    void send(ConnectionId to, byte[] frame);

    void sendToAll(byte[] frame);

    /** Closes one connection; the listener hears {@code onDisconnected} with {@code reason}. */
    void close(ConnectionId connection, String reason);

    /**
     * Whether a server transport's connection ids name their peer, so that a connection is a
     * session identity from the start (the in-memory network, where a peer dials under its name),
     * rather than anonymous until the peer logs in over the wire protocol (TCP). The default, true,
     * suits wrappers of the in-memory network; a socket transport answers false.
     */
    default boolean connectionsIdentifyPeers() {
        return true;
    }
}
