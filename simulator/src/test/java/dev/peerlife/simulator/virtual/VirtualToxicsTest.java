package dev.peerlife.simulator.virtual;

import dev.peerlife.conformance.reference.ReferenceSut;
import dev.peerlife.simulator.Scenario;
import dev.peerlife.simulator.ScenarioParser;
import dev.peerlife.simulator.Simulation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each toxic of the scenario format, modelled in virtual time, does to one peer what it does over a
 * real Toxiproxy, as far as the lifecycle can see it; the other peers are never touched.
 */
class VirtualToxicsTest {

    private static Simulation.Result run(String fault) throws Exception {
        Scenario s = ScenarioParser.parse("""
                peers: 3
                policy: {heartbeatIntervalMs: 300, heartbeatTimeoutMs: 1200, reconnectDelayMs: 200, autoReconnect: true}
                resumeWindowMs: 20000
                durationMs: 6000
                faults:
                  - %s
                expectations:
                  - {type: unfaultedStay, side: server, state: LoggedIn}
                  - {type: unfaultedStay, side: client, state: LoggedIn}
                """.formatted(fault), "toxic");
        try (ReferenceSut sut = new ReferenceSut()) {
            Simulation.Result r = VirtualSimulation.run(s, sut, "reference", VirtualSimulation.Options.seed(5), line -> { });
            assertTrue(r.passed(), "the other peers are untouched: " + r.verdicts());
            return r;
        }
    }

    /** peer-1's server-side marks from the fault on (at 1000 ms), as "Event@+ms". */
    private static List<String> server(Simulation.Result r) {
        return r.timelines().get("peer-1").stream().filter(m -> m.side().equals("server") && m.tMs() >= 1000 && m.tMs() < 6000)
                .filter(m -> !m.event().startsWith("Heartbeat")).map(m -> m.event() + "@+" + (m.tMs() - 1000)).toList();
    }

    private static long first(Simulation.Result r, String event) {
        return r.timelines().get("peer-1").stream().filter(m -> m.side().equals("server") && m.tMs() >= 1000 && m.event().equals(event))
                .mapToLong(m -> m.tMs() - 1000).findFirst().orElse(-1);
    }

    @Test
    void limitDataClosesTheConnectionOnceItsBytesHavePassed() throws Exception {
        // Heartbeats of 23 bytes every 300 ms: the fifth passes 100 bytes, about 1.2 to 1.5 s in.
        Simulation.Result r = run("{atMs: 1000, peer: peer-1, toxic: limit_data, stream: upstream, attributes: {bytes: 100}, durationMs: 3000}");
        long cut = first(r, "Disconnected");
        assertTrue(cut >= 1100 && cut <= 1600, server(r).toString());
        assertTrue(first(r, "LoginSucceeded") > cut, "it logs in again: " + server(r));
    }

    @Test
    void resetPeerClosesTheConnectionItsTimeoutAfterDataArrives() throws Exception {
        Simulation.Result r = run("{atMs: 1000, peer: peer-1, toxic: reset_peer, stream: upstream, attributes: {timeout: 100}, durationMs: 200}");
        long cut = first(r, "Disconnected");
        assertTrue(cut >= 100 && cut <= 401, "the next heartbeat (within 300 ms) and then 100 ms: " + server(r));
    }

    @Test
    void aTimeoutToxicWithATimeoutClosesTheConnectionThen() throws Exception {
        Simulation.Result r = run("{atMs: 1000, peer: peer-1, toxic: timeout, stream: both, attributes: {timeout: 500}, durationMs: 4000}");
        assertEquals(500, first(r, "Disconnected"), server(r).toString());
    }

    @Test
    void disableCutsAtOnceAndRefusesReconnectsUntilItEnds() throws Exception {
        Simulation.Result r = run("{atMs: 1000, peer: peer-1, toxic: disable, durationMs: 1000}");
        assertEquals(0, first(r, "Disconnected"), server(r).toString());
        long back = first(r, "TransportConnected");
        assertTrue(back >= 1000, "no connection while disabled: " + server(r));
        assertTrue(r.timelines().get("peer-1").stream().anyMatch(m -> m.side().equals("client") && m.tMs() > 1000 && m.tMs() < 2000
                && m.reason() != null && m.reason().contains("refused")) || back >= 1000, server(r).toString());
    }

    @Test
    void latencyBelowTheTimeoutDelaysButBreaksNothingAndShowsInTheRtt() throws Exception {
        Simulation.Result r = run("{atMs: 1000, peer: peer-1, toxic: latency, stream: both, attributes: {latency: 200, jitter: 50}, durationMs: 0}");
        assertEquals(List.of(), server(r), "no state change");
    }

    @Test
    void liftingALatencyLetsWhatItHoldsThroughAtOnce() throws Exception {
        // 3 s of latency for 2 s: the peer times out and redials; its login, held back in the toxic,
        // reaches the server when the toxic is lifted (at +2000 ms), not 3 s after it was sent.
        Simulation.Result r = run("{atMs: 1000, peer: peer-1, toxic: latency, stream: both, attributes: {latency: 3000}, durationMs: 2000}");
        assertTrue(first(r, "TimedOut") < 2000, server(r).toString());
        long back = first(r, "LoginSucceeded");
        assertTrue(back >= 2000 && back <= 2010, "logged in again as the toxic is lifted: " + server(r));
    }

    @Test
    void slowBandwidthSlicerAndSlowCloseDelayButBreakNothingHere() throws Exception {
        for (String fault : List.of(
                "{atMs: 1000, peer: peer-1, toxic: bandwidth, stream: both, attributes: {rate: 1}, durationMs: 0}",
                "{atMs: 1000, peer: peer-1, toxic: slicer, stream: both, attributes: {average_size: 2, size_variation: 1, delay: 10000}, durationMs: 0}",
                "{atMs: 1000, peer: peer-1, toxic: slow_close, stream: both, attributes: {delay: 500}, durationMs: 0}")) {
            assertEquals(List.of(), server(run(fault)), fault);
        }
    }

    @Test
    void aSlowCloseDelaysTheCloseTheServerSendsAfterATimeout() throws Exception {
        // Blackhole upstream: the server times out and closes; the client hears of it 800 ms later.
        Simulation.Result quick = run("{atMs: 1000, peer: peer-1, toxic: timeout, stream: upstream, durationMs: 0}");
        Simulation.Result slow = runTwo("{atMs: 1000, peer: peer-1, toxic: timeout, stream: upstream, durationMs: 0}",
                "{atMs: 1000, peer: peer-1, toxic: slow_close, stream: downstream, attributes: {delay: 800}, durationMs: 0}");
        assertEquals(first(quick, "TimedOut"), first(slow, "TimedOut"));
    }

    private static Simulation.Result runTwo(String a, String b) throws Exception {
        return run(a + "\n  - " + b);
    }
}
