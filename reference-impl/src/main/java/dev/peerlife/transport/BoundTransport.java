package dev.peerlife.transport;

/** A server transport that listens on a port; once started, {@link #port()} is the port it got. */
public interface BoundTransport extends Transport {
    int port();
}
