package dev.peerlife.transport.netty;

import dev.peerlife.transport.ConnectionId;
import dev.peerlife.transport.SessionBound;
import dev.peerlife.transport.Transport;
import dev.peerlife.transport.TransportException;
import dev.peerlife.transport.TransportListener;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sync lane of a client on UDP: prefixes every envelope with the session token it was given
 * ({@link SessionBound}); until it has one, what it is asked to send is dropped and counted.
 */
public final class NettyUdpClient implements Transport, SessionBound {

    private final InetSocketAddress server;
    private final EventLoopGroup sharedGroup;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicLong droppedBeforeLogin = new AtomicLong();
    private EventLoopGroup ownGroup;
    private volatile Channel channel;
    private volatile byte[] token;

    public NettyUdpClient(String host, int port) {
        this(host, port, null);
    }

    public NettyUdpClient(String host, int port, EventLoopGroup sharedGroup) {
        this.server = new InetSocketAddress(host, port);
        this.sharedGroup = sharedGroup;
    }

    @Override
    public void bindSession(byte[] token) {
        this.token = token.clone();
    }

    /** Envelopes dropped because no session token had been given yet. */
    public long droppedBeforeLogin() {
        return droppedBeforeLogin.get();
    }

    @Override
    public void start(TransportListener listener) {
        if (!started.compareAndSet(false, true)) {
            throw new TransportException("UDP client already started");
        }
        EventLoopGroup group = sharedGroup;
        if (group == null) {
            ownGroup = new NioEventLoopGroup(1, NettyThreads.named("udp-client"));
            group = ownGroup;
        }
        ConnectionId id = new ConnectionId("udp:" + server);
        ChannelFuture bind = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        byte[] bytes = ByteBufUtil.getBytes(packet.content());
                        try {
                            listener.onReceive(id, bytes);
                        } catch (RuntimeException e) {
                            System.getLogger(NettyUdpClient.class.getName()).log(System.Logger.Level.WARNING, "listener failed", e);
                        }
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        // One lost datagram; the lane goes on.
                    }
                }).bind("0.0.0.0", 0).awaitUninterruptibly();
        if (!bind.isSuccess()) {
            if (ownGroup != null) {
                ownGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            }
            throw new TransportException("cannot open a UDP socket: " + NettyThreads.reason(bind.cause()), bind.cause());
        }
        channel = bind.channel();
    }

    @Override
    public void stop() {
        if (!started.get() || !stopped.compareAndSet(false, true)) {
            return;
        }
        Channel ch = channel;
        if (ch != null) {
            ch.close().awaitUninterruptibly();
        }
        if (ownGroup != null) {
            ownGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Override
    public void send(ConnectionId to, byte[] frame) {
        sendToAll(frame);
    }

    @Override
    public void sendToAll(byte[] frame) {
        byte[] t = token;
        Channel ch = channel;
        if (t == null) {
            droppedBeforeLogin.incrementAndGet();
            return;
        }
        if (ch != null && ch.isActive()) {
            ByteBuf out = ch.alloc().buffer(t.length + frame.length).writeBytes(t).writeBytes(frame);
            ch.writeAndFlush(new DatagramPacket(out, server), ch.voidPromise());
        }
    }

    @Override
    public void close(ConnectionId connection, String reason) {
        stop();
    }
}
