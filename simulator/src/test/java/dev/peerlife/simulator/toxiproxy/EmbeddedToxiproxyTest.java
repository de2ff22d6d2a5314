package dev.peerlife.simulator.toxiproxy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded server on its own, through the Toxiproxy Java client, against a plain echo upstream,
 * so that its behaviour is checked on machines without a real toxiproxy-server too (the
 * differential tests compare it with the real one where there is one). Toxics that delay are
 * checked by lower bounds only (the bytes took at least the added time), so a slow machine cannot
 * make them fail.
 */
class EmbeddedToxiproxyTest {

    private EmbeddedToxiproxy server;
    private ToxiproxyClient client;
    private ServerSocket echo;

    @BeforeEach
    void start() throws IOException {
        server = EmbeddedToxiproxy.start("127.0.0.1", 0);
        client = new ToxiproxyClient("127.0.0.1", server.apiPort());
        echo = new ServerSocket(0);
        Thread t = new Thread(this::echoLoop, "echo");
        t.setDaemon(true);
        t.start();
    }

    @AfterEach
    void stop() throws IOException {
        echo.close();
        server.close();
    }

    private void echoLoop() {
        while (!echo.isClosed()) {
            try {
                Socket s = echo.accept();
                Thread t = new Thread(() -> {
                    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                        byte[] buf = new byte[8192];
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            out.write(buf, 0, n);
                            out.flush();
                        }
                    } catch (IOException ignored) {
                        // the test closed it
                    }
                });
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private Proxy proxy(String name) throws IOException {
        return client.createProxy(name, dev.peerlife.simulator.StablePorts.loopback(), "127.0.0.1:" + echo.getLocalPort());
    }

    private static int port(Proxy p) {
        return Integer.parseInt(p.getListen().substring(p.getListen().lastIndexOf(':') + 1));
    }

    private static Socket connect(Proxy p) throws IOException {
        Socket s = new Socket("127.0.0.1", port(p));
        s.setSoTimeout(5_000);
        return s;
    }

    /** Sends {@code bytes} and reads them back; returns the milliseconds it took. */
    private static long roundTrip(Socket s, byte[] bytes) throws IOException {
        long start = System.nanoTime();
        s.getOutputStream().write(bytes);
        s.getOutputStream().flush();
        byte[] back = s.getInputStream().readNBytes(bytes.length);
        assertArrayEquals(bytes, back);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    @Test
    void versionProxiesAndErrorsLookAsTheClientExpects() throws IOException {
        assertEquals("{\"version\": \"" + EmbeddedToxiproxy.VERSION + "\"}", client.version().trim(), "JSON as from 2.9 on");
        Proxy p = proxy("alpha");
        assertTrue(p.isEnabled());
        assertTrue(port(p) > 0, "the bound port is reported in listen");
        assertEquals("alpha", client.getProxy("alpha").getName());
        assertEquals(1, client.getProxies().size());
        IOException conflict = assertThrows(IOException.class, () -> proxy("alpha"));
        assertTrue(conflict.getMessage().contains("409"), conflict.getMessage());
        assertNull(client.getProxyOrNull("nope"));
        try (Socket s = connect(p)) {
            roundTrip(s, "hello".getBytes());
        }
        p.delete();
        assertEquals(0, client.getProxies().size());
    }

    @Test
    void latencyWithJitterDelaysEachDirection() throws IOException {
        Proxy p = proxy("slow");
        p.toxics().latency("lag", ToxicDirection.DOWNSTREAM, 300).setJitter(50);
        try (Socket s = connect(p)) {
            assertTrue(roundTrip(s, "x".getBytes()) >= 250, "at least latency minus jitter");
            p.toxics().get("lag").remove();
            roundTrip(s, "y".getBytes());
        }
        assertEquals(0, p.toxics().getAll().size());
    }

    @Test
    void timeoutDropsDataAndItsRemovalClosesTheConnection() throws IOException {
        Proxy p = proxy("blackhole");
        try (Socket s = connect(p)) {
            roundTrip(s, "before".getBytes());
            p.toxics().timeout("hole", ToxicDirection.UPSTREAM, 0);
            s.setSoTimeout(300);
            s.getOutputStream().write("lost".getBytes());
            assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());
            p.toxics().get("hole").remove();
            s.setSoTimeout(5_000);
            assertEquals(-1, s.getInputStream().read(), "removing a timeout toxic ends the stream: the dropped bytes cannot be replayed");
        }
        p.toxics().timeout("close", ToxicDirection.DOWNSTREAM, 200);
        try (Socket s = connect(p)) {
            assertEquals(-1, s.getInputStream().read(), "closed after the timeout");
        }
    }

    @Test
    void resetPeerWaitsForDataThenClosesAnExistingConnectionAndResetsANewOne() throws IOException {
        Proxy p = proxy("reset");
        try (Socket s = connect(p)) {
            roundTrip(s, "ok".getBytes());
            p.toxics().resetPeer("rst", ToxicDirection.UPSTREAM, 100);
            s.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read(), "an idle connection is left alone");
            s.setSoTimeout(5_000);
            s.getOutputStream().write("go".getBytes());
            assertEquals(-1, s.getInputStream().read(), "an existing connection is closed (FIN) after data and the timeout");
        }
        try (Socket s = connect(p)) {
            s.getOutputStream().write("go".getBytes());
            SocketException e = assertThrows(SocketException.class, () -> s.getInputStream().read());
            assertTrue(e.getMessage().contains("reset"), "a connection opened under reset_peer is reset: " + e.getMessage());
        }
    }

    @Test
    void aLatencyToxicCreatedWithoutJitterReadsBackWithItsDefaults() throws IOException {
        Proxy p = proxy("defaults");
        p.toxics().latency("lag", ToxicDirection.DOWNSTREAM, 100);
        eu.rekawek.toxiproxy.model.toxic.Latency lag = (eu.rekawek.toxiproxy.model.toxic.Latency) p.toxics().getAll().get(0);
        assertEquals(0, lag.getJitter(), "jitter is filled in, so the Java client does not fail on a missing attribute");
    }

    @Test
    void removingLatencyDeliversWhatItHeldAtOnce() throws IOException {
        Proxy p = proxy("lift");
        try (Socket s = connect(p)) {
            roundTrip(s, "ok".getBytes());
            p.toxics().latency("lag", ToxicDirection.UPSTREAM, 5_000);
            s.getOutputStream().write("x".getBytes());
            s.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());
            long start = System.nanoTime();
            p.toxics().get("lag").remove();
            s.setSoTimeout(5_000);
            assertEquals('x', s.getInputStream().read());
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 4_000, "not after the full delay");
        }
    }

    @Test
    void disablingCutsConnectionsAndRefusesNewOnesUntilEnabled() throws IOException {
        Proxy p = proxy("gate");
        Socket open = connect(p);
        roundTrip(open, "a".getBytes());
        p.disable();
        assertFalse(client.getProxy("gate").isEnabled());
        assertEquals(-1, open.getInputStream().read(), "the open connection was cut");
        open.close();
        assertThrows(ConnectException.class, () -> connect(p));
        p.enable();
        try (Socket s = connect(p)) {
            roundTrip(s, "b".getBytes());
        }
    }

    @Test
    void limitDataClosesTheConnectionAfterThatManyBytes() throws IOException {
        Proxy p = proxy("limit");
        p.toxics().limitData("cap", ToxicDirection.DOWNSTREAM, 4);
        try (Socket s = connect(p)) {
            s.getOutputStream().write("abcdefgh".getBytes());
            byte[] got = s.getInputStream().readAllBytes();
            assertEquals("abcd", new String(got));
        }
    }

    @Test
    void bandwidthPacesTheBytes() throws IOException {
        Proxy p = proxy("narrow");
        p.toxics().bandwidth("bw", ToxicDirection.DOWNSTREAM, 8);
        try (Socket s = connect(p)) {
            assertTrue(roundTrip(s, new byte[4000]) >= 495, "4,000 bytes at 8 KB/s (KB = 1,000 bytes) take at least half a second");
        }
    }

    @Test
    void slowCloseDelaysTheCloseOfThatDirection() throws IOException {
        try (ServerSocket oneShot = new ServerSocket(0)) {
            Thread t = new Thread(() -> {
                try (Socket s = oneShot.accept()) {
                    int b = s.getInputStream().read();
                    s.getOutputStream().write(b);
                    s.getOutputStream().flush();
                } catch (IOException ignored) {
                    // the test is over
                }
            });
            t.setDaemon(true);
            t.start();
            Proxy p = client.createProxy("linger", "127.0.0.1:0", "127.0.0.1:" + oneShot.getLocalPort());
            p.toxics().slowClose("sc", ToxicDirection.DOWNSTREAM, 300);
            try (Socket s = connect(p)) {
                roundTrip(s, "z".getBytes());
                long start = System.nanoTime();
                assertEquals(-1, s.getInputStream().read(), "the upstream closed after echoing");
                assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= 250,
                        "the close reached the client only after the slow_close delay");
            }
        }
    }

    @Test
    void aToxicWithToxicityZeroNeverApplies() throws IOException {
        Proxy p = proxy("lucky");
        p.toxics().timeout("never", ToxicDirection.UPSTREAM, 0).setToxicity(0f);
        try (Socket s = connect(p)) {
            roundTrip(s, "through".getBytes());
        }
    }

    @Test
    void resetRemovesEveryToxicAndEnablesEveryProxy() throws IOException {
        Proxy p = proxy("r");
        p.toxics().latency("lag", ToxicDirection.UPSTREAM, 1000);
        p.disable();
        client.reset();
        Proxy after = client.getProxy("r");
        assertTrue(after.isEnabled());
        assertEquals(0, after.toxics().getAll().size());
    }

    private java.net.http.HttpResponse<String> http(String method, String path, String body) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(server.url() + path)).timeout(java.time.Duration.ofSeconds(10))
                .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void patchPopulateStrictTypesAndUnknownMethodsAnswerAsToxiproxy() throws Exception {
        assertEquals(201, http("POST", "/populate", "[{\"name\":\"pop\",\"upstream\":\"127.0.0.1:1\"}]").statusCode());
        assertTrue(client.getProxy("pop").getListen().matches("\\[::]:[1-9][0-9]*"), "no listen: a random port on every address");
        assertEquals(200, http("PATCH", "/proxies/pop", "{\"enabled\":false}").statusCode());
        assertFalse(client.getProxy("pop").isEnabled());
        java.net.http.HttpResponse<String> string = http("POST", "/proxies/pop/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":\"100\"}}");
        assertEquals(400, string.statusCode(), string.body());
        assertEquals(400, http("POST", "/proxies/pop/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":1.5}}").statusCode());
        java.net.http.HttpResponse<String> created = http("POST", "/proxies/pop/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":100,\"colour\":1}}");
        assertEquals("{\"attributes\":{\"latency\":100,\"jitter\":0},\"name\":\"latency_downstream\",\"type\":\"latency\","
                + "\"stream\":\"downstream\",\"toxicity\":1}", created.body(), "defaults filled in, unknown keys dropped");
        assertEquals(200, http("PATCH", "/proxies/pop/toxics/latency_downstream", "{\"attributes\":{\"jitter\":5}}").statusCode());
        assertEquals(405, http("PUT", "/proxies", "{}").statusCode());
        assertEquals(405, http("DELETE", "/proxies", "").statusCode());
        assertEquals(405, http("OPTIONS", "/proxies", "").statusCode());
    }
}
