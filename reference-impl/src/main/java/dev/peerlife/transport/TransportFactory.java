package dev.peerlife.transport;

/**
 * Creates the transports of an entry point, one per lane it needs: the server runtime's
 * ({@code ServerRuntime.start}), which bind a port, and the client runtime's
 * ({@code SharedNetworkRuntime.start}), which dial the server's port (the reliable one again at
 * each reconnect).
 */
@FunctionalInterface
public interface TransportFactory {

    /**
     * A transport for {@code role}, not yet started: for a server, one that binds {@code port} when
     * started (0: any free port); for a client, one that connects to the server's {@code port}.
     */
    Transport create(TransportRole role, int port);
}
