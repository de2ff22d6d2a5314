package dev.peerlife.runtime;

import dev.peerlife.lifecycle.ClockSync;
import dev.peerlife.lifecycle.PeerId;
import dev.peerlife.lifecycle.SessionSnapshot;
import dev.peerlife.lifecycle.SessionState;
import dev.peerlife.testing.FakeTransport;
import dev.peerlife.testing.ManualClock;
import dev.peerlife.transport.Envelope;
import dev.peerlife.transport.TransportRole;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a server host shows of itself: its lanes, its sessions' snapshots and clocks, stray frames. */
class ServerHostSurfaceTest {

    private final ManualClock clock = new ManualClock();
    private final List<FakeTransport> made = new ArrayList<>();

    private ServerRuntimeConfig.Builder config() {
        return ServerRuntimeConfig.builder().reliablePort(9000).clock(clock).dispatcher(Dispatcher.immediate())
                .transportFactory((role, port) -> {
                    FakeTransport t = new FakeTransport();
                    made.add(t);
                    return t;
                });
    }

    @Test
    void snf3_theHostShowsTwoDistinctLanesWithASyncPort() {
        try (ServerRuntime server = ServerRuntime.start(config().syncPort(9001).build())) {
            assertSame(made.get(0), server.host().transport(TransportRole.RELIABLE));
            assertSame(made.get(1), server.host().transport(TransportRole.SYNC));
            assertNotSame(server.host().transport(TransportRole.RELIABLE), server.host().transport(TransportRole.SYNC));
        }
    }

    @Test
    void nsl4_withoutASyncPortTheReliableTransportIsTheHostsFallbackLane() {
        try (ServerRuntime server = ServerRuntime.start(config().build())) {
            assertEquals(1, made.size());
            assertSame(made.get(0), server.host().transport(TransportRole.SYNC));
            made.get(0).connect("alice");
            server.host().sendSync(PeerId.of("alice"), new Envelope(0x300, new byte[2]));
            assertEquals(0x300, made.get(0).lastSent().type());
        }
    }

    @Test
    void theConfiguredSinkRecordsEveryHostedSessionAndTheConfiguredClockSyncKeepsItsTicks() {
        List<SessionSnapshot> snapshots = new ArrayList<>();
        try (ServerRuntime server = ServerRuntime.start(config().snapshotSink(snapshots::add)
                .clockSync(ClockSync::ignoreOlder).build())) {
            made.get(0).connect("alice");
            made.get(0).connect("bob");
            server.sessions().onHeartbeatReceived(PeerId.of("bob"), 9);
            server.sessions().onHeartbeatReceived(PeerId.of("bob"), 8);
            assertEquals(OptionalLong.of(9), server.sessions().lookup(PeerId.of("bob")).orElseThrow().lastServerTick());
        }
        assertEquals(List.of("alice TransportConnected", "bob TransportConnected", "bob TransportConnected",
                        "bob TransportConnected", "alice Disconnected", "bob Disconnected"),
                snapshots.stream().map(s -> s.peer() + " " + s.state().specName()).toList(),
                "one per event: connects, two heartbeat answers, and the stop's removals");
    }

    @Test
    void aFrameBeforeOnConnectedIsNotAConnectionItIsDroppedCountedAndLoggedOnce() {
        List<LogRecord> logged = new ArrayList<>();
        Logger wire = Logger.getLogger("dev.peerlife.runtime.internal.WireSessions");
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        wire.addHandler(capture);
        wire.setUseParentHandlers(false); // the expected warning stays out of the build's output
        try (ServerRuntime server = ServerRuntime.start(config().build())) {
            List<String> handled = new ArrayList<>();
            server.host().router().register(0x200, (from, m) -> handled.add(from.value()));
            FakeTransport reliable = made.get(0);
            for (int i = 0; i < 3; i++) {
                reliable.receive("stray", new Envelope(0x200, new byte[1]));
            }
            assertEquals(0, server.sessions().size(), "a frame alone opens no session");
            assertEquals(List.of(), handled);
            assertEquals(3, server.host().wireStats().framesWithoutConnection());
            assertEquals(1, logged.size(), "logged once, not once per frame");
            assertTrue(logged.get(0).getMessage().contains("onConnected"), logged.get(0).getMessage());

            reliable.connect("alice");
            reliable.receive("alice", new Envelope(0x200, new byte[1]));
            assertEquals(List.of("alice"), handled, "a reported connection is served as always");
            assertEquals(SessionState.TRANSPORT_CONNECTED, server.sessions().lookup(PeerId.of("alice")).orElseThrow().state());
        } finally {
            wire.removeHandler(capture);
            wire.setUseParentHandlers(true);
        }
    }
}
