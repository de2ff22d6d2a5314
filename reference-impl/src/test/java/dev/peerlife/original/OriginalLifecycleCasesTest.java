package dev.peerlife.original;

import dev.peerlife.lifecycle.ClockSync;
import dev.peerlife.lifecycle.LifecycleEventKind;
import dev.peerlife.lifecycle.PeerId;
import dev.peerlife.lifecycle.SessionEvent;
import dev.peerlife.lifecycle.SessionPolicy;
import dev.peerlife.lifecycle.SessionSnapshot;
import dev.peerlife.runtime.ClientRuntimeConfig;
import dev.peerlife.runtime.Dispatcher;
import dev.peerlife.runtime.QueuedDispatcher;
import dev.peerlife.runtime.ServerNetworkHost;
import dev.peerlife.runtime.ServerRuntime;
import dev.peerlife.runtime.ServerRuntimeConfig;
import dev.peerlife.runtime.SharedNetworkRuntime;
import dev.peerlife.testing.FakeTransport;
import dev.peerlife.testing.ManualClock;
import dev.peerlife.transport.Envelope;
import dev.peerlife.transport.TransportException;
import dev.peerlife.transport.TransportFactory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static dev.peerlife.lifecycle.LifecycleEventKind.RECONNECT_SCHEDULED;
import static dev.peerlife.lifecycle.LifecycleEventKind.RECONNECT_STARTED;
import static dev.peerlife.lifecycle.LifecycleEventKind.TIMED_OUT;
import static dev.peerlife.lifecycle.SessionState.LOGGED_IN;
import static dev.peerlife.lifecycle.SessionState.LOGIN_FAILED;
import static dev.peerlife.lifecycle.SessionState.RECONNECTING;
import static dev.peerlife.lifecycle.SessionState.RECONNECT_PENDING;
import static dev.peerlife.lifecycle.SessionState.TRANSPORT_CONNECTED;
import static dev.peerlife.transport.TransportRole.RELIABLE;
import static dev.peerlife.transport.TransportRole.SYNC;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The original system's own lifecycle tests (its NUnit cases for the session lifecycle, the server
 * runtime entry point, the shared network foundation, and the two clock-sync cases of its sync
 * strategy tests), each written again against the reference's public API, as an implementer moving
 * to it would: one method per original case, named after it, asserting what it asserts. Where the
 * reference decides otherwise, the case says so in a comment; the README's "Coming from the
 * original system" section lists every case with its length beside the original's.
 *
 * <p>Only public API is used; {@link FakeTransport} and {@link ManualClock} play the original's fake
 * transport and mutable clock.
 */
class OriginalLifecycleCasesTest {

    private static final int MOVE_INPUT = 0x0100;
    private static final int STATE = 0x0101;
    private static final PeerId PEER = PeerId.of("peer");

    /** The original's CreateTransport: a fake per port, kept by port; one port may fail to start. */
    private static TransportFactory recording(Map<Integer, FakeTransport> created, int failingPort) {
        return (role, port) -> {
            FakeTransport transport = port == failingPort ? FakeTransport.failingStart("sync failed") : new FakeTransport();
            created.put(port, transport);
            return transport;
        };
    }

    private static TransportFactory recording(Map<Integer, FakeTransport> created) {
        return recording(created, -1);
    }

    // ---- session lifecycle

    @Test
    void sharedNetworkRuntime_start_transitionsToTransportConnectedButNotLoggedIn() {
        FakeTransport transport = new FakeTransport();
        SharedNetworkRuntime runtime = SharedNetworkRuntime.builder().reliable(transport).build();

        runtime.start();

        assertEquals(TRANSPORT_CONNECTED, runtime.session().state());
        assertFalse(runtime.session().canSendHeartbeat());
    }

    @Test
    void loginFailure_isDistinctFromTransportConnectedState() {
        SharedNetworkRuntime runtime = SharedNetworkRuntime.builder().reliable(new FakeTransport()).build();

        runtime.start();
        runtime.session().onLoginStarted();
        runtime.session().onLoginFailed("bad credentials");

        assertEquals(LOGIN_FAILED, runtime.session().state());
        assertEquals("bad credentials", runtime.session().snapshot().lastFailureReason().orElseThrow());
    }

    @Test
    void heartbeatTimeout_schedulesAndStartsReconnect() {
        ManualClock clock = new ManualClock();
        SessionPolicy policy = SessionPolicy.builder()
                .heartbeatIntervalMs(2_000)
                .heartbeatTimeoutMs(5_000)
                .reconnectDelayMs(3_000)
                .autoReconnect(true)
                .build();
        SharedNetworkRuntime runtime = SharedNetworkRuntime.builder()
                .reliable(new FakeTransport()).policy(policy).clock(clock).build();
        List<LifecycleEventKind> events = new ArrayList<>();

        runtime.session().addListener(e -> events.add(e.event().kind()));
        runtime.start();
        runtime.session().onLoginStarted();
        runtime.session().onLoginSucceeded();

        clock.advance(6_000);
        runtime.update();

        assertEquals(RECONNECT_PENDING, runtime.session().state());
        assertTrue(events.contains(TIMED_OUT));
        assertTrue(events.contains(RECONNECT_SCHEDULED));

        clock.advance(3_000);
        runtime.update();

        assertEquals(RECONNECTING, runtime.session().state());
        assertTrue(events.contains(RECONNECT_STARTED));
    }

    @Test
    void heartbeatResponse_updatesRttAndClockSync_withoutChangingLoggedInState() {
        ManualClock clock = new ManualClock();
        SharedNetworkRuntime runtime = SharedNetworkRuntime.builder().reliable(new FakeTransport()).clock(clock).build();

        runtime.start();
        runtime.session().onLoginStarted();
        runtime.session().onLoginSucceeded();
        runtime.session().onHeartbeatSent();

        clock.advance(120);
        runtime.session().onHeartbeatReceived(321);

        assertEquals(LOGGED_IN, runtime.session().state());
        assertEquals(OptionalLong.of(120), runtime.session().snapshot().rttMs());
        assertEquals(OptionalLong.of(321), runtime.clockSync().serverTick());
    }

    @Test
    void sharedNetworkRuntime_publishesLifecycleSnapshotsToMetricsSink() {
        ManualClock clock = new ManualClock();
        SharedNetworkRuntime runtime = SharedNetworkRuntime.builder().reliable(new FakeTransport()).clock(clock).build();
        List<SessionSnapshot> sink = new ArrayList<>();
        runtime.session().addSnapshotSink(sink::add);

        runtime.start();
        runtime.session().onLoginStarted();
        runtime.session().onLoginSucceeded();
        runtime.session().onHeartbeatSent();
        clock.advance(80);
        runtime.session().onHeartbeatReceived(456);

        assertFalse(sink.isEmpty());
        SessionSnapshot latest = sink.get(sink.size() - 1);
        assertEquals(PeerId.of("server"), latest.peer()); // the scope: the client's one session, with its server
        assertEquals(LOGGED_IN, latest.state());
        assertTrue(latest.canSendHeartbeat());
        assertEquals(OptionalLong.of(80), latest.rttMs());
        assertEquals(OptionalLong.of(456), latest.lastServerTick());
    }

    @Test
    void serverNetworkHost_tracksMultipleSessionsIndependently() {
        ManualClock clock = new ManualClock();
        SessionPolicy policy = SessionPolicy.builder()
                .heartbeatIntervalMs(2_000)
                .heartbeatTimeoutMs(5_000)
                .reconnectDelayMs(3_000)
                .autoReconnect(true)
                .build();
        FakeTransport transport = new FakeTransport();
        ServerNetworkHost host = ServerNetworkHost.builder().reliable(transport).policy(policy).clock(clock).build();
        PeerId peerA = PeerId.of("a");
        PeerId peerB = PeerId.of("b");

        host.start();
        transport.connect("a"); // the original takes a first datagram as the connection; see docs/threading.md
        transport.connect("b");
        host.sessions().onLoginStarted(peerA);
        host.sessions().onLoginSucceeded(peerA);
        host.sessions().onLoginStarted(peerB);
        host.sessions().onLoginSucceeded(peerB);

        clock.advance(6_000);
        host.sessions().onHeartbeatReceived(peerB, 99);
        host.evaluate();

        assertEquals(2, host.sessions().size());
        SessionSnapshot sessionA = host.sessions().lookup(peerA).orElseThrow();
        SessionSnapshot sessionB = host.sessions().lookup(peerB).orElseThrow();
        assertEquals(RECONNECT_PENDING, sessionA.state());
        assertEquals(LOGGED_IN, sessionB.state());
        assertEquals(OptionalLong.of(99), sessionB.lastServerTick()); // peer b's own clock sync
    }

    @Test
    void serverNetworkHost_publishesLifecycleSnapshotsToMetricsSink() {
        ManualClock clock = new ManualClock();
        SessionPolicy policy = SessionPolicy.builder()
                .heartbeatIntervalMs(2_000)
                .heartbeatTimeoutMs(5_000)
                .reconnectDelayMs(3_000)
                .autoReconnect(true)
                .build();
        FakeTransport transport = new FakeTransport();
        ServerNetworkHost host = ServerNetworkHost.builder().reliable(transport).policy(policy).clock(clock).build();
        List<SessionSnapshot> sink = new ArrayList<>();
        host.sessions().addSnapshotSink(sink::add);
        PeerId peerA = PeerId.of("a");
        PeerId peerB = PeerId.of("b");

        host.start();
        transport.connect("a");
        transport.connect("b");
        host.sessions().onLoginStarted(peerA);
        host.sessions().onLoginSucceeded(peerA);
        host.sessions().onLoginStarted(peerB);
        host.sessions().onLoginSucceeded(peerB);

        clock.advance(6_000);
        host.sessions().onHeartbeatReceived(peerB, 999);
        host.evaluate();

        assertTrue(sink.size() >= 2);
        SessionSnapshot snapshotA = sink.stream().filter(s -> s.peer().equals(peerA)).reduce((x, y) -> y).orElseThrow();
        SessionSnapshot snapshotB = sink.stream().filter(s -> s.peer().equals(peerB)).reduce((x, y) -> y).orElseThrow();
        assertEquals(RECONNECT_PENDING, snapshotA.state());
        assertEquals(LOGGED_IN, snapshotB.state());
        assertEquals(OptionalLong.of(999), snapshotB.lastServerTick());
    }

    @Test
    void serverNetworkHost_removeSession_doesNotDisturbOtherPeers() {
        FakeTransport transport = new FakeTransport();
        ServerNetworkHost host = ServerNetworkHost.builder().reliable(transport).build();
        PeerId peerA = PeerId.of("a");
        PeerId peerB = PeerId.of("b");

        host.start();
        transport.connect("a");
        transport.connect("b");
        host.sessions().onLoginStarted(peerA);
        host.sessions().onLoginSucceeded(peerA);
        host.sessions().onLoginStarted(peerB);
        host.sessions().onLoginSucceeded(peerB);

        boolean removed = host.disconnect(peerA, "peer closed");

        assertTrue(removed);
        assertEquals(1, host.sessions().size());
        assertTrue(host.sessions().lookup(peerA).isEmpty());
        assertEquals(LOGGED_IN, host.sessions().lookup(peerB).orElseThrow().state());
    }

    @Test
    void serverNetworkHost_lifecycleEventsIncludeRemotePeerIdentity() {
        FakeTransport transport = new FakeTransport();
        ServerNetworkHost host = ServerNetworkHost.builder().reliable(transport).build();
        AtomicReference<SessionEvent> received = new AtomicReference<>();

        host.sessions().addListener(received::set);

        host.start();
        transport.connect("a");

        assertNotNull(received.get());
        assertEquals(PeerId.of("a"), received.get().peer());
        assertEquals(TRANSPORT_CONNECTED, received.get().event().current());
    }

    /** The earlier version of the heartbeat-response case, which read the tick from the session. */
    @Test
    void heartbeatResponse_updatesRttAndServerTick_withoutChangingLoggedInState() {
        ManualClock clock = new ManualClock();
        SharedNetworkRuntime runtime = SharedNetworkRuntime.builder().reliable(new FakeTransport()).clock(clock).build();

        runtime.start();
        runtime.session().onLoginStarted();
        runtime.session().onLoginSucceeded();
        runtime.session().onHeartbeatSent();

        clock.advance(120);
        runtime.session().onHeartbeatReceived(321);

        assertEquals(LOGGED_IN, runtime.session().state());
        assertEquals(OptionalLong.of(120), runtime.session().snapshot().rttMs());
        assertEquals(OptionalLong.of(321), runtime.session().snapshot().lastServerTick());
    }

    /** The earlier version of the removal case, before any login. */
    @Test
    void serverNetworkHost_removeSession_doesNotDisturbOtherPeers_beforeLogin() {
        FakeTransport transport = new FakeTransport();
        ServerNetworkHost host = ServerNetworkHost.builder().reliable(transport).build();
        PeerId peerA = PeerId.of("a");
        PeerId peerB = PeerId.of("b");

        host.start();
        transport.connect("a");
        transport.connect("b");

        boolean removed = host.disconnect(peerA, "peer closed");

        assertTrue(removed);
        assertEquals(1, host.sessions().size());
        assertTrue(host.sessions().lookup(peerA).isEmpty());
        assertEquals(TRANSPORT_CONNECTED, host.sessions().lookup(peerB).orElseThrow().state());
    }

    // ---- server runtime entry point

    @Test
    void startServerRuntime_reliableOnly_startsAndExposesServerHost() {
        Map<Integer, FakeTransport> created = new HashMap<>();
        ServerRuntimeConfig config = ServerRuntimeConfig.builder()
                .reliablePort(9000)
                .transportFactory(recording(created))
                .build();

        try (ServerRuntime runtime = ServerRuntime.start(config)) {
            assertEquals(Set.of(9000), created.keySet());
            assertTrue(runtime.isRunning());
            assertSame(created.get(9000), runtime.host().transport(RELIABLE));
            assertSame(created.get(9000), runtime.host().transport(SYNC)); // no sync transport: the fallback lane
            assertEquals(1, created.get(9000).starts());
        }
    }

    @Test
    void startServerRuntime_dualTransport_startsBothConfiguredLanes() {
        Map<Integer, FakeTransport> created = new HashMap<>();
        ServerRuntimeConfig config = ServerRuntimeConfig.builder()
                .reliablePort(9000)
                .syncPort(9001)
                .transportFactory(recording(created))
                .build();

        try (ServerRuntime runtime = ServerRuntime.start(config)) {
            assertEquals(Set.of(9000, 9001), created.keySet());
            assertSame(created.get(9000), runtime.host().transport(RELIABLE));
            assertSame(created.get(9001), runtime.host().transport(SYNC));
            assertEquals(1, created.get(9000).starts());
            assertEquals(1, created.get(9001).starts());
        }
    }

    @Test
    void startServerRuntime_syncTransportStartFails_rollsBackStartedResources() {
        Map<Integer, FakeTransport> created = new HashMap<>();
        ServerRuntimeConfig config = ServerRuntimeConfig.builder()
                .reliablePort(9000)
                .syncPort(9001)
                .transportFactory(recording(created, 9001))
                .build();

        TransportException exception = assertThrows(TransportException.class, () -> ServerRuntime.start(config));

        assertEquals("sync failed", exception.getMessage());
        assertEquals(1, created.get(9000).starts());
        assertEquals(1, created.get(9000).stops());
        assertEquals(1, created.get(9001).starts());
        assertEquals(1, created.get(9001).stops());
    }

    @Test
    void serverRuntimeHandle_drainsMessages_exposesManagedSessions_andStopsIdempotently() {
        Map<Integer, FakeTransport> created = new HashMap<>();
        QueuedDispatcher dispatcher = new QueuedDispatcher();
        ServerRuntime runtime = ServerRuntime.start(ServerRuntimeConfig.builder()
                .reliablePort(9000).dispatcher(dispatcher).transportFactory(recording(created)).build());
        AtomicBoolean handled = new AtomicBoolean();

        runtime.host().router().register(MOVE_INPUT, (from, message) -> handled.set(true));

        created.get(9000).connect("peer");
        created.get(9000).receive("peer", new Envelope(MOVE_INPUT, new byte[0]));

        assertEquals(1, runtime.sessions().size());
        assertEquals(TRANSPORT_CONNECTED, runtime.sessions().lookup(PEER).orElseThrow().state());
        assertEquals(1, dispatcher.pending());

        runtime.drainMessages();
        runtime.update();

        assertTrue(handled.get());
        assertEquals(0, dispatcher.pending());

        runtime.stop();
        runtime.stop();

        assertFalse(runtime.isRunning());
        assertEquals(0, runtime.sessions().size());
        assertEquals(1, created.get(9000).stops());
    }

    // ---- shared network foundation

    @Test
    void sharedNetworkRuntime_usesInjectedDispatcherForDeferredClientStyleDispatch() {
        FakeTransport transport = new FakeTransport();
        QueuedDispatcher dispatcher = new QueuedDispatcher();
        SharedNetworkRuntime runtime = SharedNetworkRuntime.builder().reliable(transport).dispatcher(dispatcher).build();
        AtomicBoolean handled = new AtomicBoolean();

        runtime.router().register(MOVE_INPUT, (from, message) -> handled.set(true));

        runtime.start();
        transport.receive("server", new Envelope(MOVE_INPUT, new byte[0]));

        assertFalse(handled.get());
        assertEquals(1, dispatcher.pending());

        runtime.drainMessages();

        assertTrue(handled.get());
        assertEquals(0, dispatcher.pending());
    }

    @Test
    void serverNetworkHost_usesImmediateDispatcherByDefault() {
        FakeTransport transport = new FakeTransport();
        ServerNetworkHost host = ServerNetworkHost.builder().reliable(transport).build();
        AtomicBoolean handled = new AtomicBoolean();

        host.router().register(MOVE_INPUT, (from, message) -> handled.set(true));

        host.start();
        transport.connect("sender");
        transport.receive("sender", new Envelope(MOVE_INPUT, new byte[0]));

        assertTrue(handled.get()); // ServerRuntimeConfig, unlike the host, queues by default: see docs/threading.md
    }

    @Test
    void sharedHosts_preserveEnvelopeProtocolContract() {
        FakeTransport clientTransport = new FakeTransport();
        SharedNetworkRuntime runtime = SharedNetworkRuntime.builder().reliable(clientTransport).build();
        FakeTransport serverTransport = new FakeTransport();
        ServerNetworkHost host = ServerNetworkHost.builder().reliable(serverTransport).build();
        List<Envelope> received = new ArrayList<>();
        host.router().register(STATE, (from, message) -> received.add(message));
        host.start();
        serverTransport.connect("shared-player");

        runtime.send(new Envelope(STATE, "shared-player:7".getBytes(UTF_8)));
        serverTransport.receive("shared-player", clientTransport.lastSent());

        assertEquals(STATE, received.get(0).type());
        assertEquals("shared-player:7", new String(received.get(0).payload(), UTF_8));
    }

    @Test
    void sharedNetworkRuntime_startStop_withDistinctSyncTransport_controlsBothLanes() {
        FakeTransport reliableTransport = new FakeTransport();
        FakeTransport syncTransport = new FakeTransport();
        SharedNetworkRuntime runtime = SharedNetworkRuntime.builder().reliable(reliableTransport).sync(syncTransport).build();

        runtime.start();

        assertEquals(1, reliableTransport.starts());
        assertEquals(1, syncTransport.starts());

        runtime.stop();

        assertEquals(1, reliableTransport.stops());
        assertEquals(1, syncTransport.stops());
    }

    @Test
    void sharedNetworkRuntime_routesMoveInputThroughConfiguredSyncLane() {
        FakeTransport reliableTransport = new FakeTransport();
        FakeTransport syncTransport = new FakeTransport();
        SharedNetworkRuntime runtime = SharedNetworkRuntime.builder().reliable(reliableTransport).sync(syncTransport).build();
        Envelope moveInput = new Envelope(MOVE_INPUT, "shared-player tick 33".getBytes(UTF_8));

        runtime.sendSync(moveInput); // the lane is the sender's choice, not the message type's

        assertEquals(0, reliableTransport.sends());
        assertEquals(1, syncTransport.sends());
        assertEquals(moveInput, syncTransport.lastSent());
    }

    @Test
    void serverNetworkHost_startsDistinctSyncTransport_andTracksInboundActivityFromSyncLane() {
        ManualClock clock = new ManualClock();
        FakeTransport reliableTransport = new FakeTransport();
        FakeTransport syncTransport = new FakeTransport();
        ServerNetworkHost host = ServerNetworkHost.builder().reliable(reliableTransport).sync(syncTransport).clock(clock).build();

        host.start();
        reliableTransport.connect("sender"); // the sync lane serves sessions the reliable lane opened
        clock.advance(100);
        syncTransport.receive("sender", new Envelope(MOVE_INPUT, new byte[0]));

        assertEquals(1, reliableTransport.starts());
        assertEquals(1, syncTransport.starts());
        assertEquals(1, host.sessions().size());
        assertEquals(TRANSPORT_CONNECTED, host.sessions().lookup(PeerId.of("sender")).orElseThrow().state());
        assertEquals(100, host.sessions().lookup(PeerId.of("sender")).orElseThrow().lastLivenessMs());
    }

    @Test
    void clientEntryPoint_withSyncPort_usesDistinctTransportsPerLane() {
        Map<Integer, FakeTransport> created = new HashMap<>();
        SharedNetworkRuntime runtime = SharedNetworkRuntime.start(ClientRuntimeConfig.builder()
                .reliablePort(8080)
                .syncPort(8081)
                .dispatcher(Dispatcher.immediate())
                .transportFactory(recording(created))
                .build());

        runtime.sendSync(new Envelope(MOVE_INPUT, "shared-player tick 77".getBytes(UTF_8)));
        runtime.send(new Envelope(STATE, new byte[0]));

        assertEquals(Set.of(8080, 8081), created.keySet());
        assertSame(created.get(8080), runtime.transport(RELIABLE));
        assertSame(created.get(8081), runtime.transport(SYNC));
        assertEquals(1, created.get(8080).sends());
        assertEquals(1, created.get(8081).sends());
    }

    @Test
    void serverEntryPoint_withSyncPort_usesDistinctTransportsPerLane() {
        Map<Integer, FakeTransport> created = new HashMap<>();
        ServerRuntime runtime = ServerRuntime.start(ServerRuntimeConfig.builder()
                .reliablePort(9000)
                .syncPort(9001)
                .transportFactory(recording(created))
                .build());
        created.get(9000).connect("peer");

        runtime.host().sendSync(PEER, new Envelope(MOVE_INPUT, "server-player tick 88".getBytes(UTF_8)));
        runtime.host().send(PEER, new Envelope(STATE, new byte[0]));

        assertEquals(Set.of(9000, 9001), created.keySet());
        assertSame(created.get(9000), runtime.host().transport(RELIABLE));
        assertSame(created.get(9001), runtime.host().transport(SYNC));
        assertEquals(1, created.get(9000).sends());
        assertEquals(1, created.get(9001).sends());
    }

    @Test
    void serverEntryPoint_withoutSyncPort_preservesSingleTransportFallback() {
        FakeTransport reliableTransport = new FakeTransport();
        ServerRuntime runtime = ServerRuntime.start(ServerRuntimeConfig.builder()
                .reliablePort(9000)
                .transportFactory((role, port) -> reliableTransport)
                .build());
        reliableTransport.connect("peer");

        runtime.host().sendSync(PEER, new Envelope(MOVE_INPUT, "fallback-player tick 99".getBytes(UTF_8)));

        assertSame(reliableTransport, runtime.host().transport(RELIABLE));
        assertSame(reliableTransport, runtime.host().transport(SYNC));
        assertEquals(1, reliableTransport.sends());
    }

    // ---- clock sync

    @Test
    void clockSync_rejectsOlderSamples() {
        ClockSync clockSync = ClockSync.ignoreOlder(); // the reference's own strategy, lastSampleWins, takes both (REF-12)

        boolean acceptedFirst = clockSync.observe(42, 0);
        boolean acceptedSecond = clockSync.observe(41, 0);

        assertTrue(acceptedFirst);
        assertFalse(acceptedSecond);
        assertEquals(OptionalLong.of(42), clockSync.serverTick());
    }

    @Test
    void sharedNetworkRuntime_authoritativeStateUpdatesClockWithoutChangingLifecycle() {
        SharedNetworkRuntime runtime = SharedNetworkRuntime.builder().reliable(new FakeTransport()).build();

        runtime.start();
        runtime.session().onLoginStarted();
        runtime.session().onLoginSucceeded();
        runtime.onAuthoritativeTick(88);

        assertEquals(LOGGED_IN, runtime.session().state());
        assertEquals(OptionalLong.of(88), runtime.clockSync().serverTick());
    }
}
