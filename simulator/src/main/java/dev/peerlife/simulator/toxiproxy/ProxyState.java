package dev.peerlife.simulator.toxiproxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One proxy: listens on {@code listen}, and for each accepted connection opens one to
 * {@code upstream} and pipes bytes both ways through the toxics of each direction ("upstream":
 * client to server, "downstream": server to client). Toxics are read again for every chunk, so
 * adding or removing one affects open connections at once; whether a toxic applies to a connection
 * is rolled once per connection against its toxicity. Disabling closes every connection and stops
 * listening; enabling listens again on the same address.
 */
final class ProxyState {

    final String name;
    volatile String listen;
    volatile String upstream;
    volatile boolean enabled;
    private final Map<String, ToxicState> toxics = new LinkedHashMap<>();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private Channel server;

    ProxyState(String name, String listen, String upstream, EventLoopGroup boss, EventLoopGroup workers) {
        this.name = name;
        this.listen = listen;
        this.upstream = upstream;
        this.boss = boss;
        this.workers = workers;
    }

    // ---- toxics

    synchronized List<ToxicState> toxics() {
        return new ArrayList<>(toxics.values());
    }

    synchronized ToxicState toxic(String toxicName) {
        return toxics.get(toxicName);
    }

    synchronized boolean addToxic(ToxicState toxic) {
        if (toxics.containsKey(toxic.name)) {
            return false;
        }
        toxics.put(toxic.name, toxic);
        connections.forEach(c -> c.toxicAdded(toxic));
        return true;
    }

    synchronized boolean removeToxic(String toxicName) {
        return toxics.remove(toxicName) != null;
    }

    synchronized void clearToxics() {
        toxics.clear();
    }

    // ---- listening

    /** Starts listening; returns null or the reason it could not. */
    synchronized String enable() {
        if (server != null) {
            enabled = true;
            return null;
        }
        InetSocketAddress address = address(listen);
        ChannelFuture bind = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        new Connection(ch);
                    }
                }).bind(address).awaitUninterruptibly();
        if (!bind.isSuccess()) {
            return "listen " + listen + ": " + bind.cause().getMessage();
        }
        server = bind.channel();
        InetSocketAddress bound = (InetSocketAddress) server.localAddress();
        listen = address.getHostString() + ":" + bound.getPort();
        enabled = true;
        return null;
    }

    synchronized void disable() {
        enabled = false;
        if (server != null) {
            server.close().awaitUninterruptibly();
            server = null;
        }
        for (Connection c : connections) {
            c.closeBoth(false);
        }
        connections.clear();
    }

    static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("not host:port: " + hostPort);
        }
        String host = hostPort.substring(0, colon);
        return new InetSocketAddress(host.isEmpty() ? "0.0.0.0" : host, Integer.parseInt(hostPort.substring(colon + 1)));
    }

    /** One proxied connection: the client side, the upstream side, and a pipe each way. */
    private final class Connection {
        final Channel client;
        Channel backend;
        final Map<String, Boolean> rolls = new ConcurrentHashMap<>();
        final Pipe toUpstream;
        final Pipe toDownstream;
        volatile boolean closed;

        Connection(Channel client) {
            this.client = client;
            this.toUpstream = new Pipe("upstream");
            this.toDownstream = new Pipe("downstream");
            connections.add(this);
            client.pipeline().addLast(new Reader(toUpstream));
            client.closeFuture().addListener(f -> toUpstream.sourceClosed());
            new Bootstrap().group(client.eventLoop()).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                    .handler(new Reader(toDownstream))
                    .connect(address(upstream)).addListener((ChannelFuture f) -> {
                        if (!f.isSuccess()) {
                            client.close();
                            connections.remove(this);
                            return;
                        }
                        backend = f.channel();
                        backend.closeFuture().addListener(x -> toDownstream.sourceClosed());
                        toUpstream.to = backend;
                        toDownstream.to = client;
                        for (ToxicState t : toxics()) {
                            toxicAdded(t);
                        }
                        client.config().setAutoRead(true);
                        client.read();
                    });
        }

        boolean applies(ToxicState t, String stream) {
            return t.stream.equals(stream)
                    && rolls.computeIfAbsent(t.name, n -> ThreadLocalRandom.current().nextDouble() < t.toxicity);
        }

        /** Toxics that act on the connection itself rather than on each chunk start their timers here. */
        void toxicAdded(ToxicState t) {
            if (!(applies(t, "upstream") || applies(t, "downstream"))) {
                return;
            }
            long timeout = t.attribute("timeout");
            if (t.type.equals("reset_peer")) {
                client.eventLoop().schedule(() -> {
                    if (toxic(t.name) == t) {
                        closeBoth(true);
                    }
                }, timeout, TimeUnit.MILLISECONDS);
            } else if (t.type.equals("timeout") && timeout > 0) {
                client.eventLoop().schedule(() -> {
                    if (toxic(t.name) == t) {
                        closeBoth(false);
                    }
                }, timeout, TimeUnit.MILLISECONDS);
            }
        }

        void closeBoth(boolean reset) {
            if (closed) {
                return;
            }
            closed = true;
            connections.remove(this);
            if (reset && client.isActive()) {
                client.config().setOption(ChannelOption.SO_LINGER, 0);
            }
            client.close();
            if (backend != null) {
                backend.close();
            }
        }

        /** One direction: applies the direction's toxics to each chunk, in order. */
        private final class Pipe {
            final String stream;
            volatile Channel to;
            long releaseAtNs;
            long bytes;

            Pipe(String stream) {
                this.stream = stream;
            }

            void onData(ByteBuf data) {
                List<ToxicState> active = new ArrayList<>();
                for (ToxicState t : toxics()) {
                    if (applies(t, stream)) {
                        active.add(t);
                    }
                }
                long delayNs = 0;
                long paceNs = 0;
                for (ToxicState t : active) {
                    switch (t.type) {
                        case "timeout" -> {
                            ReferenceCountUtil.release(data);
                            return;
                        }
                        case "latency" -> {
                            long jitter = t.attribute("jitter");
                            long ms = t.attribute("latency") + (jitter > 0 ? ThreadLocalRandom.current().nextLong(-jitter, jitter + 1) : 0);
                            delayNs += TimeUnit.MILLISECONDS.toNanos(Math.max(0, ms));
                        }
                        case "bandwidth" -> {
                            long rateKbPerS = Math.max(1, t.attribute("rate"));
                            paceNs += data.readableBytes() * 1_000_000_000L / (rateKbPerS * 1024);
                        }
                        case "limit_data" -> {
                            long limit = t.attribute("bytes");
                            long left = limit - bytes;
                            if (data.readableBytes() >= left) {
                                ByteBuf head = data.readRetainedSlice((int) Math.max(0, left));
                                ReferenceCountUtil.release(data);
                                bytes = limit;
                                send(head, delayNs, paceNs);
                                to.eventLoop().schedule(() -> closeBoth(false),
                                        Math.max(0, releaseAtNs - System.nanoTime()), TimeUnit.NANOSECONDS);
                                return;
                            }
                        }
                        default -> { }
                    }
                }
                bytes += data.readableBytes();
                send(data, delayNs, paceNs);
            }

            private void send(ByteBuf data, long delayNs, long paceNs) {
                Channel target = to;
                long now = System.nanoTime();
                long at = Math.max(now + delayNs, releaseAtNs) + paceNs;
                releaseAtNs = at;
                long wait = at - now;
                if (wait <= 0) {
                    target.writeAndFlush(data);
                } else {
                    target.eventLoop().schedule(() -> target.writeAndFlush(data), wait, TimeUnit.NANOSECONDS);
                }
            }

            void sourceClosed() {
                Channel target = to;
                if (target == null) {
                    closeBoth(false);
                    return;
                }
                long delayMs = 0;
                for (ToxicState t : toxics()) {
                    if (t.type.equals("slow_close") && applies(t, stream)) {
                        delayMs += t.attribute("delay");
                    }
                }
                // The close travels like data: after what is still in flight, plus this direction's
                // slow_close delay. Only this direction's target is closed; its own close then
                // travels back through the other direction.
                long afterWritesNs = Math.max(0, releaseAtNs - System.nanoTime());
                target.eventLoop().schedule(() -> {
                    target.close();
                    if (!client.isActive() && (backend == null || !backend.isActive())) {
                        closed = true;
                        connections.remove(Connection.this);
                    }
                }, afterWritesNs + TimeUnit.MILLISECONDS.toNanos(delayMs), TimeUnit.NANOSECONDS);
            }
        }

        private final class Reader extends ChannelInboundHandlerAdapter {
            final Pipe pipe;

            Reader(Pipe pipe) {
                this.pipe = pipe;
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (pipe.to == null || closed) {
                    ReferenceCountUtil.release(msg);
                    return;
                }
                pipe.onData((ByteBuf) msg);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                closeBoth(false);
            }
        }
    }
}
