package dev.peerlife.simulator.toxiproxy;

import dev.peerlife.simulator.toxiproxy.TwoToxiproxies.Engine;
import dev.peerlife.simulator.toxiproxy.Wire.End;
import dev.peerlife.simulator.toxiproxy.Wire.How;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.peerlife.simulator.toxiproxy.Wire.connect;
import static dev.peerlife.simulator.toxiproxy.Wire.read;
import static dev.peerlife.simulator.toxiproxy.Wire.send;
import static dev.peerlife.simulator.toxiproxy.Wire.since;
import static dev.peerlife.simulator.toxiproxy.Wire.watch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every toxic's observable behaviour, the real server against the embedded one: the same steps on
 * a proxied connection through each, and the same observations back: which bytes each end
 * received, whether and how each end was closed (EOF) or reset (RST), on connections that existed
 * when the toxic came and on new ones, when the toxic is removed or updated, and with toxicity.
 * Timings are compared with a tolerance of 150 ms or 30%, and the cases are built so that a
 * semantic difference (delivered at once against after the full delay) is far larger than that.
 * "client" is the end that dialled the proxy, "server" the upstream's accepted socket.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ToxicDifferentialTest {

    private static final long TOLERANCE_MS = 150;

    private TwoToxiproxies engines;
    private Wire.Upstream upstream;
    private final AtomicInteger names = new AtomicInteger();

    @BeforeAll
    void start() throws IOException {
        engines = TwoToxiproxies.startOrSkip();
        upstream = new Wire.Upstream();
    }

    @AfterAll
    void stop() throws IOException {
        if (upstream != null) {
            upstream.close();
        }
        if (engines != null) {
            engines.close();
        }
    }

    /** What one engine showed: facts that must be equal, and times (ms) that must be close. */
    private static final class Seen {
        final List<String> facts = new ArrayList<>();
        final Map<String, Long> times = new LinkedHashMap<>();

        Seen fact(String label, Object value) {
            facts.add(label + ": " + value);
            return this;
        }

        /** Records an end's outcome as a fact and its time under the same label. */
        Seen end(String label, End end) {
            facts.add(label + ": " + end.how() + " after '" + end.data() + "'");
            times.put(label, end.atMs());
            return this;
        }

        Seen time(String label, long ms) {
            times.put(label, ms);
            return this;
        }

        @Override
        public String toString() {
            return facts + " times " + times;
        }
    }

    private interface Case {
        Seen run(Engine e, Proxy proxy) throws Exception;
    }

    /** Runs {@code c} on a fresh proxy of each engine and compares what they showed. */
    private Map<String, Seen> same(Case c) throws Exception {
        Map<String, Seen> seen = new LinkedHashMap<>();
        for (Engine e : engines.both()) {
            Proxy proxy = e.client().createProxy("d" + names.incrementAndGet(), dev.peerlife.simulator.StablePorts.loopback(), upstream.address());
            try {
                seen.put(e.name(), c.run(e, proxy));
            } finally {
                proxy.delete();
            }
        }
        Seen real = seen.get("real");
        Seen emulated = seen.get("embedded");
        assertEquals(real.facts, emulated.facts, "real: " + real + "\nembedded: " + emulated);
        for (Map.Entry<String, Long> t : real.times.entrySet()) {
            long r = t.getValue();
            long m = emulated.times.get(t.getKey());
            assertTrue(Math.abs(r - m) <= Math.max(TOLERANCE_MS, 0.3 * Math.max(r, m)),
                    t.getKey() + ": real " + r + " ms, embedded " + m + " ms\nreal: " + real + "\nembedded: " + emulated);
        }
        return seen;
    }

    /** A connection through {@code proxy}, both ends, with a round trip done so that it is established. */
    private record Pair(Socket client, Socket server) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            client.close();
            server.close();
        }
    }

    private Pair open(Proxy proxy, boolean roundTrip) throws IOException {
        Socket client = connect(Wire.port(proxy.getListen()));
        Socket server = upstream.next();
        if (roundTrip) {
            send(client, "hello");
            assertEquals("hello", read(server, 5));
            send(server, "hello");
            assertEquals("hello", read(client, 5));
        }
        return new Pair(client, server);
    }

    private static void assertAtLeast(Map<String, Seen> seen, String label, long minMs) {
        seen.forEach((engine, s) -> assertTrue(s.times.get(label) >= minMs, engine + " " + label + " took " + s.times.get(label)
                + " ms, less than " + minMs + ": " + s));
    }

    private static void assertBelow(Map<String, Seen> seen, String label, long maxMs) {
        seen.forEach((engine, s) -> assertTrue(s.times.get(label) < maxMs, engine + " " + label + " took " + s.times.get(label)
                + " ms, not under " + maxMs + ": " + s));
    }

    // ---- latency

    @Test
    void latencyDelaysEachChunkByLatencyPlusOrMinusJitter() throws Exception {
        Map<String, Seen> seen = same((e, proxy) -> {
            try (Pair p = open(proxy, true)) {
                proxy.toxics().latency("lag", ToxicDirection.DOWNSTREAM, 300).setJitter(20);
                long t0 = System.nanoTime();
                send(p.server(), "pong");
                return new Seen().fact("client got", read(p.client(), 4)).time("delay", since(t0));
            }
        });
        assertAtLeast(seen, "delay", 275);
    }

    @Test
    void latencyOnANewConnectionDelaysItsFirstBytes() throws Exception {
        Map<String, Seen> seen = same((e, proxy) -> {
            proxy.toxics().latency("lag", ToxicDirection.UPSTREAM, 300);
            try (Pair p = open(proxy, false)) {
                long t0 = System.nanoTime();
                send(p.client(), "first");
                return new Seen().fact("server got", read(p.server(), 5)).time("delay", since(t0));
            }
        });
        assertAtLeast(seen, "delay", 295);
    }

    @Test
    void removingLatencyDeliversQueuedDataAtOnceAndLaterDataUndelayed() throws Exception {
        Map<String, Seen> seen = same((e, proxy) -> {
            try (Pair p = open(proxy, true)) {
                proxy.toxics().latency("lag", ToxicDirection.UPSTREAM, 3000);
                long t0 = System.nanoTime();
                send(p.client(), "a");
                Seen s = new Seen().end("server while delayed", watch(p.server(), t0, 300, 300));
                proxy.toxics().get("lag").remove();
                long t1 = System.nanoTime();
                send(p.client(), "b");
                return s.fact("server got", read(p.server(), 2)).time("after removal", since(t1));
            }
        });
        assertBelow(seen, "after removal", 1000);
    }

    @Test
    void updatingLatencyReleasesTheChunkItWasHolding() throws Exception {
        Map<String, Seen> seen = same((e, proxy) -> {
            try (Pair p = open(proxy, true)) {
                proxy.toxics().latency("lag", ToxicDirection.UPSTREAM, 3000);
                long t0 = System.nanoTime();
                send(p.client(), "a");
                Seen s = new Seen().end("server while delayed", watch(p.server(), t0, 300, 300));
                TwoToxiproxies.send(e, "PATCH", "/proxies/" + proxy.getName() + "/toxics/lag", "{\"attributes\":{\"latency\":2000}}");
                long t1 = System.nanoTime();
                return s.fact("server got", read(p.server(), 1)).time("after update", since(t1));
            }
        });
        assertBelow(seen, "after update", 1000);
    }

    @Test
    void addingAToxicBehindLatencyReleasesTheChunkLatencyWasHolding() throws Exception {
        Map<String, Seen> seen = same((e, proxy) -> {
            try (Pair p = open(proxy, true)) {
                proxy.toxics().latency("lag", ToxicDirection.UPSTREAM, 3000);
                long t0 = System.nanoTime();
                send(p.client(), "a");
                Seen s = new Seen().end("server while delayed", watch(p.server(), t0, 300, 300));
                proxy.toxics().bandwidth("wide", ToxicDirection.UPSTREAM, 0);
                long t1 = System.nanoTime();
                return s.fact("server got", read(p.server(), 1)).time("after add", since(t1));
            }
        });
        assertBelow(seen, "after add", 1000);
    }

    @Test
    void theEndOfTheStreamTravelsBehindDelayedData() throws Exception {
        Map<String, Seen> seen = same((e, proxy) -> {
            try (Pair p = open(proxy, true)) {
                proxy.toxics().latency("lag", ToxicDirection.DOWNSTREAM, 400);
                long t0 = System.nanoTime();
                send(p.server(), "bye");
                p.server().close();
                return new Seen().end("client", watch(p.client(), t0, 2_000, 3_000));
            }
        });
        assertAtLeast(seen, "client", 395);
    }

    @Test
    void latencyWithToxicityZeroNeverDelays() throws Exception {
        Map<String, Seen> seen = same((e, proxy) -> {
            proxy.toxics().latency("lag", ToxicDirection.DOWNSTREAM, 2000).setToxicity(0f);
            try (Pair p = open(proxy, true)) {
                long t0 = System.nanoTime();
                send(p.server(), "x");
                return new Seen().fact("client got", read(p.client(), 1)).time("delay", since(t0));
            }
        });
        assertBelow(seen, "delay", 1000);
    }

    // ---- timeout

    @Test
    void timeoutDropsDataAndItsRemovalClosesBothEnds() throws Exception {
        same((e, proxy) -> {
            try (Pair p = open(proxy, true)) {
                proxy.toxics().timeout("hole", ToxicDirection.UPSTREAM, 0);
                long t0 = System.nanoTime();
                send(p.client(), "lost");
                Seen s = new Seen().end("server while blackholed", watch(p.server(), t0, 300, 300));
                proxy.toxics().get("hole").remove();
                long t1 = System.nanoTime();
                return s.end("client after removal", watch(p.client(), t1, 2_000, 3_000))
                        .end("server after removal", watch(p.server(), t1, 2_000, 3_000));
            }
        });
    }

    @Test
    void timeoutWithToxicityZeroPassesDataButItsRemovalStillCloses() throws Exception {
        same((e, proxy) -> {
            try (Pair p = open(proxy, true)) {
                proxy.toxics().timeout("hole", ToxicDirection.UPSTREAM, 0).setToxicity(0f);
                send(p.client(), "through");
                Seen s = new Seen().fact("server got", read(p.server(), 7));
                proxy.toxics().get("hole").remove();
                long t1 = System.nanoTime();
                return s.end("client after removal", watch(p.client(), t1, 2_000, 3_000))
                        .end("server after removal", watch(p.server(), t1, 2_000, 3_000));
            }
        });
    }

    @Test
    void timeoutWithATimeoutClosesANewConnectionThatLongAfterItOpened() throws Exception {
        Map<String, Seen> seen = same((e, proxy) -> {
            proxy.toxics().timeout("close", ToxicDirection.DOWNSTREAM, 400);
            try (Pair p = open(proxy, false)) {
                long t0 = System.nanoTime();
                send(p.client(), "up");
                Seen s = new Seen().fact("server got", read(p.server(), 2));
                send(p.server(), "down");
                return s.end("client", watch(p.client(), t0, 2_000, 3_000)).end("server", watch(p.server(), t0, 2_000, 3_000));
            }
        });
        assertAtLeast(seen, "client", 300);
    }

    // ---- reset_peer

    @Test
    void resetPeerLeavesAnIdleConnectionAloneThenClosesAnExistingOneWithFinOnData() throws Exception {
        same((e, proxy) -> {
            try (Pair p = open(proxy, true)) {
                proxy.toxics().resetPeer("rst", ToxicDirection.UPSTREAM, 0);
                long t0 = System.nanoTime();
                Seen s = new Seen().end("client while idle", watch(p.client(), t0, 400, 400));
                long t1 = System.nanoTime();
                send(p.client(), "z");
                return s.end("client after data", watch(p.client(), t1, 2_000, 3_000))
                        .end("server after data", watch(p.server(), t1, 2_000, 3_000));
            }
        });
    }

    @Test
    void resetPeerWaitsItsTimeoutAfterTheFirstData() throws Exception {
        Map<String, Seen> seen = same((e, proxy) -> {
            try (Pair p = open(proxy, true)) {
                proxy.toxics().resetPeer("rst", ToxicDirection.DOWNSTREAM, 400);
                long t0 = System.nanoTime();
                send(p.server(), "z");
                return new Seen().end("client", watch(p.client(), t0, 2_000, 3_000));
            }
        });
        assertAtLeast(seen, "client", 395);
    }

    @Test
    void resetPeerResetsANewConnectionAtBothEndsOnlyOnceDataArrives() throws Exception {
        same((e, proxy) -> {
            proxy.toxics().resetPeer("rst", ToxicDirection.UPSTREAM, 0);
            try (Pair p = open(proxy, false)) {
                long t0 = System.nanoTime();
                Seen s = new Seen().end("client while idle", watch(p.client(), t0, 300, 300));
                long t1 = System.nanoTime();
                send(p.client(), "z");
                return s.end("client after data", watch(p.client(), t1, 2_000, 3_000))
                        .end("server after data", watch(p.server(), t1, 2_000, 3_000));
            }
        });
    }

    @Test
    void aConnectionOpenedUnderResetPeerIsResetHoweverItCloses() throws Exception {
        same((e, proxy) -> {
            proxy.toxics().resetPeer("rst", ToxicDirection.DOWNSTREAM, 0).setToxicity(0f);
            try (Pair p = open(proxy, true)) {
                long t0 = System.nanoTime();
                p.client().close();
                return new Seen().end("server after the client closed", watch(p.server(), t0, 2_000, 3_000));
            }
        });
    }

    // ---- bandwidth, slow_close, limit_data, slicer

    @Test
    void bandwidthCountsAKilobyteAsAThousandBytes() throws Exception {
        Map<String, Seen> seen = same((e, proxy) -> {
            try (Pair p = open(proxy, true)) {
                proxy.toxics().bandwidth("bw", ToxicDirection.DOWNSTREAM, 2);
                long t0 = System.nanoTime();
                send(p.server(), "x".repeat(1000));
                return new Seen().fact("client got bytes", read(p.client(), 1000).length()).time("transfer", since(t0));
            }
        });
        assertAtLeast(seen, "transfer", 480);
    }

    @Test
    void slowCloseDelaysOnlyTheClose() throws Exception {
        Map<String, Seen> seen = same((e, proxy) -> {
            try (Pair p = open(proxy, true)) {
                proxy.toxics().slowClose("sc", ToxicDirection.DOWNSTREAM, 400);
                long t0 = System.nanoTime();
                send(p.server(), "x");
                Seen s = new Seen().fact("client got", read(p.client(), 1)).time("data", since(t0));
                p.server().close();
                return s.end("client", watch(p.client(), t0, 2_000, 3_000));
            }
        });
        assertAtLeast(seen, "client", 395);
        assertBelow(seen, "data", 300);
    }

    @Test
    void removingSlowCloseWhileItHoldsTheCloseLetsItThrough() throws Exception {
        Map<String, Seen> seen = same((e, proxy) -> {
            try (Pair p = open(proxy, true)) {
                proxy.toxics().slowClose("sc", ToxicDirection.DOWNSTREAM, 5_000);
                long t0 = System.nanoTime();
                p.server().close();
                Seen s = new Seen().end("client while held", watch(p.client(), t0, 300, 300));
                proxy.toxics().get("sc").remove();
                long t1 = System.nanoTime();
                return s.end("client after removal", watch(p.client(), t1, 2_000, 3_000));
            }
        });
        assertBelow(seen, "client after removal", 1000);
    }

    @Test
    void limitDataCountsOnlyTheBytesAfterItWasAdded() throws Exception {
        same((e, proxy) -> {
            try (Pair p = open(proxy, true)) {
                send(p.server(), "x".repeat(20));
                read(p.client(), 20);
                proxy.toxics().limitData("cap", ToxicDirection.DOWNSTREAM, 10);
                send(p.server(), "abcdefgh");
                Seen s = new Seen().fact("client got", read(p.client(), 8));
                long t0 = System.nanoTime();
                send(p.server(), "ijklmnop");
                return s.end("client", watch(p.client(), t0, 2_000, 3_000)).end("server", watch(p.server(), t0, 2_000, 3_000));
            }
        });
    }

    @Test
    void limitDataOnANewConnection() throws Exception {
        same((e, proxy) -> {
            proxy.toxics().limitData("cap", ToxicDirection.DOWNSTREAM, 4);
            try (Pair p = open(proxy, false)) {
                send(p.client(), "hi");
                Seen s = new Seen().fact("server got", read(p.server(), 2));
                long t0 = System.nanoTime();
                send(p.server(), "abcdefgh");
                return s.end("client", watch(p.client(), t0, 2_000, 3_000));
            }
        });
    }

    @Test
    void slicerCutsDataIntoDelayedPieces() throws Exception {
        Map<String, Seen> seen = same((e, proxy) -> {
            try (Pair p = open(proxy, true)) {
                proxy.toxics().slicer("cut", ToxicDirection.UPSTREAM, 10, 20_000);
                String data = "0123456789".repeat(10);
                long t0 = System.nanoTime();
                send(p.client(), data);
                p.server().setSoTimeout(5_000);
                StringBuilder got = new StringBuilder();
                int reads = 0;
                byte[] buf = new byte[256];
                while (got.length() < data.length()) {
                    int n = p.server().getInputStream().read(buf);
                    if (n < 0) {
                        break;
                    }
                    got.append(new String(buf, 0, n));
                    reads++;
                }
                return new Seen().fact("server got all in order", got.toString().equals(data))
                        .fact("in at least 8 pieces", reads >= 8).time("transfer", since(t0));
            }
        });
        assertAtLeast(seen, "transfer", 250);
    }

    // ---- proxy-level

    @Test
    void disablingClosesOpenConnectionsAndRefusesNewOnesUntilEnabled() throws Exception {
        same((e, proxy) -> {
            try (Pair p = open(proxy, true)) {
                proxy.disable();
                long t0 = System.nanoTime();
                Seen s = new Seen().end("client", watch(p.client(), t0, 2_000, 3_000)).end("server", watch(p.server(), t0, 2_000, 3_000));
                String refused;
                try (Socket again = connect(Wire.port(proxy.getListen()))) {
                    refused = "accepted";
                } catch (ConnectException expected) {
                    refused = "refused";
                }
                s.fact("new connection while disabled", refused);
                proxy.enable();
                try (Pair q = open(proxy, true)) {
                    s.fact("after enable", "round trip ok");
                }
                return s;
            }
        });
    }

    @Test
    void resetRemovesToxicsWhichClosesConnectionsUnderATimeoutToxic() throws Exception {
        same((e, proxy) -> {
            try (Pair p = open(proxy, true)) {
                proxy.toxics().timeout("hole", ToxicDirection.UPSTREAM, 0);
                e.client().reset();
                long t0 = System.nanoTime();
                return new Seen().end("client", watch(p.client(), t0, 2_000, 3_000))
                        .fact("toxics left", e.client().getProxy(proxy.getName()).toxics().getAll().size());
            }
        });
    }

    @Test
    void idleConnectionsStayOpenWithNoToxic() throws Exception {
        Map<String, Seen> seen = same((e, proxy) -> {
            try (Pair p = open(proxy, true)) {
                long t0 = System.nanoTime();
                return new Seen().end("client", watch(p.client(), t0, 200, 200));
            }
        });
        seen.values().forEach(s -> assertTrue(s.facts.get(0).contains(How.OPEN.name()), s.toString()));
    }
}
