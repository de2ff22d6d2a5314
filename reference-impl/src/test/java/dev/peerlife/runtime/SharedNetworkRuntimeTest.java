package dev.peerlife.runtime;

import dev.peerlife.lifecycle.ConfigurationException;
import dev.peerlife.lifecycle.LifecycleEventKind;
import dev.peerlife.lifecycle.PeerId;
import dev.peerlife.lifecycle.SessionPolicy;
import dev.peerlife.lifecycle.SessionState;
import dev.peerlife.testing.CountingTransport;
import dev.peerlife.testing.ManualClock;
import dev.peerlife.testing.RecordingListener;
import dev.peerlife.transport.ConnectionId;
import dev.peerlife.transport.Envelope;
import dev.peerlife.transport.EnvelopeCodec;
import dev.peerlife.transport.InMemoryNetwork;
import dev.peerlife.transport.Transport;
import dev.peerlife.transport.TransportException;
import dev.peerlife.transport.TransportListener;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedNetworkRuntimeTest {

    private static final PeerId SERVER = PeerId.of("server");
    private final ManualClock clock = new ManualClock();
    private final InMemoryNetwork network = new InMemoryNetwork();
    private final List<String> serverInbox = new ArrayList<>();
    private final List<ConnectionId> serverSideConnections = new ArrayList<>();
    private Transport serverReliable;

    /** A bare server endpoint that records what clients send it. */
    private void fakeServer(String address) {
        serverReliable = network.listen(address);
        serverReliable.start(new TransportListener() {
            @Override
            public void onConnected(ConnectionId connection) {
                serverSideConnections.add(connection);
            }

            @Override
            public void onReceive(ConnectionId connection, byte[] frame) {
                serverInbox.add(address + " <- " + connection + " " + frame.length + "B");
            }
        });
    }

    @Test
    void snf1_startReportsTransportConnectedNotLoggedInAndStopReportsDisconnected() {
        fakeServer("tcp:1");
        RecordingListener recorder = new RecordingListener();
        SharedNetworkRuntime runtime = SharedNetworkRuntime.builder().reliable(network.dial("alice", "tcp:1"))
                .clock(clock).build();
        runtime.session().addListener(recorder);

        runtime.start();
        assertEquals(SessionState.TRANSPORT_CONNECTED, runtime.session().state());
        runtime.stop();
        assertEquals(SessionState.DISCONNECTED, runtime.session().state());
        assertEquals(List.of(LifecycleEventKind.TRANSPORT_CONNECTED, LifecycleEventKind.DISCONNECTED),
                recorder.kindsOf(SERVER));
        assertEquals("runtime stopped", recorder.eventsOf(SERVER).get(1).reason());
        runtime.stop();
        assertEquals(2, recorder.events().size(), "a second stop reports nothing");
    }

    @Test
    void snf3_handlersRunThroughTheHostsQueuedDispatcher() {
        fakeServer("tcp:1");
        QueuedDispatcher dispatcher = new QueuedDispatcher();
        SharedNetworkRuntime runtime = SharedNetworkRuntime.builder().reliable(network.dial("alice", "tcp:1"))
                .clock(clock).dispatcher(dispatcher).build();
        List<String> handled = new ArrayList<>();
        runtime.router().register(0x200, (from, message) -> handled.add(from + ":" + message.payloadLength()));
        runtime.start();

        serverReliable.send(new ConnectionId("alice"), EnvelopeCodec.encode(new Envelope(0x200, new byte[4])));
        assertEquals(List.of(), handled, "queued, not run on the transport thread");
        assertEquals(1, dispatcher.pending());
        assertEquals(1, dispatcher.drain());
        assertEquals(List.of("server:4"), handled);
    }

    @Test
    void snf3_immediateDispatcherRunsHandlersAtOnce() {
        fakeServer("tcp:1");
        SharedNetworkRuntime runtime = SharedNetworkRuntime.builder().reliable(network.dial("alice", "tcp:1"))
                .clock(clock).build();
        List<Integer> handled = new ArrayList<>();
        runtime.router().register(0x200, (from, message) -> handled.add(message.type()));
        runtime.start();
        serverReliable.send(new ConnectionId("alice"), EnvelopeCodec.encode(new Envelope(0x200, new byte[0])));
        serverReliable.send(new ConnectionId("alice"), EnvelopeCodec.encode(new Envelope(0x201, new byte[0])));
        assertEquals(List.of(0x200), handled);
        assertEquals(1, runtime.router().unroutedMessages());
    }

    @Test
    void snf4_syncLaneIsUsedWhenPresentAndReliableServesBothLanesOtherwise() {
        fakeServer("tcp:1");
        Transport syncServer = network.listen("udp:2");
        List<String> syncInbox = new ArrayList<>();
        syncServer.start(new TransportListener() {
            @Override
            public void onReceive(ConnectionId connection, byte[] frame) {
                syncInbox.add(connection.value());
            }
        });
        SharedNetworkRuntime withSync = SharedNetworkRuntime.builder().reliable(network.dial("alice", "tcp:1"))
                .sync(network.dial("alice", "udp:2")).clock(clock).build();
        withSync.start();
        withSync.sendSync(new Envelope(0x300, new byte[1]));
        assertEquals(List.of("alice"), syncInbox);
        assertEquals(List.of(), serverInbox);

        SharedNetworkRuntime reliableOnly = SharedNetworkRuntime.builder().reliable(network.dial("bob", "tcp:1"))
                .clock(clock).build();
        reliableOnly.start();
        reliableOnly.sendSync(new Envelope(0x300, new byte[1]));
        assertEquals(List.of("tcp:1 <- bob 4B"), serverInbox);

        withSync.stop();
        assertFalse(network.listeningAddresses().isEmpty(), "stopping a client leaves the servers alone");
    }

    @Test
    void snf4_aSyncLaneThatFailsToStartLeavesNothingRunning() {
        fakeServer("tcp:1");
        CountingTransport reliable = new CountingTransport(network.dial("alice", "tcp:1"));
        SharedNetworkRuntime runtime = SharedNetworkRuntime.builder().reliable(reliable)
                .sync(network.dial("alice", "udp:nowhere")).clock(clock).build();
        TransportException e = assertThrows(TransportException.class, runtime::start);
        assertTrue(e.getMessage().contains("nothing listens at udp:nowhere"), e.getMessage());
        assertEquals(1, reliable.stops());
        assertFalse(runtime.isRunning());
        assertEquals(SessionState.DISCONNECTED, runtime.session().state());
    }

    @Test
    void snf1_updateReportsTheNextHeartbeatOrTimeoutDeadline() {
        fakeServer("tcp:1");
        SharedNetworkRuntime runtime = SharedNetworkRuntime.builder().reliable(network.dial("alice", "tcp:1"))
                .clock(clock).policy(SessionPolicy.defaults()).build();
        runtime.start();
        assertEquals(6_000, runtime.update());
        runtime.session().onLoginStarted();
        runtime.session().onLoginSucceeded();
        assertEquals(2_000, runtime.update());
    }

    @Test
    void malformedInboundFramesAreDroppedAndCounted() {
        fakeServer("tcp:1");
        SharedNetworkRuntime runtime = SharedNetworkRuntime.builder().reliable(network.dial("alice", "tcp:1"))
                .clock(clock).build();
        runtime.start();
        serverReliable.send(new ConnectionId("alice"), new byte[] {1});
        assertEquals(1, runtime.malformedFrames());
        assertEquals(SessionState.TRANSPORT_CONNECTED, runtime.session().state());
    }

    @Test
    void aServerClosingTheConnectionReportsDisconnectedWithItsReason() {
        fakeServer("tcp:1");
        RecordingListener recorder = new RecordingListener();
        SharedNetworkRuntime runtime = SharedNetworkRuntime.builder().reliable(network.dial("alice", "tcp:1"))
                .clock(clock).build();
        runtime.session().addListener(recorder);
        runtime.start();
        serverReliable.close(new ConnectionId("alice"), "kicked");
        assertEquals(SessionState.DISCONNECTED, runtime.session().state());
        assertEquals("kicked", recorder.eventsOf(SERVER).get(1).reason());
    }

    @Test
    void buildNamesAMissingReliableTransport() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> SharedNetworkRuntime.builder().build());
        assertEquals("reliable", e.field());
    }
}
