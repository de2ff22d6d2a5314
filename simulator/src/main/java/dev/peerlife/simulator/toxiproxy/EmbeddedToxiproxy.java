package dev.peerlife.simulator.toxiproxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Toxiproxy-compatible server inside the JVM, on Netty, for machines with neither Docker nor a
 * {@code toxiproxy-server} binary. It serves the HTTP API the Toxiproxy Java client uses
 * ({@code /version}, {@code /reset}, proxies and toxics: create, read, update, delete, with
 * {@code enabled}, {@code stream} and {@code toxicity}) and proxies TCP with the toxics latency
 * (with jitter), bandwidth, timeout, reset_peer, slow_close and limit_data, using the attribute
 * names and meanings of Toxiproxy's documentation. {@link #close()} stops every proxy and thread.
 */
public final class EmbeddedToxiproxy implements AutoCloseable {

    public static final String VERSION = "2.9.0-peerlife-embedded";

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, ProxyState> proxies = new LinkedHashMap<>();
    private final EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory("toxiproxy-accept", true));
    private final EventLoopGroup workers = new NioEventLoopGroup(2, new DefaultThreadFactory("toxiproxy-io", true));
    private final String host;
    private Channel api;

    private EmbeddedToxiproxy(String host) {
        this.host = host;
    }

    /** Starts the API on {@code host:port} (0: any free port). */
    public static EmbeddedToxiproxy start(String host, int port) {
        EmbeddedToxiproxy server = new EmbeddedToxiproxy(host);
        ChannelFuture bind = new ServerBootstrap().group(server.boss, server.workers).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20), server.new Api());
                    }
                }).bind(host, port).awaitUninterruptibly();
        if (!bind.isSuccess()) {
            server.close();
            throw new IllegalStateException("cannot start the embedded Toxiproxy API on " + host + ":" + port, bind.cause());
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
        synchronized (proxies) {
            proxies.values().forEach(ProxyState::disable);
            proxies.clear();
        }
        if (api != null) {
            api.close().awaitUninterruptibly();
        }
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** A request the API refuses: the HTTP status and Toxiproxy's error text. */
    private static final class ApiError extends Exception {
        private static final long serialVersionUID = 1L;
        final HttpResponseStatus status;

        ApiError(HttpResponseStatus status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final class Api extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            FullHttpResponse response;
            try {
                Object body = route(request.method(), request.uri().replaceAll("\\?.*$", ""),
                        request.content().toString(StandardCharsets.UTF_8));
                response = body == null ? respond(HttpResponseStatus.NO_CONTENT, null, false)
                        : body instanceof String text ? respond(HttpResponseStatus.OK, text, false)
                        : respond(request.method().equals(HttpMethod.POST) && created ? HttpResponseStatus.CREATED
                                : HttpResponseStatus.OK, json.writeValueAsString(body), true);
            } catch (ApiError e) {
                ObjectNode error = json.createObjectNode().put("error", e.getMessage()).put("status", e.status.code());
                response = respond(e.status, error.toString(), true);
            } catch (IOException | RuntimeException e) {
                ObjectNode error = json.createObjectNode().put("error", String.valueOf(e.getMessage())).put("status", 400);
                response = respond(HttpResponseStatus.BAD_REQUEST, error.toString(), true);
            }
            created = false;
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            HttpUtil.setKeepAlive(response, keepAlive);
            ChannelFuture f = ctx.writeAndFlush(response);
            if (!keepAlive) {
                f.addListener(ChannelFutureListener.CLOSE);
            }
        }

        private boolean created;

        private FullHttpResponse respond(HttpResponseStatus status, String body, boolean isJson) {
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, isJson ? "application/json" : "text/plain");
            r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
            return r;
        }

        private Object route(HttpMethod method, String path, String body) throws ApiError, IOException {
            String[] parts = path.replaceAll("^/+|/+$", "").split("/");
            if (path.equals("/version") && method.equals(HttpMethod.GET)) {
                return VERSION;
            }
            if (path.equals("/reset") && method.equals(HttpMethod.POST)) {
                synchronized (proxies) {
                    for (ProxyState p : proxies.values()) {
                        p.clearToxics();
                        p.enable();
                    }
                }
                return null;
            }
            if (parts.length == 0 || !parts[0].equals("proxies")) {
                throw new ApiError(HttpResponseStatus.NOT_FOUND, "not found: " + path);
            }
            if (parts.length == 1) {
                if (method.equals(HttpMethod.GET)) {
                    ObjectNode all = json.createObjectNode();
                    synchronized (proxies) {
                        proxies.values().forEach(p -> all.set(p.name, proxyJson(p)));
                    }
                    return all;
                }
                if (method.equals(HttpMethod.POST)) {
                    return createProxy(json.readTree(body));
                }
            }
            ProxyState proxy;
            synchronized (proxies) {
                proxy = proxies.get(parts[1]);
            }
            if (proxy == null) {
                throw new ApiError(HttpResponseStatus.NOT_FOUND, "proxy not found");
            }
            if (parts.length == 2) {
                if (method.equals(HttpMethod.GET)) {
                    return proxyJson(proxy);
                }
                if (method.equals(HttpMethod.POST)) {
                    return updateProxy(proxy, json.readTree(body));
                }
                if (method.equals(HttpMethod.DELETE)) {
                    synchronized (proxies) {
                        proxies.remove(proxy.name);
                    }
                    proxy.disable();
                    return null;
                }
            }
            if (parts.length >= 3 && parts[2].equals("toxics")) {
                if (parts.length == 3) {
                    if (method.equals(HttpMethod.GET)) {
                        ArrayNode list = json.createArrayNode();
                        proxy.toxics().forEach(t -> list.add(toxicJson(t)));
                        return list;
                    }
                    if (method.equals(HttpMethod.POST)) {
                        return createToxic(proxy, json.readTree(body));
                    }
                }
                ToxicState toxic = parts.length == 4 ? proxy.toxic(parts[3]) : null;
                if (toxic == null) {
                    throw new ApiError(HttpResponseStatus.NOT_FOUND, "toxic not found");
                }
                if (method.equals(HttpMethod.GET)) {
                    return toxicJson(toxic);
                }
                if (method.equals(HttpMethod.POST)) {
                    JsonNode update = json.readTree(body);
                    synchronized (proxy) {
                        if (update.has("toxicity")) {
                            toxic.toxicity = update.get("toxicity").asDouble();
                        }
                        putAttributes(toxic, update.path("attributes"));
                    }
                    return toxicJson(toxic);
                }
                if (method.equals(HttpMethod.DELETE)) {
                    proxy.removeToxic(toxic.name);
                    return null;
                }
            }
            throw new ApiError(HttpResponseStatus.METHOD_NOT_ALLOWED, method + " " + path);
        }

        private ObjectNode createProxy(JsonNode request) throws ApiError {
            String name = request.path("name").asText("");
            String listen = request.path("listen").asText("");
            String upstream = request.path("upstream").asText("");
            if (name.isEmpty() || listen.isEmpty() || upstream.isEmpty()) {
                throw new ApiError(HttpResponseStatus.BAD_REQUEST, "missing required field: name, listen and upstream are required");
            }
            ProxyState proxy = new ProxyState(name, listen, upstream, boss, workers);
            synchronized (proxies) {
                if (proxies.containsKey(name)) {
                    throw new ApiError(HttpResponseStatus.CONFLICT, "proxy already exists");
                }
                if (request.path("enabled").asBoolean(true)) {
                    String failure = proxy.enable();
                    if (failure != null) {
                        throw new ApiError(HttpResponseStatus.INTERNAL_SERVER_ERROR, failure);
                    }
                }
                proxies.put(name, proxy);
            }
            created = true;
            return proxyJson(proxy);
        }

        private ObjectNode updateProxy(ProxyState proxy, JsonNode update) throws ApiError {
            if (update.has("upstream")) {
                proxy.upstream = update.get("upstream").asText();
            }
            if (update.has("listen") && !update.get("listen").asText().equals(proxy.listen)) {
                proxy.disable();
                proxy.listen = update.get("listen").asText();
            }
            boolean enable = update.has("enabled") ? update.get("enabled").asBoolean() : proxy.enabled;
            if (enable) {
                String failure = proxy.enable();
                if (failure != null) {
                    throw new ApiError(HttpResponseStatus.INTERNAL_SERVER_ERROR, failure);
                }
            } else {
                proxy.disable();
            }
            return proxyJson(proxy);
        }

        private ObjectNode createToxic(ProxyState proxy, JsonNode request) throws ApiError {
            String type = request.path("type").asText("");
            if (!ToxicState.TYPES.contains(type)) {
                throw new ApiError(HttpResponseStatus.BAD_REQUEST, "invalid toxic type: " + type);
            }
            String stream = request.path("stream").asText("downstream");
            if (!stream.equals("upstream") && !stream.equals("downstream")) {
                throw new ApiError(HttpResponseStatus.BAD_REQUEST, "stream must be upstream or downstream, was " + stream);
            }
            String name = request.path("name").asText(type + "_" + stream);
            double toxicity = request.has("toxicity") ? request.get("toxicity").asDouble() : 1.0;
            ToxicState toxic = new ToxicState(name, type, stream, toxicity);
            putAttributes(toxic, request.path("attributes"));
            if (!proxy.addToxic(toxic)) {
                throw new ApiError(HttpResponseStatus.CONFLICT, "toxic already exists");
            }
            return toxicJson(toxic);
        }

        private void putAttributes(ToxicState toxic, JsonNode attributes) {
            for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                toxic.attributes.put(e.getKey(), e.getValue().asLong());
            }
        }

        private ObjectNode proxyJson(ProxyState p) {
            ObjectNode node = json.createObjectNode();
            node.put("name", p.name).put("listen", p.listen).put("upstream", p.upstream).put("enabled", p.enabled);
            ArrayNode toxics = node.putArray("toxics");
            p.toxics().forEach(t -> toxics.add(toxicJson(t)));
            return node;
        }

        private ObjectNode toxicJson(ToxicState t) {
            ObjectNode node = json.createObjectNode();
            node.put("name", t.name).put("type", t.type).put("stream", t.stream).put("toxicity", t.toxicity);
            ObjectNode attributes = node.putObject("attributes");
            t.attributes.forEach(attributes::put);
            return node;
        }
    }
}
