package dev.peerlife.runtime;

import dev.peerlife.lifecycle.PeerId;
import dev.peerlife.lifecycle.SessionPolicy;
import dev.peerlife.lifecycle.SessionRemoved;
import dev.peerlife.lifecycle.SessionState;
import dev.peerlife.testing.ManualClock;
import dev.peerlife.testing.RecordingListener;
import dev.peerlife.transport.Envelope;
import dev.peerlife.transport.InMemoryNetwork;
import dev.peerlife.transport.RemotePeer;
import dev.peerlife.transport.TransportException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerNetworkHostTest {

    private static final PeerId ALICE = PeerId.of("alice");
    private static final PeerId BOB = PeerId.of("bob");
    private static final int CHAT = 0x0100;

    private final ManualClock clock = new ManualClock();
    private final InMemoryNetwork network = new InMemoryNetwork();
    private final RecordingListener recorder = new RecordingListener();
    private final List<SessionRemoved> cleanedUp = new ArrayList<>();
    private ServerNetworkHost host;

    @BeforeEach
    void startHost() {
        host = host(ServerHostHooks.none());
    }

    private ServerNetworkHost host(ServerHostHooks admission) {
        ServerNetworkHost h = ServerNetworkHost.builder()
                .reliable(network.listen("tcp:7000"))
                .clock(clock)
                .policy(SessionPolicy.defaults())
                .resumeGraceMs(10_000)
                .hooks(new ServerHostHooks() {
                    @Override
                    public Admission admit(PeerId peer, int managedSessions) {
                        return admission.admit(peer, managedSessions);
                    }

                    @Override
                    public void onSessionRemoved(SessionRemoved removed) {
                        cleanedUp.add(removed);
                    }
                })
                .build();
        h.sessions().addListener(recorder);
        h.start();
        return h;
    }

    @AfterEach
    void stopHost() {
        host.stop();
        recorder.assertChainsConsistent();
    }

    private RemotePeer connected(String name) {
        RemotePeer peer = network.peer(name, "tcp:7000");
        peer.connect();
        return peer;
    }

    private SessionState stateOf(PeerId peer) {
        return host.sessions().lookup(peer).orElseThrow().state();
    }

    @Test
    void msl1_twoConnectionsOpenTwoIndependentSessions() {
        connected("alice");
        connected("bob");
        host.sessions().onLoginStarted(ALICE);
        host.sessions().onLoginSucceeded(ALICE);
        assertEquals(SessionState.LOGGED_IN, stateOf(ALICE));
        assertEquals(SessionState.TRANSPORT_CONNECTED, stateOf(BOB));
    }

    @Test
    void snf2_messagesUseTheSameEnvelopeAndHandlerContractAsTheClient() {
        RemotePeer alice = connected("alice");
        List<String> handled = new ArrayList<>();
        host.router().register(CHAT, (from, message) -> {
            handled.add(from + ":" + new String(message.payload()));
            host.send(from, new Envelope(CHAT, "pong".getBytes()));
        });
        alice.send(new Envelope(CHAT, "ping".getBytes()));
        assertEquals(List.of("alice:ping"), handled);
        assertEquals(List.of(new Envelope(CHAT, "pong".getBytes())), alice.received());
    }

    @Test
    void msl2_inboundTrafficKeepsOnlyItsOwnPeerAlive() {
        RemotePeer alice = connected("alice");
        connected("bob");
        for (int i = 0; i < 7; i++) {
            clock.advance(1_000);
            alice.send(new Envelope(CHAT, new byte[0]));
            host.evaluate();
        }
        assertEquals(SessionState.TRANSPORT_CONNECTED, stateOf(ALICE));
        assertEquals(SessionState.RECONNECTING, stateOf(BOB));
    }

    @Test
    void malformedFramesAreDroppedAndCountedForTheirPeerOnly() {
        RemotePeer alice = connected("alice");
        RemotePeer bob = connected("bob");
        List<PeerId> handled = new ArrayList<>();
        host.router().register(CHAT, (from, message) -> handled.add(from));
        alice.sendRaw(new byte[] {1});
        alice.sendRaw(new byte[ServerNetworkHost.DEFAULT_MAX_FRAME_BYTES + 1]);
        bob.send(new Envelope(CHAT, new byte[0]));
        assertEquals(2, host.malformedFrames(ALICE));
        assertEquals(0, host.malformedFrames(BOB));
        assertEquals(List.of(BOB), handled);
        assertEquals(SessionState.TRANSPORT_CONNECTED, stateOf(ALICE));
    }

    @Test
    void msl3_aTransportDisconnectChangesOnlyThatPeer() {
        RemotePeer alice = connected("alice");
        connected("bob");
        alice.disconnect();
        assertEquals(SessionState.DISCONNECTED, stateOf(ALICE));
        assertEquals(SessionState.TRANSPORT_CONNECTED, stateOf(BOB));
    }

    @Test
    void msl3_evictingOnePeerClosesItsConnectionAndLeavesTheOthers() {
        RemotePeer alice = connected("alice");
        RemotePeer bob = connected("bob");
        assertTrue(host.disconnect(ALICE, "cheating"));
        assertFalse(alice.isConnected());
        assertEquals(List.of("cheating"), alice.closeReasons());
        assertTrue(bob.isConnected());
        assertTrue(host.sessions().lookup(ALICE).isEmpty());
        assertEquals(SessionState.TRANSPORT_CONNECTED, stateOf(BOB));
        assertEquals(List.of(ALICE), cleanedUp.stream().map(SessionRemoved::peer).toList());
    }

    @Test
    void pro4_admissionHookRefusesAPeerWithAReasonTheClientReads() {
        host.stop();
        host = host(ServerHostHooks.maxPeers(1));
        connected("alice");
        RemotePeer bob = network.peer("bob", "tcp:7000");
        bob.connect();
        assertFalse(bob.isConnected());
        assertEquals(List.of("admission refused: server full: 1 of 1 peers"), bob.closeReasons());
        assertEquals(1, host.rejectedConnections());
        assertEquals(List.of(ALICE), host.sessions().sessions().stream().map(s -> s.peer()).toList());
    }

    @Test
    void serverReconnect_aPeerThatReconnectsWithinTheWindowResumesItsSession() {
        RemotePeer alice = connected("alice");
        host.sessions().onLoginStarted(ALICE);
        host.sessions().onLoginSucceeded(ALICE);
        alice.disconnect();
        clock.advance(9_000);
        host.evaluate();
        alice.connect();
        assertEquals(SessionState.TRANSPORT_CONNECTED, stateOf(ALICE));
        clock.advance(5_000);
        host.sessions().onHeartbeatReceived(ALICE);
        host.evaluate();
        assertTrue(host.sessions().lookup(ALICE).isPresent());
        assertEquals(List.of(), cleanedUp);
    }

    @Test
    void serverReconnect_aPeerSilentPastTheWindowIsEvictedAndItsConnectionClosed() {
        RemotePeer alice = connected("alice");
        RemotePeer bob = connected("bob");
        for (int i = 0; i < 20; i++) {
            clock.advance(1_000);
            bob.send(new Envelope(CHAT, new byte[0]));
            host.evaluate();
        }
        assertTrue(host.sessions().lookup(ALICE).isEmpty());
        assertFalse(alice.isConnected());
        assertTrue(alice.closeReasons().get(0).startsWith("resume window of 10000 ms expired"),
                alice.closeReasons().toString());
        assertTrue(bob.isConnected());
        assertEquals(SessionState.TRANSPORT_CONNECTED, stateOf(BOB));
    }

    @Test
    void msl4_stoppingTheHostClearsEverySessionAndClosesEveryConnection() {
        RemotePeer alice = connected("alice");
        RemotePeer bob = connected("bob");
        host.stop();
        assertEquals(0, host.sessions().size());
        assertEquals(List.of("host stopped"), alice.closeReasons());
        assertEquals(List.of("host stopped"), bob.closeReasons());
        assertFalse(network.isListening("tcp:7000"));
        assertThrows(TransportException.class, () -> network.peer("carol", "tcp:7000").connect());
    }
}
