package dev.peerlife.transport.netty;

import dev.peerlife.transport.BoundTransport;
import dev.peerlife.transport.ConnectionId;
import dev.peerlife.transport.Transport;
import dev.peerlife.transport.TransportException;
import dev.peerlife.transport.TransportListener;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reliable lane of a server on real TCP: accepts many connections, one {@link ConnectionId} per
 * connection ({@code tcp:ADDRESS#N}). {@link #start} binds (port 0: any free port, see
 * {@link #port()}); {@link #stop} closes every connection, releases the port and stops every
 * thread it started, once.
 *
 * <p>Threading: listener calls come on Netty event loop threads, one connection per thread at a time.
 */
public final class NettyTcpServer implements BoundTransport {

    private final String host;
    private final int requestedPort;
    private final int maxFrameBytes;
    private final Map<ConnectionId, Channel> connections = new ConcurrentHashMap<>();
    private final AtomicLong nextConnection = new AtomicLong();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel serverChannel;
    private volatile int port = -1;

    public NettyTcpServer(String host, int port, int maxFrameBytes) {
        this.host = host;
        this.requestedPort = port;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public void start(TransportListener listener) {
        if (!started.compareAndSet(false, true)) {
            throw new TransportException("TCP server already started");
        }
        boss = new NioEventLoopGroup(1, NettyThreads.named("tcp-accept"));
        workers = new NioEventLoopGroup(0, NettyThreads.named("tcp-io"));
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ConnectionId id = new ConnectionId("tcp:" + ch.remoteAddress() + "#" + nextConnection.incrementAndGet());
                        connections.put(id, ch);
                        Framing.install(ch.pipeline(), maxFrameBytes);
                        ch.pipeline().addLast("lifecycle", new FrameHandler(id, listener, connections::remove));
                    }
                });
        ChannelFuture bind = bootstrap.bind(host, requestedPort).awaitUninterruptibly();
        if (!bind.isSuccess()) {
            shutdownGroups();
            throw new TransportException("cannot bind TCP " + host + ":" + requestedPort + ": " + bind.cause(), bind.cause());
        }
        serverChannel = bind.channel();
        port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** The bound port, once started. */
    @Override
    public int port() {
        return port;
    }

    /** Open connections now. */
    public int connectionCount() {
        return connections.size();
    }

    @Override
    public void stop() {
        if (!started.get() || !stopped.compareAndSet(false, true)) {
            return;
        }
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
        }
        for (Channel ch : connections.values()) {
            reason(ch, "server stopped");
            ch.close();
        }
        shutdownGroups();
    }

    private void shutdownGroups() {
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Override
    public void send(ConnectionId to, byte[] frame) {
        Channel ch = connections.get(to);
        if (ch != null && ch.isActive()) {
            ch.writeAndFlush(Framing.frame(ch.alloc(), frame), ch.voidPromise());
        }
    }

    @Override
    public void sendToAll(byte[] frame) {
        for (Channel ch : connections.values()) {
            if (ch.isActive()) {
                ch.writeAndFlush(Framing.frame(ch.alloc(), frame), ch.voidPromise());
            }
        }
    }

    @Override
    public void close(ConnectionId connection, String reason) {
        Channel ch = connections.get(connection);
        if (ch != null) {
            reason(ch, reason);
            ch.close();
        }
    }

    private static void reason(Channel ch, String reason) {
        FrameHandler handler = ch.pipeline().get(FrameHandler.class);
        if (handler != null) {
            handler.closingBecause(reason);
        }
    }
}
