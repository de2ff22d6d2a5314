package dev.peerlife.transport.netty;

import dev.peerlife.lifecycle.LifecycleEventKind;
import dev.peerlife.lifecycle.PeerId;
import dev.peerlife.lifecycle.SessionEvent;
import dev.peerlife.lifecycle.SessionListener;
import dev.peerlife.lifecycle.SessionPolicy;
import dev.peerlife.lifecycle.SessionState;
import dev.peerlife.runtime.Admission;
import dev.peerlife.runtime.ServerNetworkHost;
import dev.peerlife.runtime.SharedNetworkRuntime;
import dev.peerlife.testing.EventQueue;
import dev.peerlife.testing.ManualClock;
import dev.peerlife.testing.NettyLeakCheck;
import dev.peerlife.transport.ConnectionId;
import dev.peerlife.transport.EnvelopeCodec;
import dev.peerlife.transport.MalformedFrameException;
import dev.peerlife.transport.TransportListener;
import dev.peerlife.wire.ProtocolCodec;
import dev.peerlife.wire.ProtocolMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lifecycle over real TCP: login, heartbeats, a silent client timing out alone on the server,
 * its reconnect resuming the same identity, refused tokens, hostile frames, login rejection and
 * shutdown. One manual clock drives every lifecycle; sockets carry the messages.
 */
@ExtendWith(NettyLeakCheck.class)
class WireLifecycleTest {

    private static final int MAX = 4096;
    private final ManualClock clock = new ManualClock(1_000_000);
    private final EventQueue<SessionEvent> serverEvents = new EventQueue<>();
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private NettyTcpServer transport;
    private ServerNetworkHost server;

    @BeforeEach
    void startServer() {
        startServer(b -> { });
    }

    /** (Re)starts the server on a new port: the test defaults, then {@code custom}. */
    private void startServer(java.util.function.Consumer<ServerNetworkHost.Builder> custom) {
        if (server != null) {
            server.stop();
        }
        transport = new NettyTcpServer("127.0.0.1", 0, MAX);
        ServerNetworkHost.Builder builder = ServerNetworkHost.builder().reliable(transport).clock(clock)
                .policy(SessionPolicy.defaults()).resumeGraceMs(30_000)
                .authenticator(playerId -> playerId.startsWith("banned") ? Admission.reject("banned for cheating") : Admission.accept())
                .serverTick(() -> 777).maxMalformedFrames(3);
        custom.accept(builder);
        server = builder.build();
        server.sessions().addListener(new SessionListener() {
            @Override
            public void onEvent(SessionEvent event) {
                serverEvents.add(event);
            }
        });
        server.start();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable c : cleanup) {
            c.close();
        }
        server.stop();
    }

    /** A client runtime over TCP with a recorder of its own session's events. */
    private final class Client {
        final EventQueue<SessionEvent> events = new EventQueue<>();
        final SharedNetworkRuntime runtime;

        Client(String player) {
            runtime = SharedNetworkRuntime.builder()
                    .dialer(() -> new NettyTcpClient("127.0.0.1", transport.port(), MAX))
                    .playerId(player).clock(clock).policy(SessionPolicy.defaults()).build();
            runtime.session().addListener(new SessionListener() {
                @Override
                public void onEvent(SessionEvent event) {
                    events.add(event);
                }
            });
            cleanup.add(runtime);
            runtime.start();
        }

        void awaitOwn(LifecycleEventKind kind) {
            events.await(e -> e.event().kind() == kind, "client " + kind);
        }
    }

    private SessionEvent awaitServer(String peer, LifecycleEventKind kind) {
        return serverEvents.await(e -> e.peer().value().equals(peer) && e.event().kind() == kind, peer + " " + kind + " on the server");
    }

    private SessionState serverState(String peer) {
        return server.sessions().lookup(PeerId.of(peer)).orElseThrow().state();
    }

    private Client loggedIn(String player) {
        Client client = new Client(player);
        client.awaitOwn(LifecycleEventKind.LOGIN_SUCCEEDED);
        awaitServer(player, LifecycleEventKind.LOGIN_SUCCEEDED);
        return client;
    }

    /** One second passes: {@code active} heartbeats when due and the server evaluates afterwards. */
    private void secondPasses(Client active) {
        clock.advance(1_000);
        long before = active.runtime.session().snapshot().ignoredInputs();
        if (active.runtime.session().isHeartbeatDue()) {
            active.runtime.update();
            awaitServer(active.runtime.identity(), LifecycleEventKind.HEARTBEAT_RECEIVED);
            active.awaitOwn(LifecycleEventKind.HEARTBEAT_RECEIVED);
        }
        assertEquals(before, active.runtime.session().snapshot().ignoredInputs());
        server.evaluate();
    }

    @Test
    void twoClientsLogInAndHeartbeatWithRttAndServerTick() {
        Client alice = loggedIn("alice");
        Client bob = loggedIn("bob");
        assertEquals("alice", alice.runtime.identity());
        assertEquals(SessionState.LOGGED_IN, serverState("alice"));
        assertEquals(SessionState.LOGGED_IN, serverState("bob"));
        clock.advance(2_000);
        alice.runtime.update();
        alice.awaitOwn(LifecycleEventKind.HEARTBEAT_RECEIVED);
        assertEquals(777, alice.runtime.session().snapshot().lastServerTick().getAsLong());
        assertEquals(0, alice.runtime.session().snapshot().rttMs().getAsLong(), "no manual time passed in flight");
        assertEquals(SessionState.LOGGED_IN, alice.runtime.session().state());
        assertEquals(SessionState.LOGGED_IN, bob.runtime.session().state());
    }

    @Test
    void aSilentClientTimesOutAloneThenReconnectsAndResumesItsIdentity() {
        Client alice = loggedIn("alice");
        Client bob = loggedIn("bob");
        for (int s = 0; s < 7; s++) {
            secondPasses(alice);
        }
        assertEquals(SessionState.LOGGED_IN, serverState("alice"));
        assertEquals(SessionState.RECONNECTING, serverState("bob"), "bob timed out, was scheduled, and waits to resume");

        // The server closed bob's connection when his session timed out (it failed the liveness
        // contract); bob's client sees the drop, dials again and resumes with its token.
        bob.events.await(e -> e.event().kind() == LifecycleEventKind.DISCONNECTED, "bob dropped by the server");
        bob.runtime.update();
        bob.events.await(e -> e.event().kind() == LifecycleEventKind.LOGIN_SUCCEEDED
                && e.event().timeMs() == clock.nowMs(), "bob's second login");
        awaitServer("bob", LifecycleEventKind.LOGIN_SUCCEEDED);
        assertEquals(SessionState.LOGGED_IN, serverState("bob"));
        assertEquals("bob", bob.runtime.identity(), "the same identity, not a new session");
        assertEquals(2, server.sessions().size());
        assertEquals(SessionState.LOGGED_IN, serverState("alice"));
    }

    /** A bare wire client: speaks the protocol by hand. */
    private static final class RawClient implements TransportListener {
        final EventQueue<Object> inbox = new EventQueue<>();
        final NettyTcpClient transport;

        RawClient(int port) {
            transport = new NettyTcpClient("127.0.0.1", port, MAX);
            transport.start(this);
        }

        void send(ProtocolMessage m) {
            transport.sendToAll(EnvelopeCodec.encode(ProtocolCodec.encode(m)));
        }

        @Override
        public void onReceive(ConnectionId c, byte[] frame) {
            try {
                inbox.add(ProtocolCodec.decode(EnvelopeCodec.decode(frame, MAX)));
            } catch (MalformedFrameException e) {
                inbox.add(e);
            }
        }

        @Override
        public void onDisconnected(ConnectionId c, String reason) {
            inbox.add("closed: " + reason);
        }
    }

    private RawClient raw() {
        RawClient client = new RawClient(transport.port());
        cleanup.add(client.transport::stop);
        return client;
    }

    @Test
    void aResumeWithAWrongOrStaleTokenIsRefused() {
        RawClient mallory = raw();
        mallory.send(new ProtocolMessage.LoginRequest("alice", new byte[16]));
        Object answer = mallory.inbox.await(m -> m instanceof ProtocolMessage.LoginRejected, "rejection");
        assertEquals("invalid or expired session token", ((ProtocolMessage.LoginRejected) answer).reason());

        RawClient carol = raw();
        carol.send(new ProtocolMessage.LoginRequest("carol", null));
        byte[] token = ((ProtocolMessage.LoginAccepted) carol.inbox.await(m -> m instanceof ProtocolMessage.LoginAccepted, "accept")).token();
        server.disconnect(PeerId.of("carol"), "evicted");
        RawClient again = raw();
        again.send(new ProtocolMessage.LoginRequest("carol", token));
        assertEquals("invalid or expired session token",
                ((ProtocolMessage.LoginRejected) again.inbox.await(m -> m instanceof ProtocolMessage.LoginRejected, "stale")).reason());
    }

    @Test
    void aPlayerIdInUseCannotBeTakenWithoutItsToken() {
        Client alice = loggedIn("alice");
        clock.advance(2_000);
        alice.runtime.update();                    // a heartbeat: the server now knows alice holds her token
        alice.awaitOwn(LifecycleEventKind.HEARTBEAT_RECEIVED);
        RawClient impostor = raw();
        impostor.send(new ProtocolMessage.LoginRequest("alice", null));
        ProtocolMessage.LoginRejected no = (ProtocolMessage.LoginRejected)
                impostor.inbox.await(m -> m instanceof ProtocolMessage.LoginRejected, "rejection");
        assertTrue(no.reason().contains("already has a session"), no.reason());
        assertEquals(SessionState.LOGGED_IN, serverState("alice"));
    }

    @Test
    void malformedTruncatedAndOversizedFramesAreCountedForTheirPeerAndPastTheLimitItIsDisconnected() {
        Client alice = loggedIn("alice");
        RawClient eve = raw();
        eve.send(new ProtocolMessage.LoginRequest("eve", null));
        eve.inbox.await(m -> m instanceof ProtocolMessage.LoginAccepted, "eve in");
        eve.transport.sendToAll(new byte[] {9, 0, 1});                       // foreign version
        eve.transport.sendToAll(new byte[] {1, 0, ProtocolMessage.HEARTBEAT, 1, 2}); // truncated heartbeat
        eve.transport.sendToAll(new byte[] {1, 0, 0x7E});                     // unknown protocol type
        eve.transport.sendToAll(new byte[MAX + 1]);                           // oversized
        Object closed = eve.inbox.await(m -> m instanceof String s && s.startsWith("closed"), "eve dropped");
        ProtocolMessage.Disconnect notice = (ProtocolMessage.Disconnect)
                eve.inbox.await(m -> m instanceof ProtocolMessage.Disconnect, "notice");
        assertTrue(notice.reason().startsWith("too many malformed frames (4"), notice.reason());
        assertTrue(closed.toString().startsWith("closed"));
        assertEquals(4, server.malformedFrames(PeerId.of("eve")));
        assertEquals(0, server.malformedFrames(PeerId.of("alice")));
        secondPasses(alice);
        assertEquals(SessionState.LOGGED_IN, serverState("alice"));
    }

    @Test
    void aRejectedLoginIsLoginFailedWithTheReasonOnTheClientAndOpensNoSessionOnTheServer() {
        Client banned = new Client("banned-bob");
        banned.awaitOwn(LifecycleEventKind.LOGIN_FAILED);
        assertEquals("banned for cheating", banned.runtime.session().snapshot().lastFailureReason().orElseThrow());
        assertEquals(1, server.wireStats().refusedLogins());
        assertEquals(0, server.sessions().size(), "a connection that never logged in has no session to fail");
        assertEquals(1, server.wireStats().pendingLogins(), "it may try again until its login deadline");
    }

    @Test
    void aConnectionThatNeverLogsInIsDroppedAtTheLoginTimeout() {
        startServer(b -> b.loginTimeoutMs(5_000));
        RawClient idle = raw();
        // The server records the login deadline when it sees the connection; time moves only after.
        dev.peerlife.testing.Await.until(() -> server.wireStats().pendingLogins() == 1, "the idle connection on the server");
        Client alice = loggedIn("alice");
        clock.advance(4_999);
        assertEquals(1, server.evaluate(), "the login deadline is the next thing due");
        clock.advance(1);
        server.evaluate();
        ProtocolMessage.Disconnect notice = (ProtocolMessage.Disconnect)
                idle.inbox.await(m -> m instanceof ProtocolMessage.Disconnect, "notice");
        assertEquals("login timeout: no login within 5000 ms", notice.reason());
        idle.inbox.await(m -> m instanceof String s && s.startsWith("closed"), "closed");
        assertTrue(alice.runtime.session().state() == SessionState.LOGGED_IN);
    }

    @Test
    void aServerAtItsPeerLimitRefusesANewPlayerAtLoginWithAReasonTheClientReads() {
        startServer(b -> b.hooks(dev.peerlife.runtime.ServerHostHooks.maxPeers(1)));
        loggedIn("alice");
        RawClient late = raw();
        late.send(new ProtocolMessage.LoginRequest("late", null));
        ProtocolMessage.LoginRejected refusal = (ProtocolMessage.LoginRejected)
                late.inbox.await(m -> m instanceof ProtocolMessage.LoginRejected, "refusal");
        assertEquals("server full: 1 of 1 peers", refusal.reason());
        assertEquals(1, server.rejectedConnections());
    }

    @Test
    void stoppingTheServerClearsItsSessionsAndReleasesItsPort() {
        Client alice = loggedIn("alice");
        loggedIn("bob");
        int port = transport.port();
        server.stop();
        assertEquals(0, server.sessions().size());
        alice.awaitOwn(LifecycleEventKind.DISCONNECTED);
        NettyTcpServer again = new NettyTcpServer("127.0.0.1", port, MAX);
        again.start(new TransportListener() {
        });
        cleanup.add(again::stop);
        assertEquals(port, again.port());
    }

    @Test
    void aClientWhoseSessionExpiredLogsInAfreshInsteadOfStayingLockedOut() {
        Client alice = loggedIn("alice");
        server.disconnect(PeerId.of("alice"), "evicted by the operator");
        alice.awaitOwn(LifecycleEventKind.DISCONNECTED);
        alice.runtime.update();                    // dials again and resumes with a token the server forgot
        alice.events.await(e -> e.event().kind() == LifecycleEventKind.LOGIN_FAILED, "the resume refused");
        alice.events.await(e -> e.event().kind() == LifecycleEventKind.LOGIN_SUCCEEDED, "a fresh login right after");
        awaitServer("alice", LifecycleEventKind.LOGIN_SUCCEEDED);
        assertEquals(SessionState.LOGGED_IN, serverState("alice"));
        assertEquals(SessionState.LOGGED_IN, alice.runtime.session().state());
    }
}
