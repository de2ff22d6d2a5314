package dev.peerlife.simulator;

import dev.peerlife.simulator.toxiproxy.EmbeddedToxiproxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Where the Toxiproxy server comes from, tried in this order and logged: {@code TOXIPROXY_URL} (or
 * {@code -Dtoxiproxy.url}) pointing at a running server; Testcontainers' Toxiproxy module when a
 * Docker engine answers; a {@code toxiproxy-server} binary on PATH, started and stopped here;
 * otherwise the {@link EmbeddedToxiproxy} in this JVM. Every path is driven through the same
 * Toxiproxy Java client. {@code -Dtoxiproxy.source=embedded} (or url, testcontainers, binary) forces one.
 *
 * <p>Proxies listen where {@link #listenAddress(int)} says and clients dial
 * {@link #clientHost()}:{@link #clientPort(String, int)}; the proxies reach the server under test at
 * {@link #upstreamHost()}.
 */
public final class ToxiproxySource implements AutoCloseable {

    private static final String IMAGE = "ghcr.io/shopify/toxiproxy:2.9.0";

    private final String kind;
    private final ToxiproxyClient client;
    private final String clientHost;
    private final String upstreamHost;
    private final AutoCloseable owned;
    private final Object container;

    private ToxiproxySource(String kind, ToxiproxyClient client, String clientHost, String upstreamHost,
                            AutoCloseable owned, Object container) {
        this.kind = kind;
        this.client = client;
        this.clientHost = clientHost;
        this.upstreamHost = upstreamHost;
        this.owned = owned;
        this.container = container;
    }

    public static ToxiproxySource locate(Consumer<String> log) {
        String forced = System.getProperty("toxiproxy.source", "");
        String url = System.getProperty("toxiproxy.url", System.getenv("TOXIPROXY_URL"));
        if ((forced.isEmpty() || forced.equals("url")) && url != null && !url.isBlank()) {
            URI uri = URI.create(url.trim());
            log.accept("Toxiproxy: the running server at " + url + " (TOXIPROXY_URL)");
            return new ToxiproxySource("url", new ToxiproxyClient(uri.getHost(), uri.getPort()), uri.getHost(), "127.0.0.1", null, null);
        }
        if ((forced.isEmpty() || forced.equals("testcontainers")) && dockerAvailable()) {
            return testcontainers(log);
        }
        String binary = onPath("toxiproxy-server");
        if ((forced.isEmpty() || forced.equals("binary")) && binary != null) {
            return binary(binary, log);
        }
        EmbeddedToxiproxy embedded = EmbeddedToxiproxy.start("127.0.0.1", 0);
        log.accept("Toxiproxy: embedded in this JVM at " + embedded.url()
                + " (no TOXIPROXY_URL, no Docker engine, no toxiproxy-server on PATH)");
        return new ToxiproxySource("embedded", new ToxiproxyClient("127.0.0.1", embedded.apiPort()), "127.0.0.1", "127.0.0.1",
                embedded, null);
    }

    private static boolean dockerAvailable() {
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static ToxiproxySource testcontainers(Consumer<String> log) {
        org.testcontainers.containers.ToxiproxyContainer c = new org.testcontainers.containers.ToxiproxyContainer(IMAGE);
        c.start();
        log.accept("Toxiproxy: Testcontainers " + IMAGE + " at " + c.getHost() + ":" + c.getControlPort());
        return new ToxiproxySource("testcontainers", new ToxiproxyClient(c.getHost(), c.getControlPort()), c.getHost(),
                "host.testcontainers.internal", c::stop, c);
    }

    private static ToxiproxySource binary(String path, Consumer<String> log) {
        int port = freePort();
        try {
            Process process = new ProcessBuilder(path, "-host", "127.0.0.1", "-port", String.valueOf(port))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                try {
                    client.version();
                    break;
                } catch (IOException notYet) {
                    if (System.nanoTime() - deadline > 0 || !process.isAlive()) {
                        process.destroyForcibly();
                        throw new IllegalStateException(path + " did not answer on port " + port);
                    }
                    Thread.onSpinWait();
                }
            }
            log.accept("Toxiproxy: " + path + " started on 127.0.0.1:" + port);
            return new ToxiproxySource("binary", client, "127.0.0.1", "127.0.0.1", process::destroy, null);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + path, e);
        }
    }

    private static String onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            File f = new File(dir, name);
            if (f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        return null;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "url", "testcontainers", "binary" or "embedded". */
    public String kind() {
        return kind;
    }

    public ToxiproxyClient client() {
        return client;
    }

    /** Where proxy number {@code index} should listen. */
    public String listenAddress(int index) {
        if (container != null) {
            if (index >= 32) {
                throw new IllegalStateException("the Toxiproxy container exposes 32 proxy ports; use TOXIPROXY_URL or the embedded server for more peers");
            }
            return "0.0.0.0:" + (8666 + index);
        }
        return "127.0.0.1:0";
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

    @Override
    public void close() {
        try {
            client.reset();
            for (var proxy : client.getProxies()) {
                proxy.delete();
            }
        } catch (IOException ignored) {
            // the server may already be gone
        }
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
    }
}
