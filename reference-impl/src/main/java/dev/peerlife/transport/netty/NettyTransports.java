package dev.peerlife.transport.netty;

import dev.peerlife.transport.TransportFactory;
import dev.peerlife.transport.TransportRole;

/** Real-socket transports for the entry points, server and client: TCP for the reliable lane, UDP for sync. */
public final class NettyTransports {
    private NettyTransports() {
    }

    /**
     * Binds on {@code host}; frames over {@code maxFrameBytes} are dropped and counted; the TCP
     * connection cap is derived from the open-file limit.
     */
    public static TransportFactory server(String host, int maxFrameBytes) {
        return server(host, maxFrameBytes, 0);
    }

    /** As {@link #server(String, int)}, with at most {@code maxConnections} TCP connections (0: derived). */
    public static TransportFactory server(String host, int maxFrameBytes, int maxConnections) {
        return (role, port) -> role == TransportRole.RELIABLE
                ? new NettyTcpServer(host, port, maxFrameBytes, maxConnections)
                : new NettyUdpServer(host, port, maxFrameBytes);
    }

    /**
     * Client transports that dial {@code host}: a {@link NettyTcpClient} (frames over
     * {@code maxFrameBytes} dropped) for the reliable lane, a {@link NettyUdpClient} for the sync lane.
     */
    public static TransportFactory client(String host, int maxFrameBytes) {
        return (role, port) -> role == TransportRole.RELIABLE
                ? new NettyTcpClient(host, port, maxFrameBytes)
                : new NettyUdpClient(host, port);
    }

    /** The connection cap a TCP server would get by default in this process now. */
    public static int defaultMaxConnections() {
        return DescriptorBudget.defaultMaxConnections();
    }

    /** This process's open-file limit, or -1 where the JVM cannot tell. */
    public static long descriptorLimit() {
        return DescriptorBudget.descriptorLimit();
    }
}
