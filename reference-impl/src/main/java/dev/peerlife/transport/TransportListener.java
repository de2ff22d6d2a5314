package dev.peerlife.transport;

/**
 * What a transport reports to its owner. Methods have no-op defaults.
 *
 * <p>Threading: called from the transport's own threads (the caller's thread for the in-memory
 * transport). Calls for one connection come one at a time and in order; calls for different
 * connections may come at once.
 */
public interface TransportListener {

    /** A remote endpoint connected (server side) or the connection to the server is up (client side). */
    default void onConnected(ConnectionId connection) {
    }

    /**
     * A remote endpoint connected, with its place in the order the server accepted connections
     * (1, 2, 3, ...), where the transport knows it: a socket server's connections may be reported
     * on different threads in another order. The default forgets the order.
     */
    default void onConnected(ConnectionId connection, long acceptOrder) {
        onConnected(connection);
    }

    /** One inbound frame, already unframed: the bytes of one envelope. The array is the listener's. */
    default void onReceive(ConnectionId connection, byte[] frame) {
    }

    /**
     * The transport dropped bytes from {@code connection} it could not frame (for example a length
     * prefix over the maximum frame size). The connection stays open; the owner decides.
     */
    default void onMalformed(ConnectionId connection, String reason) {
    }

    /** The connection is gone, closed by either side or lost. */
    default void onDisconnected(ConnectionId connection, String reason) {
    }
}
