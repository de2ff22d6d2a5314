package dev.peerlife.transport.netty;

import dev.peerlife.transport.TransportFactory;
import dev.peerlife.transport.TransportRole;

/** Real-socket transports for the server runtime entry point: TCP for the reliable lane, UDP for sync. */
public final class NettyTransports {
    private NettyTransports() {
    }

    /** Binds on {@code host}; frames over {@code maxFrameBytes} are dropped and counted. */
    public static TransportFactory server(String host, int maxFrameBytes) {
        return (role, port) -> role == TransportRole.RELIABLE
                ? new NettyTcpServer(host, port, maxFrameBytes)
                : new NettyUdpServer(host, port, maxFrameBytes);
    }
}
