package dev.peerlife.transport.netty;

import dev.peerlife.transport.BoundTransport;
import dev.peerlife.transport.ConnectionId;
import dev.peerlife.transport.Transport;
import dev.peerlife.transport.TransportException;
import dev.peerlife.transport.TransportListener;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reliable lane of a server on real TCP: accepts many connections, one {@link ConnectionId} per
 * connection ({@code tcp:ADDRESS#N}); the connections are anonymous until their peer logs in.
 * {@link #start} binds (port 0: any free port, see {@link #port()}); {@link #stop} closes every
 * connection, releases the port and stops every thread it started, once.
 *
 * <p>Connection cap: at most {@code maxConnections} connections are open at once (by default as
 * many as the open-file limit allows after a reserve for the process, see
 * {@link DescriptorBudget}); one more is accepted and closed at once, and counted. A failure of the
 * accept loop itself (the limit reached anyway) pauses accepting for 100 ms and is counted; it never
 * ends the accept loop, and no listener hears of it.
 *
 * <p>Threading: listener calls come on Netty event loop threads, one connection per thread at a time.
 */
public final class NettyTcpServer implements BoundTransport {

    private static final System.Logger LOG = System.getLogger(NettyTcpServer.class.getName());
    private static final long ACCEPT_PAUSE_MS = 100;
    private static final io.netty.util.AttributeKey<Long> ACCEPT_ORDER = io.netty.util.AttributeKey.valueOf("peerlife.acceptOrder");

    private final String host;
    private final int requestedPort;
    private final int maxFrameBytes;
    private final int requestedMaxConnections;
    private final Map<ConnectionId, Channel> connections = new ConcurrentHashMap<>();
    private final AtomicLong nextConnection = new AtomicLong();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong acceptFailures = new AtomicLong();
    private volatile int maxConnections;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel serverChannel;
    private volatile int port = -1;

    /** A server with the default connection cap, derived from the open-file limit at start. */
    public NettyTcpServer(String host, int port, int maxFrameBytes) {
        this(host, port, maxFrameBytes, 0);
    }

    /** A server that keeps at most {@code maxConnections} connections open (0: the default cap). */
    public NettyTcpServer(String host, int port, int maxFrameBytes, int maxConnections) {
        if (maxConnections < 0) {
            throw new IllegalArgumentException("maxConnections must be >= 0, was " + maxConnections);
        }
        this.host = host;
        this.requestedPort = port;
        this.maxFrameBytes = maxFrameBytes;
        this.requestedMaxConnections = maxConnections;
    }

    @Override
    public void start(TransportListener listener) {
        if (!started.compareAndSet(false, true)) {
            throw new TransportException("TCP server already started");
        }
        DescriptorBudget.warmUp();
        boss = new NioEventLoopGroup(1, NettyThreads.named("tcp-accept"));
        // One I/O thread per core: more only contend for the cores (and the coordinator's lock).
        workers = new NioEventLoopGroup(Runtime.getRuntime().availableProcessors(), NettyThreads.named("tcp-io"));
        maxConnections = requestedMaxConnections > 0 ? requestedMaxConnections : DescriptorBudget.defaultMaxConnections();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .handler(new AcceptGuard())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (open.incrementAndGet() > maxConnections) {
                            open.decrementAndGet();
                            refused.incrementAndGet();
                            ch.close();
                            return;
                        }
                        ch.closeFuture().addListener(f -> open.decrementAndGet());
                        Long order = ch.attr(ACCEPT_ORDER).get();
                        long n = order == null ? nextConnection.incrementAndGet() : order;
                        ConnectionId id = new ConnectionId("tcp:" + ch.remoteAddress() + "#" + n);
                        connections.put(id, ch);
                        Framing.install(ch.pipeline(), maxFrameBytes);
                        ch.pipeline().addLast("lifecycle", new FrameHandler(id, n, listener, connections::remove));
                    }
                });
        ChannelFuture bind = bootstrap.bind(host, requestedPort).awaitUninterruptibly();
        if (!bind.isSuccess()) {
            shutdownGroups();
            throw new TransportException("cannot listen on tcp " + host + ":" + requestedPort + ": " + NettyThreads.reason(bind.cause()), bind.cause());
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

    /** The connection cap in force (known once started). */
    public int maxConnections() {
        return maxConnections;
    }

    /** Connections accepted and closed at once because the cap was reached. */
    public long refusedConnections() {
        return refused.get();
    }

    /** Times the accept loop itself failed (for example at the open-file limit) and paused. */
    public long acceptFailures() {
        return acceptFailures.get();
    }

    /** TCP connections are anonymous: a peer names itself by logging in. */
    @Override
    public boolean connectionsIdentifyPeers() {
        return false;
    }

    /**
     * First handler of the listening channel: numbers accepted connections in accept order, and
     * turns an accept failure into a brief pause instead of letting it reach the end of the
     * pipeline, where Netty would log it on every retry.
     */
    private final class AcceptGuard extends ChannelInboundHandlerAdapter {
        private volatile long lastLoggedNs = System.nanoTime() - TimeUnit.SECONDS.toNanos(2);

        /** Each accepted connection, on the accept thread, in accept order: number it. */
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Channel child) {
                child.attr(ACCEPT_ORDER).set(nextConnection.incrementAndGet());
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            long failures = acceptFailures.incrementAndGet();
            Channel server = ctx.channel();
            server.config().setAutoRead(false);
            server.eventLoop().schedule(() -> server.config().setAutoRead(true), ACCEPT_PAUSE_MS, TimeUnit.MILLISECONDS);
            long now = System.nanoTime();
            if (now - lastLoggedNs > TimeUnit.SECONDS.toNanos(1)) {
                lastLoggedNs = now;
                try {
                    LOG.log(System.Logger.Level.WARNING, "accepting failed (" + failures + " so far): " + cause
                            + "; pausing " + ACCEPT_PAUSE_MS + " ms");
                } catch (Throwable ignored) {
                    // Logging may itself need a descriptor; the pause above is what matters.
                }
            }
        }
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
