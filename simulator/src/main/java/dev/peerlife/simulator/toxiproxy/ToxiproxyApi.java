package dev.peerlife.simulator.toxiproxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.netty.channel.EventLoopGroup;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Toxiproxy's HTTP API, answered as version 2.12 answers it: the same routes (with PATCH beside
 * the deprecated POST for updates, and {@code /populate}), the same status codes, bodies and
 * content types, including errors ({@code {"error": ..., "status": ...}} as text/plain, 405 with an
 * empty body for a known path with another method, Go's "404 page not found" for an unknown one),
 * toxic attributes filled with their defaults and stripped of unknown keys, and strict types.
 *
 * <p>Called on one thread only (the API's event loop), which owns the proxy map. An answer is
 * ready once every open connection has applied the change, as the real server waits for its links.
 * Kept different on purpose: no {@code "Logger": {}} in proxy bodies (a Go internal that leaks into
 * the real ones), the version reads {@value #VERSION}, syntax errors in a body are worded by
 * Jackson beyond the common cases, a host name that does not resolve is reported without the DNS
 * server's address, and nothing here ever blocks the way a real DELETE can (see README).
 */
final class ToxiproxyApi {

    static final String VERSION = "v2.12.0-peerlife-embedded";

    private static final String POPULATE_TYPE = "[]struct { toxiproxy.Proxy; Enabled *bool \"json:\\\"enabled\\\"\" }";
    private static final String POPULATE_ITEM_TYPE = "struct { toxiproxy.Proxy; Enabled *bool \"json:\\\"enabled\\\"\" }";
    private static final String UPDATE_TYPE = "struct { Attributes interface {} \"json:\\\"attributes\\\"\"; Toxicity float32 \"json:\\\"toxicity\\\"\" }";

    /**
     * One HTTP answer. {@code contentType} null: no Content-Type header. {@code routed}: a route
     * matched (the real server tags those answers with a request id).
     */
    record Response(int status, String contentType, byte[] body, boolean noSniff, boolean routed) {
        static Response json(int status, String body) {
            return new Response(status, "application/json", body.getBytes(StandardCharsets.UTF_8), false, true);
        }

        static Response empty(int status) {
            return new Response(status, null, new byte[0], false, true);
        }

        /** Go's http.Error: text/plain, nosniff, the text and a newline. */
        static Response text(int status, String text) {
            return new Response(status, "text/plain; charset=utf-8", (text + "\n").getBytes(StandardCharsets.UTF_8), true, true);
        }

        Response unrouted() {
            return new Response(status, contentType, body, noSniff, false);
        }
    }

    /** A refused request: Toxiproxy's ApiError. */
    private static final class ApiError extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        ApiError(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        static ApiError badBody(String detail) {
            return new ApiError(400, "bad request body: " + detail);
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, ProxyState> proxies = new TreeMap<>();
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;

    ToxiproxyApi(EventLoopGroup boss, EventLoopGroup workers) {
        this.boss = boss;
        this.workers = workers;
    }

    /** Routes one request; the answer completes once the change reached every open connection. */
    CompletableFuture<Response> handle(String method, String rawPath, String userAgent, String body) {
        String path;
        try {
            path = new URI(rawPath.replaceAll("\\?.*$", "")).getPath();
        } catch (URISyntaxException e) {
            return done(Response.text(400, "400 Bad Request").unrouted());
        }
        String[] s = path.split("/", -1);
        Route route = Route.of(s);
        if (route == null) {
            return done(Response.text(404, "404 page not found").unrouted());
        }
        if (!route.methods.contains(method)) {
            return done(Response.empty(405).unrouted());
        }
        if (userAgent != null && userAgent.startsWith("Mozilla/")) {
            return done(Response.text(403, "User agent not allowed"));
        }
        try {
            return switch (route) {
                case RESET -> reset();
                case VERSION -> done(new Response(200, "application/json;charset=utf-8",
                        ("{\"version\": \"" + VERSION + "\"}\n").getBytes(StandardCharsets.UTF_8), false, true));
                case PROXIES -> method.equals("GET") ? done(Response.json(200, proxyIndex())) : done(createProxy(body));
                case POPULATE -> done(populate(body));
                case PROXY -> switch (method) {
                    case "GET" -> done(Response.json(200, proxyJson(proxy(s[2])).toString()));
                    case "DELETE" -> done(deleteProxy(proxy(s[2])));
                    default -> done(updateProxy(proxy(s[2]), body));
                };
                case TOXICS -> method.equals("GET") ? done(Response.json(200, toxicsJson(proxy(s[2])).toString()))
                        : createToxic(proxy(s[2]), body);
                case TOXIC -> {
                    ProxyState p = proxy(s[2]);
                    ToxicState t = p.toxic(s[4]);
                    if (t == null) {
                        throw new ApiError(404, "toxic not found");
                    }
                    yield switch (method) {
                        case "GET" -> done(Response.json(200, toxicJson(t).toString()));
                        case "DELETE" -> p.removeToxic(t).thenApply(x -> Response.empty(204));
                        default -> updateToxic(p, t, body);
                    };
                }
            };
        } catch (ApiError e) {
            return done(error(e));
        }
    }

    private enum Route {
        RESET("POST"), VERSION("GET"), PROXIES("GET", "POST"), POPULATE("POST"), PROXY("GET", "POST", "PATCH", "DELETE"),
        TOXICS("GET", "POST"), TOXIC("GET", "POST", "PATCH", "DELETE");

        final List<String> methods;

        Route(String... methods) {
            this.methods = List.of(methods);
        }

        static Route of(String[] s) {
            if (s.length < 2 || !s[0].isEmpty()) {
                return null;
            }
            if (s.length == 2) {
                return switch (s[1]) {
                    case "reset" -> RESET;
                    case "version" -> VERSION;
                    case "proxies" -> PROXIES;
                    case "populate" -> POPULATE;
                    default -> null;
                };
            }
            if (!s[1].equals("proxies") || s[2].isEmpty()) {
                return null;
            }
            if (s.length == 3) {
                return PROXY;
            }
            if (!s[3].equals("toxics")) {
                return null;
            }
            if (s.length == 4) {
                return TOXICS;
            }
            return s.length == 5 && !s[4].isEmpty() ? TOXIC : null;
        }
    }

    private static CompletableFuture<Response> done(Response r) {
        return CompletableFuture.completedFuture(r);
    }

    private Response error(ApiError e) {
        return Response.text(e.status, errorJson(e).toString());
    }

    private ObjectNode errorJson(ApiError e) {
        return json.createObjectNode().put("error", e.getMessage()).put("status", e.status);
    }

    private ProxyState proxy(String name) throws ApiError {
        ProxyState p = proxies.get(name);
        if (p == null) {
            throw new ApiError(404, "proxy not found");
        }
        return p;
    }

    private static GoJson.Value body(String body) throws ApiError {
        try {
            return GoJson.parse(body);
        } catch (GoJson.SyntaxError e) {
            throw ApiError.badBody(e.getMessage());
        }
    }

    // ---- proxies

    private String proxyIndex() {
        ObjectNode all = json.createObjectNode();
        proxies.forEach((name, p) -> all.set(name, proxyJson(p)));
        return all.toString();
    }

    private CompletableFuture<Response> reset() {
        List<CompletableFuture<Void>> removals = new ArrayList<>();
        for (ProxyState p : proxies.values()) {
            String failure = p.start();
            if (failure != null) {
                return done(error(new ApiError(500, failure)));
            }
            removals.add(p.removeAllToxics());
        }
        return CompletableFuture.allOf(removals.toArray(CompletableFuture[]::new)).thenApply(x -> Response.empty(204));
    }

    private Response createProxy(String body) throws ApiError {
        String name;
        String listen;
        String upstream;
        boolean enabled;
        try {
            GoJson.Obj o = GoJson.topObject(body(body), "toxiproxy.Proxy");
            name = GoJson.string(o.field("name"), "Proxy", "name", "");
            listen = GoJson.string(o.field("listen"), "Proxy", "listen", "");
            upstream = GoJson.string(o.field("upstream"), "Proxy", "upstream", "");
            enabled = GoJson.bool(o.field("enabled"), "Proxy", "enabled", true);
        } catch (GoJson.TypeError e) {
            throw ApiError.badBody(e.getMessage());
        }
        if (name.isEmpty()) {
            throw new ApiError(400, "missing required field: name");
        }
        if (upstream.isEmpty()) {
            throw new ApiError(400, "missing required field: upstream");
        }
        if (proxies.containsKey(name)) {
            throw new ApiError(409, "proxy already exists");
        }
        ProxyState p = new ProxyState(name, listen, upstream, boss, workers);
        if (enabled) {
            String failure = p.start();
            if (failure != null) {
                throw new ApiError(500, failure);
            }
        }
        proxies.put(name, p);
        return Response.json(201, proxyJson(p).toString());
    }

    private Response updateProxy(ProxyState p, String body) throws ApiError {
        String listen;
        String upstream;
        boolean enabled;
        try {
            GoJson.Obj o = GoJson.topObject(body(body), "toxiproxy.Proxy");
            listen = GoJson.string(o.field("listen"), "Proxy", "listen", p.listen);
            upstream = GoJson.string(o.field("upstream"), "Proxy", "upstream", p.upstream);
            enabled = GoJson.bool(o.field("enabled"), "Proxy", "enabled", p.enabled);
        } catch (GoJson.TypeError e) {
            throw ApiError.badBody(e.getMessage());
        }
        if (!listen.equals(p.listen) || !upstream.equals(p.upstream)) {
            p.stop();
            p.listen = listen;
            p.upstream = upstream;
        }
        if (enabled != p.enabled) {
            if (enabled) {
                String failure = p.start();
                if (failure != null) {
                    throw new ApiError(500, failure);
                }
            } else {
                p.stop();
            }
        }
        return Response.json(200, proxyJson(p).toString());
    }

    private Response deleteProxy(ProxyState p) {
        p.stop();
        proxies.remove(p.name);
        return Response.empty(204);
    }

    /** Creates or replaces many proxies: all are checked first; a proxy with the same name, listen and upstream is kept as it is. */
    private Response populate(String body) {
        List<ProxyState> applied = new ArrayList<>();
        try {
            List<String[]> input = new ArrayList<>();
            List<Boolean> enable = new ArrayList<>();
            GoJson.Value v;
            try {
                v = GoJson.parse(body);
            } catch (GoJson.SyntaxError e) {
                throw ApiError.badBody(e.getMessage());
            }
            try {
                if (!(v instanceof GoJson.Null)) {
                    if (!(v instanceof GoJson.Arr a)) {
                        throw new GoJson.TypeError("json: cannot unmarshal " + v.kind() + " into Go value of type " + POPULATE_TYPE);
                    }
                    for (GoJson.Value item : a.items()) {
                        if (!(item instanceof GoJson.Obj) && !(item instanceof GoJson.Null)) {
                            throw new GoJson.TypeError("json: cannot unmarshal " + item.kind() + " into Go value of type " + POPULATE_ITEM_TYPE);
                        }
                        GoJson.Obj o = GoJson.topObject(item, POPULATE_ITEM_TYPE);
                        input.add(new String[] {GoJson.string(o.field("name"), "", "name", ""),
                                GoJson.string(o.field("listen"), "", "listen", ""), GoJson.string(o.field("upstream"), "", "upstream", "")});
                        enable.add(GoJson.bool(o.field("enabled"), "", "enabled", true));
                    }
                }
            } catch (GoJson.TypeError e) {
                throw ApiError.badBody(e.getMessage());
            }
            for (int i = 0; i < input.size(); i++) {
                if (input.get(i)[0].isEmpty()) {
                    throw new ApiError(400, "missing required field: name at proxy " + (i + 1));
                }
                if (input.get(i)[2].isEmpty()) {
                    throw new ApiError(400, "missing required field: upstream at proxy " + (i + 1));
                }
            }
            for (int i = 0; i < input.size(); i++) {
                String[] in = input.get(i);
                ProxyState existing = proxies.get(in[0]);
                if (existing != null) {
                    if (existing.listen.equals(in[1]) && existing.upstream.equals(in[2])) {
                        applied.add(existing);
                        continue;
                    }
                    existing.stop();
                }
                ProxyState p = new ProxyState(in[0], in[1], in[2], boss, workers);
                if (enable.get(i)) {
                    String failure = p.start();
                    if (failure != null) {
                        throw new ApiError(500, failure);
                    }
                }
                proxies.put(p.name, p);
                applied.add(p);
            }
            ObjectNode out = json.createObjectNode();
            out.set("proxies", proxyList(applied));
            return Response.json(201, out.toString());
        } catch (ApiError e) {
            ObjectNode out = errorJson(e);
            out.set("proxies", proxyList(applied));
            return Response.json(e.status, out.toString());
        }
    }

    private com.fasterxml.jackson.databind.JsonNode proxyList(List<ProxyState> list) {
        if (list.isEmpty()) {
            return json.nullNode();
        }
        ArrayNode a = json.createArrayNode();
        list.forEach(p -> a.add(proxyJson(p)));
        return a;
    }

    // ---- toxics

    private CompletableFuture<Response> createToxic(ProxyState p, String body) throws ApiError {
        String name;
        String type;
        String stream;
        float toxicity;
        GoJson.Obj attributes;
        try {
            GoJson.Obj o = GoJson.topObject(body(body), "toxics.ToxicWrapper");
            name = GoJson.string(o.field("name"), "ToxicWrapper", "name", "");
            type = GoJson.string(o.field("type"), "ToxicWrapper", "type", "");
            stream = GoJson.string(o.field("stream"), "ToxicWrapper", "stream", "downstream");
            toxicity = GoJson.float32(o.field("toxicity"), "ToxicWrapper", "toxicity", 1.0f);
            attributes = GoJson.object(o.field("attributes"), "ToxicWrapper", "attributes", "toxics.NoopToxic");
        } catch (GoJson.TypeError e) {
            throw ApiError.badBody(e.getMessage());
        }
        boolean upstream;
        if (stream.equalsIgnoreCase("upstream")) {
            upstream = true;
        } else if (stream.equalsIgnoreCase("downstream")) {
            upstream = false;
        } else {
            throw new ApiError(400, "stream was invalid, can be either upstream or downstream");
        }
        if (name.isEmpty()) {
            name = type + "_" + stream;
        }
        ToxicKind kind = ToxicKind.of(type);
        if (kind == null) {
            throw new ApiError(400, "invalid toxic type");
        }
        if (p.toxic(name) != null) {
            throw new ApiError(409, "toxic already exists");
        }
        long[] values = attributes(kind, attributes, new long[kind.attributes.size()]);
        ToxicState t = new ToxicState(name, kind, stream, upstream, toxicity, values);
        return p.addToxic(t).thenApply(x -> Response.json(200, toxicJson(t).toString()));
    }

    private CompletableFuture<Response> updateToxic(ProxyState p, ToxicState t, String body) throws ApiError {
        float toxicity;
        long[] values;
        try {
            GoJson.Obj o = GoJson.topObject(body(body), UPDATE_TYPE);
            GoJson.Obj attributes = GoJson.object(o.field("attributes"), "", "attributes", "toxics." + t.kind.goStruct);
            values = attributes(t.kind, attributes, t.attributes());
            toxicity = GoJson.float32(o.field("toxicity"), "", "toxicity", t.toxicity);
        } catch (GoJson.TypeError e) {
            throw ApiError.badBody(e.getMessage());
        }
        ToxicState updated = t.with(toxicity, values);
        return p.updateToxic(updated).thenApply(x -> Response.json(200, toxicJson(updated).toString()));
    }

    /** Reads a toxic's attributes over {@code values}: known keys only, integers only. */
    private static long[] attributes(ToxicKind kind, GoJson.Obj attributes, long[] values) throws ApiError {
        if (attributes == null) {
            return values;
        }
        try {
            for (int i = 0; i < kind.attributes.size(); i++) {
                String a = kind.attributes.get(i);
                values[i] = GoJson.integer(attributes.field(a), kind.goStruct, "attributes." + a, kind.goType, values[i]);
            }
        } catch (GoJson.TypeError e) {
            throw ApiError.badBody(e.getMessage());
        }
        return values;
    }

    // ---- bodies

    private ObjectNode proxyJson(ProxyState p) {
        ObjectNode node = json.createObjectNode();
        node.put("name", p.name).put("listen", p.listen).put("upstream", p.upstream).put("enabled", p.enabled);
        node.set("toxics", toxicsJson(p));
        return node;
    }

    private ArrayNode toxicsJson(ProxyState p) {
        ArrayNode toxics = json.createArrayNode();
        p.toxics().forEach(t -> toxics.add(toxicJson(t)));
        return toxics;
    }

    private ObjectNode toxicJson(ToxicState t) {
        ObjectNode node = json.createObjectNode();
        ObjectNode attributes = node.putObject("attributes");
        for (String a : t.kind.attributes) {
            attributes.put(a, t.attribute(a));
        }
        node.put("name", t.name).put("type", t.kind.type).put("stream", t.stream);
        node.putRawValue("toxicity", new RawValue(GoJson.formatFloat32(t.toxicity)));
        return node;
    }

    /** Stops every proxy; the server is closing. */
    void stopAll() {
        proxies.values().forEach(ProxyState::stop);
        proxies.clear();
    }
}
