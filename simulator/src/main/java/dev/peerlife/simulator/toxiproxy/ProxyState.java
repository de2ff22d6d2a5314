package dev.peerlife.simulator.toxiproxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One proxy: its listener, its toxics (one chain per direction, in the order they were added) and
 * its open connections. Name, addresses and the enabled flag belong to the API thread; the chains
 * are guarded by this object's lock, which is held only to read or change them and to hand each
 * open connection its share of a change (never for I/O), so that a connection opening at the same
 * moment sees either the chain before the change or the change itself, never both.
 */
final class ProxyState {

    final String name;
    String listen;
    String upstream;
    boolean enabled;
    private final List<ToxicState> upstreamChain = new ArrayList<>();
    private final List<ToxicState> downstreamChain = new ArrayList<>();
    private final Set<ProxiedConnection> open = ConcurrentHashMap.newKeySet();
    private final Set<ProxiedConnection> attached = ConcurrentHashMap.newKeySet();
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

    /** Upstream toxics first, then downstream ones, each in the order they were added (as Toxiproxy lists them). */
    synchronized List<ToxicState> toxics() {
        List<ToxicState> all = new ArrayList<>(upstreamChain);
        all.addAll(downstreamChain);
        return all;
    }

    synchronized ToxicState toxic(String toxicName) {
        for (ToxicState t : toxics()) {
            if (t.name.equals(toxicName)) {
                return t;
            }
        }
        return null;
    }

    private List<ToxicState> chain(boolean upstreamDirection) {
        return upstreamDirection ? upstreamChain : downstreamChain;
    }

    /** Adds a toxic at the end of its direction's chain; completes once every open connection has it. */
    CompletableFuture<Void> addToxic(ToxicState toxic) {
        synchronized (this) {
            chain(toxic.upstream).add(toxic);
            return onEveryConnection(toxic.upstream, link -> link.add(toxic));
        }
    }

    CompletableFuture<Void> updateToxic(ToxicState toxic) {
        synchronized (this) {
            List<ToxicState> chain = chain(toxic.upstream);
            for (int i = 0; i < chain.size(); i++) {
                if (chain.get(i).name.equals(toxic.name)) {
                    chain.set(i, toxic);
                }
            }
            return onEveryConnection(toxic.upstream, link -> link.update(toxic));
        }
    }

    CompletableFuture<Void> removeToxic(ToxicState toxic) {
        synchronized (this) {
            chain(toxic.upstream).removeIf(t -> t.name.equals(toxic.name));
            return onEveryConnection(toxic.upstream, link -> link.remove(toxic.name));
        }
    }

    /** Removes every toxic, one at a time from the front of each chain, as Toxiproxy's reset does. */
    CompletableFuture<Void> removeAllToxics() {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (ToxicState t : toxics()) {
            all.add(removeToxic(t));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> onEveryConnection(boolean upstreamDirection, Consumer<ToxicLink> change) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (ProxiedConnection c : attached) {
            done.add(c.apply(upstreamDirection, change));
        }
        return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new));
    }

    // ---- connections

    void opened(ProxiedConnection c) {
        open.add(c);
    }

    /** A connection's links start: they get the chains as they are now, and every later change. */
    synchronized List<List<ToxicState>> attach(ProxiedConnection c) {
        attached.add(c);
        return List.of(List.copyOf(upstreamChain), List.copyOf(downstreamChain));
    }

    void closed(ProxiedConnection c) {
        open.remove(c);
        attached.remove(c);
    }

    // ---- listening

    /** Starts listening; returns null, or the error as Go's net package words it. */
    String start() {
        if (enabled) {
            return null;
        }
        InetSocketAddress address;
        try {
            address = listenAddress(listen);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        String dial = upstream;
        ChannelFuture bind = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ProxiedConnection.accept(ProxyState.this, ch, dial);
                    }
                }).bind(address).awaitUninterruptibly();
        if (!bind.isSuccess()) {
            Throwable cause = bind.cause();
            String why = cause instanceof BindException ? "bind: address already in use" : String.valueOf(cause.getMessage());
            return "listen tcp " + listen + ": " + why;
        }
        server = bind.channel();
        listen = format(address.getAddress(), ((InetSocketAddress) server.localAddress()).getPort());
        enabled = true;
        return null;
    }

    /** Stops listening and closes every connection; toxics stay. */
    void stop() {
        if (!enabled) {
            return;
        }
        enabled = false;
        // Stop accepting, close what is open without waiting for the listener to be gone (a thread
        // hop less before the peers see the cut), then close whatever was accepted meanwhile.
        ChannelFuture closing = server.close();
        server = null;
        for (ProxiedConnection c : open) {
            c.closeBoth();
        }
        closing.awaitUninterruptibly();
        for (ProxiedConnection c : open) {
            c.closeBoth();
        }
    }

    /** The address a listen string binds, or an error worded as Go's {@code net.Listen} words it. */
    static InetSocketAddress listenAddress(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            if (hostPort.isEmpty()) {
                return new InetSocketAddress(0);
            }
            throw new IllegalArgumentException("listen tcp: address " + hostPort + ": missing port in address");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String portText = hostPort.substring(colon + 1);
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("listen tcp: lookup tcp/" + portText + ": unknown port");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("listen tcp: address " + portText + ": invalid port");
        }
        if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::")) {
            return new InetSocketAddress(port);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("listen tcp: lookup " + host + ": no such host");
        }
    }

    /** An upstream address to dial. */
    static InetSocketAddress resolve(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("missing port in address " + hostPort);
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new InetSocketAddress(host.isEmpty() ? "127.0.0.1" : host, Integer.parseInt(hostPort.substring(colon + 1)));
    }

    /** host:port as Go prints a listener's address: "[::]:port" for the wildcard, brackets for IPv6. */
    private static String format(InetAddress address, int port) {
        if (address == null || address.isAnyLocalAddress()) {
            return "[::]:" + port;
        }
        if (address instanceof Inet6Address && address.isLoopbackAddress()) {
            return "[::1]:" + port;
        }
        String host = address.getHostAddress();
        return (address instanceof Inet6Address ? "[" + host.replaceAll("%.*$", "") + "]" : host) + ":" + port;
    }
}
