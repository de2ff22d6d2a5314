package dev.peerlife.simulator.toxiproxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

/**
 * A Toxiproxy server inside the JVM, on Netty, for machines with neither Docker nor a
 * {@code toxiproxy-server} binary. It answers Toxiproxy 2.12's HTTP API as the real server does and
 * proxies TCP through the same toxics with the same observable behaviour (bytes delivered, timing,
 * how and when each end is closed or reset, on new and existing connections, on removal, with
 * toxicity); the differential tests hold it to the real binary. The few differences kept on
 * purpose are listed in {@code ToxiproxyApi}, {@code ToxicStage} and the README.
 *
 * <p>Threads: one for the API (requests are handled in order on it), one accepting proxied
 * connections, two carrying them. {@link #close()} stops every proxy and thread.
 */
public final class EmbeddedToxiproxy implements AutoCloseable {

    /** What {@code GET /version} reports. */
    public static final String VERSION = ToxiproxyApi.VERSION;

    private static final char[] ID_CHARS = "0123456789abcdefghijklmnopqrstuv".toCharArray();

    private final EventLoopGroup apiLoop = new NioEventLoopGroup(1, new DefaultThreadFactory("toxiproxy-api", true));
    private final EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory("toxiproxy-accept", true));
    private final EventLoopGroup workers = new NioEventLoopGroup(2, new DefaultThreadFactory("toxiproxy-io", true));
    private final ToxiproxyApi routes = new ToxiproxyApi(boss, workers);
    private final SecureRandom random = new SecureRandom();
    private final String host;
    private Channel api;

    private EmbeddedToxiproxy(String host) {
        this.host = host;
    }

    /** Starts the API on {@code host:port} (0: any free port). */
    public static EmbeddedToxiproxy start(String host, int port) {
        EmbeddedToxiproxy server = new EmbeddedToxiproxy(host);
        ChannelFuture bind = new ServerBootstrap().group(server.apiLoop).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20), server.new Api());
                    }
                }).bind(host, port).awaitUninterruptibly();
        if (!bind.isSuccess()) {
            server.close();
            throw new IllegalStateException("cannot start the embedded Toxiproxy API on " + host + ":" + port + ": "
                    + bind.cause().getMessage(), bind.cause());
        }
        server.api = bind.channel();
        return server;
    }

    public String host() {
        return host;
    }

    public int apiPort() {
        return ((InetSocketAddress) api.localAddress()).getPort();
    }

    public String url() {
        return "http://" + host + ":" + apiPort();
    }

    @Override
    public void close() {
        if (api != null) {
            api.close().awaitUninterruptibly();
        }
        apiLoop.submit(routes::stopAll).awaitUninterruptibly();
        apiLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private String requestId() {
        char[] id = new char[20];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_CHARS[random.nextInt(ID_CHARS.length)];
        }
        return new String(id);
    }

    /** One API connection: one request at a time, answered in order. */
    private final class Api extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            boolean head = request.method().equals(HttpMethod.HEAD);
            ctx.channel().config().setAutoRead(false);
            routes.handle(request.method().name(), request.uri(), request.headers().get(HttpHeaderNames.USER_AGENT),
                            request.content().toString(StandardCharsets.UTF_8))
                    .whenComplete((r, failure) -> {
                        ToxiproxyApi.Response answer = failure == null ? r
                                : ToxiproxyApi.Response.text(500, "{\"error\":\"" + failure + "\",\"status\":500}");
                        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                                HttpResponseStatus.valueOf(answer.status()),
                                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(answer.body()));
                        if (answer.contentType() != null) {
                            response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
                        }
                        if (answer.noSniff()) {
                            response.headers().set("X-Content-Type-Options", "nosniff");
                        }
                        if (answer.routed()) {
                            response.headers().set("X-Toxiproxy-Request-Id", requestId());
                        }
                        if (!head) {
                            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length);
                        }
                        HttpUtil.setKeepAlive(response, keepAlive);
                        ChannelFuture f = ctx.writeAndFlush(response);
                        f.addListener(written -> ctx.channel().config().setAutoRead(true));
                        if (!keepAlive) {
                            f.addListener(ChannelFutureListener.CLOSE);
                        }
                    });
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
