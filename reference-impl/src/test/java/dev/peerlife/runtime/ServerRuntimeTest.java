package dev.peerlife.runtime;

import dev.peerlife.lifecycle.ConfigurationException;
import dev.peerlife.lifecycle.MultiSessionManager;
import dev.peerlife.lifecycle.PeerId;
import dev.peerlife.lifecycle.SessionState;
import dev.peerlife.testing.CountingTransport;
import dev.peerlife.testing.ManualClock;
import dev.peerlife.transport.Envelope;
import dev.peerlife.transport.InMemoryNetwork;
import dev.peerlife.transport.RemotePeer;
import dev.peerlife.transport.TransportException;
import dev.peerlife.transport.TransportFactory;
import dev.peerlife.transport.TransportRole;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerRuntimeTest {

    private final ManualClock clock = new ManualClock();
    private final InMemoryNetwork network = new InMemoryNetwork();
    private final List<CountingTransport> created = new ArrayList<>();

    /** Wraps every transport the network makes in a counter. */
    private final TransportFactory counting = (role, port) -> {
        CountingTransport t = new CountingTransport(network.serverFactory().create(role, port));
        created.add(t);
        return t;
    };

    private ServerRuntimeConfig.Builder config() {
        return ServerRuntimeConfig.builder().reliablePort(7000).clock(clock).transportFactory(counting);
    }

    @Test
    void msl4_startExposesTheHostsOwnMultiSessionManager() {
        try (ServerRuntime runtime = ServerRuntime.start(config().build())) {
            MultiSessionManager sessions = runtime.host().sessions();
            assertSame(sessions, runtime.sessions());
            network.peer("alice", "tcp:7000").connect();
            assertEquals(SessionState.TRANSPORT_CONNECTED, sessions.lookup(PeerId.of("alice")).orElseThrow().state());
        }
    }

    @Test
    void msl4_stopClearsEveryManagedSessionWithoutPerPeerCalls() {
        ServerRuntime runtime = ServerRuntime.start(config().build());
        RemotePeer alice = network.peer("alice", "tcp:7000");
        alice.connect();
        network.peer("bob", "tcp:7000").connect();
        assertEquals(2, runtime.sessions().size());
        runtime.stop();
        assertEquals(0, runtime.sessions().size());
        assertEquals(List.of("host stopped"), alice.closeReasons());
        assertFalse(runtime.isRunning());
    }

    @Test
    void sre1_invalidPortsAreRejectedByNameBeforeAnythingStarts() {
        ConfigurationException bad = assertThrows(ConfigurationException.class,
                () -> ServerRuntime.start(config().reliablePort(70_000).build()));
        assertEquals("reliablePort", bad.field());
        ConfigurationException same = assertThrows(ConfigurationException.class,
                () -> ServerRuntime.start(config().syncPort(7000).build()));
        assertEquals("syncPort", same.field());
        ConfigurationException negative = assertThrows(ConfigurationException.class,
                () -> ServerRuntime.start(config().syncPort(-1).build()));
        assertEquals("syncPort", negative.field());
        assertEquals(List.of(), created, "no transport was even created");
    }

    @Test
    void sre1_missingCollaboratorsAreNamed() {
        assertEquals("transportFactory", assertThrows(ConfigurationException.class,
                () -> ServerRuntimeConfig.builder().build().validate()).field());
        assertEquals("resumeGraceMs", assertThrows(ConfigurationException.class,
                () -> config().resumeGraceMs(0).build().validate()).field());
        assertEquals("policy", assertThrows(ConfigurationException.class,
                () -> config().policy(null).build().validate()).field());
    }

    @Test
    void sre2_reliableOnlyStartsOneTransport() {
        try (ServerRuntime runtime = ServerRuntime.start(config().build())) {
            assertTrue(runtime.isRunning());
            assertEquals(1, created.size());
            assertEquals(1, created.get(0).starts());
            assertEquals(List.of("tcp:7000"), network.listeningAddresses());
        }
    }

    @Test
    void sre2_bothPortsStartBothTransportsBeforeSuccess() {
        try (ServerRuntime runtime = ServerRuntime.start(config().syncPort(7001).build())) {
            assertEquals(2, created.size());
            assertTrue(created.stream().allMatch(t -> t.starts() == 1));
            assertTrue(network.isListening("tcp:7000"));
            assertTrue(network.isListening("udp:7001"));
        }
    }

    @Test
    void sre3_aSyncTransportThatFailsToStartRollsBackTheReliableOneAndSurfacesTheFailure() {
        network.listen("udp:7001").start(new dev.peerlife.transport.TransportListener() {
        });
        TransportException failure = assertThrows(TransportException.class,
                () -> ServerRuntime.start(config().syncPort(7001).build()));
        assertEquals("address already in use: udp:7001", failure.getMessage());
        assertFalse(network.isListening("tcp:7000"), "the reliable transport was stopped again");
        assertTrue(created.get(0).stops() >= 1);
        // The port is free again: a new runtime binds it at once.
        try (ServerRuntime again = ServerRuntime.start(config().build())) {
            assertTrue(again.isRunning());
        }
    }

    @Test
    void sre2_aSyncTransportWhoseStartFailsIsStoppedToo() {
        List<CountingTransport> lanes = new ArrayList<>();
        TransportFactory failingSync = (role, port) -> {
            CountingTransport t = role == TransportRole.SYNC
                    ? CountingTransport.failingStart(network.listen("udp:" + port), "sync bind failed")
                    : new CountingTransport(network.listen("tcp:" + port));
            lanes.add(t);
            return t;
        };
        assertThrows(TransportException.class,
                () -> ServerRuntime.start(config().transportFactory(failingSync).syncPort(7001).build()));
        assertEquals(2, lanes.size());
        for (CountingTransport lane : lanes) {
            assertEquals(1, lane.starts(), "each lane began initializing once");
            assertEquals(1, lane.stops(), "every lane that began initializing is stopped, the failed one included");
        }
    }

    @Test
    void sre3_aFailureWhileCreatingTheSecondTransportStopsTheFirst() {
        TransportFactory failsOnSync = (role, port) -> {
            if (role == TransportRole.SYNC) {
                throw new IllegalStateException("no UDP here");
            }
            return counting.create(role, port);
        };
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> ServerRuntime.start(config().transportFactory(failsOnSync).syncPort(7001).build()));
        assertEquals("no UDP here", failure.getMessage());
        assertEquals(1, created.get(0).stops());
        assertTrue(network.listeningAddresses().isEmpty());
    }

    @Test
    void sre3_aStartFailureSurfacesTheOriginalErrorWithRollbackFailuresSuppressed() {
        TransportFactory explodes = (role, port) -> role == TransportRole.RELIABLE
                ? new StopFails(network.listen("tcp:" + port))
                : CountingTransport.failingStart(network.listen("udp:" + port), "sync bind failed");
        TransportException failure = assertThrows(TransportException.class,
                () -> ServerRuntime.start(config().transportFactory(explodes).syncPort(7001).build()));
        assertEquals("sync bind failed", failure.getMessage());
        assertEquals(1, failure.getSuppressed().length);
        assertEquals("stop failed too", failure.getSuppressed()[0].getMessage());
    }

    /** A transport whose stop releases its port and then throws. */
    private static final class StopFails implements dev.peerlife.transport.Transport {
        private final dev.peerlife.transport.Transport delegate;

        StopFails(dev.peerlife.transport.Transport delegate) {
            this.delegate = delegate;
        }

        @Override
        public void start(dev.peerlife.transport.TransportListener listener) {
            delegate.start(listener);
        }

        @Override
        public void stop() {
            delegate.stop();
            throw new IllegalStateException("stop failed too");
        }

        @Override
        public void send(dev.peerlife.transport.ConnectionId to, byte[] frame) {
            delegate.send(to, frame);
        }

        @Override
        public void sendToAll(byte[] frame) {
            delegate.sendToAll(frame);
        }

        @Override
        public void close(dev.peerlife.transport.ConnectionId connection, String reason) {
            delegate.close(connection, reason);
        }
    }

    @Test
    void sre4_stoppingTwiceIsSafeAndStopsEachTransportOnce() {
        ServerRuntime runtime = ServerRuntime.start(config().syncPort(7001).build());
        network.peer("alice", "tcp:7000").connect();
        runtime.stop();
        runtime.stop();
        runtime.close();
        assertEquals(0, runtime.sessions().size());
        assertTrue(created.stream().allMatch(t -> t.stops() == 1), "each transport stopped exactly once");
        assertTrue(network.listeningAddresses().isEmpty());
    }

    @Test
    void sre5_theHandleDrivesDrainingAndLifecycleUpdatesWithoutRebuilding() {
        ServerRuntime runtime = ServerRuntime.start(config().build());
        MultiSessionManager before = runtime.sessions();
        List<String> handled = new ArrayList<>();
        runtime.host().router().register(0x100, (from, message) -> handled.add(from.value()));
        RemotePeer alice = network.peer("alice", "tcp:7000");
        alice.connect();
        alice.send(new Envelope(0x100, new byte[0]));
        assertEquals(List.of(), handled, "the default dispatcher queues for the host loop");
        assertEquals(1, runtime.drainMessages());
        assertEquals(List.of("alice"), handled);
        long delay = runtime.update();
        assertTrue(delay > 0 && delay <= 6_000, "the next deadline is alice's timeout or earlier: " + delay);
        clock.advance(6_000);
        runtime.update();
        assertEquals(SessionState.RECONNECT_PENDING, runtime.sessions().lookup(PeerId.of("alice")).orElseThrow().state());
        assertSame(before, runtime.sessions());
        runtime.stop();
    }
}
