package dev.peerlife.transport.netty;

import dev.peerlife.lifecycle.SessionPolicy;
import dev.peerlife.testing.NettyLeakCheck;
import dev.peerlife.testing.WireFuzz;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12, findings 5, 8, 11 and 12 under fire: thousands of hostile frames and datagrams beside
 * healthy clients on real sockets. Nothing escapes as an exception or a warning, no healthy client
 * leaves LoggedIn, and every table of the host stays bounded and empties again. Random: the seed is
 * printed; {@code -Dpeerlife.seed=N} replays a run. The long run (a million frames) is the
 * benchmarks' FuzzSoak main.
 */
@ExtendWith(NettyLeakCheck.class)
class WireFuzzTest {

    @Test
    void hostileFramesAreDroppedAndCountedWithoutDisturbingHealthyPeers() throws Exception {
        long seed = Long.getLong("peerlife.seed", System.nanoTime());
        System.out.println("WireFuzzTest seed = " + seed + " (replay: -Dpeerlife.seed=" + seed + ")");
        WireFuzz.Report r = WireFuzz.run(new WireFuzz.Config(seed, 5, 6_000, 3_000, 2,
                new SessionPolicy(500, 6_000, 500, true), 4096, 2_000, 64));
        System.out.println(r);
        String context = "seed " + seed + ": " + r;
        assertEquals(List.of(), r.escaped(), context);
        assertEquals(List.of(), r.healthyDepartures(), context);
        assertTrue(r.serverCounted() >= 6_000, "the server counted the bad frames: " + context);
        assertTrue(r.maxPendingLogins() <= dev.peerlife.runtime.ServerNetworkHost.DEFAULT_MAX_PENDING_LOGINS,
                "the login queue stays within its budget: " + context);
        assertTrue(r.maxSessionRecords() <= 64 && r.maxTokens() <= 64, "the session table stays within its cap: " + context);
        assertEquals(5, r.end().openConnections(), context);
        assertEquals(5, r.end().sessionRecords(), context);
        assertEquals(5, r.end().tokens(), context);
    }
}
