package dev.peerlife.transport;

/** Creates a server's transports; the server runtime entry point calls it for each lane it needs. */
@FunctionalInterface
public interface TransportFactory {

    /** A transport for {@code role}, to be bound at {@code port} (0: any free port) when started. */
    Transport create(TransportRole role, int port);
}
