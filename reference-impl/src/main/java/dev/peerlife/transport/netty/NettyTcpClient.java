package dev.peerlife.transport.netty;

import dev.peerlife.transport.ConnectionId;
import dev.peerlife.transport.Transport;
import dev.peerlife.transport.TransportException;
import dev.peerlife.transport.TransportListener;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The reliable lane of a client on real TCP: one connection to one server. {@link #start} returns
 * once connected or throws. Many clients can share one event loop group (pass it in; it is then not
 * shut down here), which is how a load test runs a thousand clients on two cores.
 */
public final class NettyTcpClient implements Transport {

    private static final int CONNECT_TIMEOUT_MS = 5_000;

    private final String host;
    private final int port;
    private final int maxFrameBytes;
    private final EventLoopGroup sharedGroup;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private EventLoopGroup ownGroup;
    private volatile Channel channel;

    public NettyTcpClient(String host, int port, int maxFrameBytes) {
        this(host, port, maxFrameBytes, null);
    }

    public NettyTcpClient(String host, int port, int maxFrameBytes, EventLoopGroup sharedGroup) {
        this.host = host;
        this.port = port;
        this.maxFrameBytes = maxFrameBytes;
        this.sharedGroup = sharedGroup;
    }

    @Override
    public void start(TransportListener listener) {
        if (!started.compareAndSet(false, true)) {
            throw new TransportException("TCP client already started");
        }
        EventLoopGroup group = sharedGroup;
        if (group == null) {
            ownGroup = new NioEventLoopGroup(1, NettyThreads.named("tcp-client"));
            group = ownGroup;
        }
        ConnectionId id = new ConnectionId("tcp:" + host + ":" + port);
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MS)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        Framing.install(ch.pipeline(), maxFrameBytes);
                        ch.pipeline().addLast("lifecycle", new FrameHandler(id, listener, c -> { }));
                    }
                });
        ChannelFuture connect = bootstrap.connect(host, port).awaitUninterruptibly();
        if (!connect.isSuccess()) {
            shutdownOwnGroup();
            throw new TransportException("cannot connect to " + host + ":" + port + ": " + NettyThreads.reason(connect.cause()), connect.cause());
        }
        channel = connect.channel();
    }

    public boolean isConnected() {
        Channel ch = channel;
        return ch != null && ch.isActive();
    }

    @Override
    public void stop() {
        if (!started.get() || !stopped.compareAndSet(false, true)) {
            return;
        }
        Channel ch = channel;
        if (ch != null) {
            FrameHandler handler = ch.pipeline().get(FrameHandler.class);
            if (handler != null) {
                handler.closingBecause("closed locally");
            }
            ch.close().awaitUninterruptibly();
        }
        shutdownOwnGroup();
    }

    private void shutdownOwnGroup() {
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
        Channel ch = channel;
        if (ch != null && ch.isActive()) {
            ch.writeAndFlush(Framing.frame(ch.alloc(), frame), ch.voidPromise());
        }
    }

    @Override
    public void close(ConnectionId connection, String reason) {
        stop();
    }
}
