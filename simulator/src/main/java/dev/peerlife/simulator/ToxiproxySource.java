package dev.peerlife.simulator;

import dev.peerlife.simulator.toxiproxy.EmbeddedToxiproxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where the Toxiproxy server comes from. Forced ({@code bin/simulate --toxiproxy KIND} or
 * {@code -Dtoxiproxy.source=KIND}), a source that cannot be had is an error saying why; never a
 * silent fall-back. Otherwise the first that is available, in this order, and the log line says
 * why the ones before it were passed over: {@code url} ({@code TOXIPROXY_URL} or
 * {@code -Dtoxiproxy.url}, a running server), {@code testcontainers} (a Docker engine answers),
 * {@code binary} (a {@code toxiproxy-server}, see {@link ToxiproxyBinary#find()}, started and stopped
 * here), {@code embedded} (the {@link EmbeddedToxiproxy} in this JVM). Every kind is driven through
 * the same Toxiproxy Java client.
 *
 * <p>Proxies listen where {@link #listenAddress(int)} says and clients dial
 * {@link #clientHost()}:{@link #clientPort(String, int)}; the proxies reach the server under test at
 * {@link #upstream(int)}.
 */
public final class ToxiproxySource implements AutoCloseable {

    /** The kinds, as {@code --toxiproxy} and {@code -Dtoxiproxy.source} spell them. */
    public enum Kind {
        EMBEDDED, BINARY, URL, TESTCONTAINERS;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind for {@code text}, or null when there is none of that name. */
        public static Kind parse(String text) {
            for (Kind k : values()) {
                if (k.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
                    return k;
                }
            }
            return null;
        }
    }

    /** A forced source that cannot be had, with the reason. */
    public static final class UnavailableException extends Exception {
        private static final long serialVersionUID = 1L;

        public UnavailableException(String message) {
            super(message);
        }
    }

    private static final String IMAGE = "ghcr.io/shopify/toxiproxy:2.12.0";

    private final Kind kind;
    private final ToxiproxyClient client;
    private final String url;
    private final String clientHost;
    private final String upstreamHost;
    private final AutoCloseable owned;
    private final Object container;

    private ToxiproxySource(Kind kind, ToxiproxyClient client, String url, String clientHost, String upstreamHost,
                            AutoCloseable owned, Object container) {
        this.kind = kind;
        this.client = client;
        this.url = url;
        this.clientHost = clientHost;
        this.upstreamHost = upstreamHost;
        this.owned = owned;
        this.container = container;
    }

    /**
     * The source {@code -Dtoxiproxy.source} forces, or the first available one.
     *
     * @throws UnavailableException when the property names a source that cannot be had, or names none
     */
    public static ToxiproxySource locate(Consumer<String> log) throws UnavailableException {
        String forced = System.getProperty("toxiproxy.source", "").trim();
        if (forced.isEmpty()) {
            return open(null, log);
        }
        Kind kind = Kind.parse(forced);
        if (kind == null) {
            throw new UnavailableException("-Dtoxiproxy.source=" + forced + " is not a Toxiproxy source; use embedded, binary, url or testcontainers");
        }
        return open(kind, log);
    }

    /** Opens {@code forced}, or with null the first available source; logs which and why. */
    public static ToxiproxySource open(Kind forced, Consumer<String> log) throws UnavailableException {
        if (forced != null) {
            return switch (forced) {
                case URL -> url(configuredUrl().orElseThrow(() -> new UnavailableException(
                        "--toxiproxy url needs TOXIPROXY_URL or -Dtoxiproxy.url=http://host:port")), log, "forced");
                case TESTCONTAINERS -> {
                    String why = dockerProblem();
                    if (why != null) {
                        throw new UnavailableException("--toxiproxy testcontainers: no Docker engine answers (" + why + ")");
                    }
                    yield testcontainers(log);
                }
                case BINARY -> binary(ToxiproxyBinary.find().orElseThrow(() -> new UnavailableException(
                        "--toxiproxy binary: " + ToxiproxyBinary.WHERE)), log, "forced");
                case EMBEDDED -> embedded(log, "forced");
            };
        }
        List<String> passed = new ArrayList<>();
        Optional<String> url = configuredUrl();
        if (url.isPresent()) {
            return url(url.get(), log, "TOXIPROXY_URL");
        }
        passed.add("no TOXIPROXY_URL");
        String docker = dockerProblem();
        if (docker == null) {
            return testcontainers(log);
        }
        passed.add("no Docker engine");
        Optional<Path> binary = ToxiproxyBinary.find();
        if (binary.isPresent()) {
            return binary(binary.get(), log, String.join(", ", passed));
        }
        passed.add(ToxiproxyBinary.WHERE);
        return embedded(log, String.join(", ", passed));
    }

    private static Optional<String> configuredUrl() {
        String url = System.getProperty("toxiproxy.url", System.getenv("TOXIPROXY_URL"));
        return url == null || url.isBlank() ? Optional.empty() : Optional.of(url.trim());
    }

    private static ToxiproxySource url(String url, Consumer<String> log, String why) throws UnavailableException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new UnavailableException("TOXIPROXY_URL " + url + " is not a URL: " + e.getMessage());
        }
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new UnavailableException("TOXIPROXY_URL " + url + " needs a host and a port, as in http://127.0.0.1:8474");
        }
        ToxiproxyClient client = new ToxiproxyClient(uri.getHost(), uri.getPort());
        try {
            client.version();
        } catch (IOException e) {
            throw new UnavailableException("no Toxiproxy answers at " + url + ": " + e.getMessage());
        }
        log.accept("Toxiproxy: the running server at " + url + " (" + why + ")");
        return new ToxiproxySource(Kind.URL, client, url, uri.getHost(), "127.0.0.1", null, null);
    }

    /** Null when a Docker engine answers, else why not. */
    private static String dockerProblem() {
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable() ? null : "none found";
        } catch (RuntimeException | LinkageError e) {
            return String.valueOf(e.getMessage());
        }
    }

    private static ToxiproxySource testcontainers(Consumer<String> log) throws UnavailableException {
        org.testcontainers.containers.ToxiproxyContainer c = new org.testcontainers.containers.ToxiproxyContainer(IMAGE);
        try {
            c.start();
        } catch (RuntimeException e) {
            throw new UnavailableException("--toxiproxy testcontainers: " + IMAGE + " did not start: " + e.getMessage());
        }
        String url = "http://" + c.getHost() + ":" + c.getControlPort();
        log.accept("Toxiproxy: Testcontainers " + IMAGE + " at " + url);
        return new ToxiproxySource(Kind.TESTCONTAINERS, new ToxiproxyClient(c.getHost(), c.getControlPort()), url, c.getHost(),
                "host.testcontainers.internal", c::stop, c);
    }

    private static ToxiproxySource binary(Path path, Consumer<String> log, String why) throws UnavailableException {
        ToxiproxyBinary server;
        try {
            server = ToxiproxyBinary.start(path);
        } catch (IOException e) {
            throw new UnavailableException("cannot start " + path + ": " + e.getMessage());
        }
        log.accept("Toxiproxy: " + path + " started at " + server.url() + " (" + why + ")");
        return new ToxiproxySource(Kind.BINARY, new ToxiproxyClient(server.host(), server.port()), server.url(), "127.0.0.1",
                "127.0.0.1", server, null);
    }

    private static ToxiproxySource embedded(Consumer<String> log, String why) {
        EmbeddedToxiproxy embedded = EmbeddedToxiproxy.start("127.0.0.1", 0);
        log.accept("Toxiproxy: embedded in this JVM at " + embedded.url() + " (" + why + ")");
        return new ToxiproxySource(Kind.EMBEDDED, new ToxiproxyClient("127.0.0.1", embedded.apiPort()), embedded.url(),
                "127.0.0.1", "127.0.0.1", embedded, null);
    }

    /** "url", "testcontainers", "binary" or "embedded". */
    public String kind() {
        return kind.label();
    }

    public ToxiproxyClient client() {
        return client;
    }

    /** The API's base URL, for calls the Java client lacks. */
    public String url() {
        return url;
    }

    /** Where proxy number {@code index} should listen. */
    public String listenAddress(int index) {
        if (container != null) {
            if (index >= 32) {
                throw new IllegalStateException("the Toxiproxy container exposes 32 proxy ports; use TOXIPROXY_URL or the embedded server for more peers");
            }
            return "0.0.0.0:" + (8666 + index);
        }
        return StablePorts.loopback();
    }

    public String clientHost() {
        return clientHost;
    }

    /** The port a client dials for the proxy that reports {@code listen}, proxy number {@code index}. */
    public int clientPort(String listen, int index) {
        if (container instanceof org.testcontainers.containers.ToxiproxyContainer c) {
            return c.getMappedPort(8666 + index);
        }
        return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
    }

    /** How the proxies reach a server on this machine listening on {@code port}. */
    public String upstream(int port) {
        if (container != null) {
            org.testcontainers.Testcontainers.exposeHostPorts(port);
        }
        return upstreamHost + ":" + port;
    }

    /** Stops the server if this source started it; a running server named by URL is left as it is. */
    @Override
    public void close() {
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
    }
}
