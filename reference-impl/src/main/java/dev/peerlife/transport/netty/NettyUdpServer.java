package dev.peerlife.transport.netty;

import dev.peerlife.transport.BoundTransport;
import dev.peerlife.transport.ConnectionId;
import dev.peerlife.transport.SessionBound;
import dev.peerlife.transport.Transport;
import dev.peerlife.transport.TransportException;
import dev.peerlife.transport.TransportListener;
import dev.peerlife.wire.ProtocolMessage;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;

import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The sync lane of a server on UDP. Each datagram is a 16-byte session token, then one envelope
 * (docs/wire-protocol.md). It is reported as coming from {@code ConnectionId("token:HEX@ADDRESS")},
 * so the host maps it to the session the token belongs to, whatever the source address, and keeps
 * that id as the session's sync connection; a reply to that id goes to the address it names. The
 * transport itself keeps no state per token or address, so datagrams with made-up tokens cost
 * nothing but their decoding. A datagram too short to hold a token and an envelope header is
 * reported as malformed, from {@code udp:ADDRESS}. {@link #sendToAll} sends nothing: a datagram
 * server has no connections to broadcast to.
 */
public final class NettyUdpServer implements BoundTransport {

    private final String host;
    private final int requestedPort;
    private final int maxFrameBytes;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private EventLoopGroup group;
    private Channel channel;
    private volatile int port = -1;

    public NettyUdpServer(String host, int port, int maxFrameBytes) {
        this.host = host;
        this.requestedPort = port;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public void start(TransportListener listener) {
        if (!started.compareAndSet(false, true)) {
            throw new TransportException("UDP server already started");
        }
        group = new NioEventLoopGroup(1, NettyThreads.named("udp"));
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        ByteBuf content = packet.content();
                        int length = content.readableBytes();
                        if (length < ProtocolMessage.TOKEN_BYTES + 3 || length > ProtocolMessage.TOKEN_BYTES + maxFrameBytes) {
                            ConnectionId from = new ConnectionId("udp:" + packet.sender());
                            guard(() -> listener.onMalformed(from, "datagram of " + length + " bytes"));
                            return;
                        }
                        byte[] token = new byte[ProtocolMessage.TOKEN_BYTES];
                        content.readBytes(token);
                        byte[] envelope = ByteBufUtil.getBytes(content);
                        ConnectionId id = new ConnectionId(SessionBound.TOKEN_CONNECTION_PREFIX + HexFormat.of().formatHex(token)
                                + "@" + address(packet.sender()));
                        guard(() -> listener.onReceive(id, envelope));
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        // A datagram socket error (ICMP unreachable and the like) concerns one datagram only.
                    }
                });
        ChannelFuture bind = bootstrap.bind(host, requestedPort).awaitUninterruptibly();
        if (!bind.isSuccess()) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            throw new TransportException("cannot listen on udp " + host + ":" + requestedPort + ": " + NettyThreads.reason(bind.cause()), bind.cause());
        }
        channel = bind.channel();
        port = ((InetSocketAddress) channel.localAddress()).getPort();
    }

    private static void guard(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            System.getLogger(NettyUdpServer.class.getName()).log(System.Logger.Level.WARNING, "listener failed", e);
        }
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void stop() {
        if (!started.get() || !stopped.compareAndSet(false, true)) {
            return;
        }
        if (channel != null) {
            channel.close().awaitUninterruptibly();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Sends to the address a {@code token:HEX@ADDRESS} id names; any other id is dropped. */
    @Override
    public void send(ConnectionId to, byte[] frame) {
        InetSocketAddress address = parse(to.value());
        Channel ch = channel;
        if (address != null && ch != null && ch.isActive()) {
            ch.writeAndFlush(new DatagramPacket(ch.alloc().buffer(frame.length).writeBytes(frame), address), ch.voidPromise());
        }
    }

    @Override
    public void sendToAll(byte[] frame) {
        // No connections: the host sends to each peer's sync connection instead.
    }

    @Override
    public void close(ConnectionId connection, String reason) {
        // Nothing is held per peer.
    }

    /** {@code 1.2.3.4:5} or {@code [::1]:5}. */
    static String address(InetSocketAddress a) {
        String ip = a.getAddress().getHostAddress();
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + a.getPort();
    }

    /** The address after the {@code @} of a token connection id, or null. */
    static InetSocketAddress parse(String id) {
        int at = id.lastIndexOf('@');
        int colon = id.lastIndexOf(':');
        if (at < 0 || colon < at) {
            return null;
        }
        String ip = id.substring(at + 1, colon);
        if (ip.startsWith("[") && ip.endsWith("]")) {
            ip = ip.substring(1, ip.length() - 1);
        }
        try {
            int port = Integer.parseInt(id.substring(colon + 1));
            // A literal address: no name lookup happens.
            return new InetSocketAddress(java.net.InetAddress.getByName(ip), port);
        } catch (java.net.UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }
}
