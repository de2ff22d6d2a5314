package dev.peerlife.runtime;

import dev.peerlife.lifecycle.ClockSync;
import dev.peerlife.lifecycle.ConfigurationException;
import dev.peerlife.lifecycle.LifecycleEventKind;
import dev.peerlife.lifecycle.SessionEvent;
import dev.peerlife.lifecycle.SessionPolicy;
import dev.peerlife.lifecycle.SessionSnapshot;
import dev.peerlife.lifecycle.SessionState;
import dev.peerlife.testing.FakeTransport;
import dev.peerlife.testing.ManualClock;
import dev.peerlife.transport.Envelope;
import dev.peerlife.transport.InMemoryNetwork;
import dev.peerlife.transport.TransportException;
import dev.peerlife.transport.TransportFactory;
import dev.peerlife.transport.TransportRole;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client entry point: a configuration in, a started client out, built like the server's. */
class ClientRuntimeEntryPointTest {

    private final ManualClock clock = new ManualClock();
    /** Every transport the factory made, by port, in creation order (a reconnect adds to the list). */
    private final Map<Integer, List<FakeTransport>> made = new LinkedHashMap<>();

    private TransportFactory fakes(int failingPort) {
        return (role, port) -> {
            FakeTransport t = port == failingPort ? FakeTransport.failingStart("cannot reach port " + port) : new FakeTransport();
            made.computeIfAbsent(port, p -> new ArrayList<>()).add(t);
            return t;
        };
    }

    private ClientRuntimeConfig.Builder config() {
        return ClientRuntimeConfig.builder().reliablePort(8080).clock(clock).transportFactory(fakes(-1));
    }

    private FakeTransport first(int port) {
        return made.get(port).get(0);
    }

    @Test
    void snf5_withASyncPortTheClientStartsTwoDistinctLanes() {
        SharedNetworkRuntime client = SharedNetworkRuntime.start(config().syncPort(8081).build());
        assertEquals(List.of(8080, 8081), List.copyOf(made.keySet()));
        assertSame(first(8080), client.transport(TransportRole.RELIABLE));
        assertSame(first(8081), client.transport(TransportRole.SYNC));
        assertNotSame(client.transport(TransportRole.RELIABLE), client.transport(TransportRole.SYNC));
        assertEquals(1, first(8080).starts());
        assertEquals(1, first(8081).starts());
        assertTrue(client.isRunning());
        assertEquals(SessionState.TRANSPORT_CONNECTED, client.session().state(), "started, not logged in");
        client.sendSync(new Envelope(0x300, new byte[1]));
        client.send(new Envelope(0x301, new byte[1]));
        assertEquals(1, first(8080).sends());
        assertEquals(1, first(8081).sends());
    }

    @Test
    void nsl4_withoutASyncPortTheReliableTransportIsTheFallbackLane() {
        SharedNetworkRuntime client = SharedNetworkRuntime.start(config().build());
        assertEquals(List.of(8080), List.copyOf(made.keySet()));
        assertSame(client.transport(TransportRole.RELIABLE), client.transport(TransportRole.SYNC));
        client.sendSync(new Envelope(0x300, new byte[1]));
        assertEquals(0x300, first(8080).lastSent().type());
    }

    @Test
    void sre2_aSyncLaneThatFailsToStartRollsBackBothLanesAndRethrows() {
        TransportException e = assertThrows(TransportException.class, () -> SharedNetworkRuntime.start(
                config().syncPort(8081).transportFactory(fakes(8081)).build()));
        assertEquals("cannot reach port 8081", e.getMessage());
        assertEquals(1, first(8080).starts());
        assertEquals(1, first(8080).stops());
        assertEquals(1, first(8081).starts());
        assertEquals(1, first(8081).stops());
    }

    @Test
    void sre2_aFactoryThatFailsForTheSyncLaneStopsTheReliableTransportItMade() {
        TransportFactory failsForSync = (role, port) -> {
            if (role == TransportRole.SYNC) {
                throw new TransportException("no UDP here");
            }
            return fakes(-1).create(role, port);
        };
        assertThrows(TransportException.class,
                () -> SharedNetworkRuntime.start(config().syncPort(8081).transportFactory(failsForSync).build()));
        assertEquals(0, first(8080).starts(), "nothing started");
        assertEquals(1, first(8080).stops(), "but what was made is released");
    }

    @Test
    void sre2_stopReportsDisconnectedStopsEachLaneOnceAndIsIdempotent() {
        List<LifecycleEventKind> kinds = new ArrayList<>();
        SharedNetworkRuntime client = SharedNetworkRuntime.start(config().syncPort(8081)
                .listener(e -> kinds.add(e.event().kind())).build());
        client.stop();
        client.stop();
        client.close();
        assertFalse(client.isRunning());
        assertEquals(1, first(8080).stops());
        assertEquals(1, first(8081).stops());
        assertEquals(List.of(LifecycleEventKind.TRANSPORT_CONNECTED, LifecycleEventKind.DISCONNECTED), kinds,
                "the configured listener hears the start, too");
    }

    @Test
    void ref9_theConfigurationIsCheckedBeforeAnyTransportIsMadeNamingTheField() {
        assertEquals("reliablePort", assertThrows(ConfigurationException.class,
                () -> SharedNetworkRuntime.start(config().reliablePort(0).build())).field());
        assertEquals("syncPort", assertThrows(ConfigurationException.class,
                () -> SharedNetworkRuntime.start(config().syncPort(65_536).build())).field());
        assertEquals("syncPort", assertThrows(ConfigurationException.class,
                () -> SharedNetworkRuntime.start(config().syncPort(8080).build())).field());
        assertEquals("transportFactory", assertThrows(ConfigurationException.class,
                () -> SharedNetworkRuntime.start(config().transportFactory(null).build())).field());
        assertEquals("playerId", assertThrows(ConfigurationException.class,
                () -> SharedNetworkRuntime.start(config().playerId(" ").build())).field());
        assertEquals("heartbeatTimeoutMs", assertThrows(ConfigurationException.class,
                () -> config().policy(SessionPolicy.builder().heartbeatTimeoutMs(0).build())).field());
        assertTrue(made.isEmpty(), "no transport was made for an invalid configuration");
    }

    @Test
    void snf2_handlersAreQueuedByDefaultAndRunByDrainMessages() {
        SharedNetworkRuntime client = SharedNetworkRuntime.start(config().build());
        List<String> handled = new ArrayList<>();
        client.router().register(0x200, (from, message) -> handled.add(from + ":" + message.payloadLength()));
        first(8080).receive("server", new Envelope(0x200, new byte[3]));
        assertEquals(List.of(), handled, "queued, not run on the transport's thread");
        assertEquals(1, client.drainMessages());
        assertEquals(List.of("server:3"), handled);
        assertEquals(0, client.drainMessages());
    }

    @Test
    void snf2_withAnImmediateDispatcherThereIsNothingToDrain() {
        SharedNetworkRuntime client = SharedNetworkRuntime.start(config().dispatcher(Dispatcher.immediate()).build());
        List<Integer> handled = new ArrayList<>();
        client.router().register(0x200, (from, message) -> handled.add(message.type()));
        first(8080).receive("server", new Envelope(0x200, new byte[0]));
        assertEquals(List.of(0x200), handled);
        assertEquals(0, client.drainMessages());
    }

    @Test
    void nsl7_theFactoryDialsAgainWhenTheSessionReconnectsUnlessRedialIsOff() {
        SessionPolicy quick = SessionPolicy.builder().heartbeatTimeoutMs(5_000).reconnectDelayMs(0).build();
        SharedNetworkRuntime client = SharedNetworkRuntime.start(config().policy(quick).build());
        clock.advance(5_000);
        client.update();
        assertEquals(2, made.get(8080).size(), "a second reliable transport was dialed");
        assertEquals(1, first(8080).stops(), "the old one was let go");
        assertSame(made.get(8080).get(1), client.transport(TransportRole.RELIABLE));
        assertEquals(SessionState.TRANSPORT_CONNECTED, client.session().state());

        made.clear();
        SharedNetworkRuntime stays = SharedNetworkRuntime.start(config().policy(quick).redial(false).build());
        clock.advance(5_000);
        stays.update();
        assertEquals(1, made.get(8080).size());
        assertEquals(SessionState.RECONNECTING, stays.session().state(), "the host decides what to do");
    }

    @Test
    void nsl2_heartbeatAnswersAndAuthoritativeUpdatesFeedTheClientsClockSyncNotItsLifecycle() {
        List<SessionEvent> events = new ArrayList<>();
        SharedNetworkRuntime client = SharedNetworkRuntime.start(config().clockSync(ClockSync::ignoreOlder)
                .listener(events::add).build());
        client.session().onLoginStarted();
        client.session().onLoginSucceeded();
        int eventsBefore = events.size();
        assertTrue(client.onAuthoritativeTick(88));
        assertEquals(eventsBefore, events.size(), "an authoritative update is no lifecycle event");
        assertEquals(SessionState.LOGGED_IN, client.session().state());
        assertEquals(OptionalLong.of(88), client.clockSync().serverTick());
        assertFalse(client.onAuthoritativeTick(87), "the configured strategy ignores an older tick");
        assertSame(client.clockSync(), client.session().clockSync());
        assertEquals(OptionalLong.of(88), client.session().snapshot().lastServerTick());
    }

    @Test
    void theConfiguredSnapshotSinkRecordsTheSessionFromItsStart() {
        List<SessionSnapshot> snapshots = new ArrayList<>();
        SharedNetworkRuntime client = SharedNetworkRuntime.start(config().snapshotSink(snapshots::add).build());
        client.session().onLoginStarted();
        client.stop();
        assertEquals(List.of(SessionState.TRANSPORT_CONNECTED, SessionState.LOGIN_PENDING, SessionState.DISCONNECTED),
                snapshots.stream().map(SessionSnapshot::state).toList());
    }

    @Test
    void theInMemoryNetworkMakesClientTransportsForTheEntryPoint() {
        InMemoryNetwork network = new InMemoryNetwork();
        try (ServerRuntime server = ServerRuntime.start(ServerRuntimeConfig.builder().reliablePort(7000).syncPort(7001)
                .clock(clock).transportFactory(network.serverFactory()).build());
             SharedNetworkRuntime client = SharedNetworkRuntime.start(ClientRuntimeConfig.builder().reliablePort(7000)
                     .syncPort(7001).clock(clock).transportFactory(network.clientFactory("alice")).build())) {
            assertTrue(client.isRunning());
            assertEquals(SessionState.TRANSPORT_CONNECTED,
                    server.sessions().lookup(dev.peerlife.lifecycle.PeerId.of("alice")).orElseThrow().state());
            assertTrue(network.isListening("udp:7001"));
        }
    }
}
