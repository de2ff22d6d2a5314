package dev.peerlife.simulator.toxiproxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One client connection accepted by a proxy and the connection it opened to the upstream, with a
 * {@link ToxicLink} each way. Both channels share one event loop, which owns all of this object's
 * state; the API reaches it only through {@link #apply}.
 *
 * <p>As in Toxiproxy: the client's bytes are read only once the upstream is connected (a refused
 * upstream closes the client); the toxics are the proxy's at that moment; and when any of them is a
 * reset_peer, both sockets are set to linger 0, so that every close of this connection, by a toxic
 * or not, is a reset.
 */
final class ProxiedConnection {

    private final ProxyState proxy;
    private final SocketChannel client;
    private Channel backend;
    private ToxicLink upstream;
    private ToxicLink downstream;
    private boolean disposed;

    private ProxiedConnection(ProxyState proxy, SocketChannel client) {
        this.proxy = proxy;
        this.client = client;
    }

    /** Takes over a freshly accepted client channel (auto-read off) and dials the upstream. */
    static void accept(ProxyState proxy, SocketChannel client, String upstreamAddress) {
        ProxiedConnection c = new ProxiedConnection(proxy, client);
        proxy.opened(c);
        client.closeFuture().addListener(f -> c.channelClosed());
        client.pipeline().addLast(c.new Reader(true));
        java.net.InetSocketAddress address;
        try {
            address = ProxyState.resolve(upstreamAddress);
        } catch (IllegalArgumentException e) {
            client.close();
            return;
        }
        new Bootstrap().group(client.eventLoop()).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
                .handler(c.new Reader(false))
                .connect(address).addListener((ChannelFuture f) -> {
                    if (!f.isSuccess()) {
                        client.close();
                        return;
                    }
                    c.connected(f.channel());
                });
    }

    private void connected(Channel b) {
        backend = b;
        b.closeFuture().addListener(f -> channelClosed());
        if (!client.isActive()) {
            b.close();
            return;
        }
        List<List<ToxicState>> chains = proxy.attach(this);
        boolean lingerZero = chains.stream().flatMap(List::stream).anyMatch(t -> t.kind == ToxicKind.RESET_PEER);
        if (lingerZero) {
            client.config().setOption(ChannelOption.SO_LINGER, 0);
            b.config().setOption(ChannelOption.SO_LINGER, 0);
        }
        upstream = new ToxicLink(this, client, b);
        downstream = new ToxicLink(this, b, client);
        upstream.start(chains.get(0));
        downstream.start(chains.get(1));
        client.config().setAutoRead(true);
        b.config().setAutoRead(true);
    }

    /** Runs a chain change on this connection's loop; completes when it has been applied. */
    CompletableFuture<Void> apply(boolean upstreamDirection, Consumer<ToxicLink> change) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        client.eventLoop().execute(() -> {
            try {
                ToxicLink link = upstreamDirection ? upstream : downstream;
                if (link != null && !disposed) {
                    change.accept(link);
                }
            } finally {
                done.complete(null);
            }
        });
        return done;
    }

    /** Closes one side (a reset if this connection lingers 0); the other side's link ends in turn. */
    void close(Channel channel) {
        if (channel.isOpen()) {
            channel.close();
        }
    }

    /** The proxy was disabled or deleted: close both sides now. */
    void closeBoth() {
        client.eventLoop().execute(() -> {
            close(client);
            if (backend != null) {
                close(backend);
            }
        });
    }

    private void channelClosed() {
        if (!disposed && !client.isOpen() && (backend == null || !backend.isOpen())) {
            disposed = true;
            proxy.closed(this);
            if (upstream != null) {
                upstream.dispose();
                downstream.dispose();
            }
        }
    }

    /** Feeds what one channel reads into the link that starts there. */
    private final class Reader extends ChannelInboundHandlerAdapter {
        private final boolean clientSide;

        Reader(boolean clientSide) {
            this.clientSide = clientSide;
        }

        private ToxicLink link() {
            return clientSide ? upstream : downstream;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ToxicLink link = link();
            if (link == null || disposed) {
                ReferenceCountUtil.release(msg);
                return;
            }
            link.onRead((ByteBuf) msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                ended();
            }
            ReferenceCountUtil.release(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            ended();
        }

        private void ended() {
            ToxicLink link = link();
            if (link != null) {
                link.onSourceEnd();
            } else if (clientSide && backend != null) {
                close(backend);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // a reset or a failed read: Netty shuts the input down, which ends this link like a close
        }
    }
}
