package dev.peerlife.transport.netty;

import dev.peerlife.lifecycle.LifecycleEventKind;
import dev.peerlife.lifecycle.PeerId;
import dev.peerlife.lifecycle.SessionEvent;
import dev.peerlife.lifecycle.SessionListener;
import dev.peerlife.lifecycle.SessionPolicy;
import dev.peerlife.lifecycle.SessionState;
import dev.peerlife.runtime.ServerHostHooks;
import dev.peerlife.runtime.ServerNetworkHost;
import dev.peerlife.testing.EventQueue;
import dev.peerlife.testing.ManualClock;
import dev.peerlife.testing.NettyLeakCheck;
import dev.peerlife.transport.ConnectionId;
import dev.peerlife.transport.Envelope;
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
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The login and resume rules of docs/identity-and-reconnect.md, played by scripted clients over
 * real TCP: an in-flight login never locks its player out, a late resume never kicks the newer
 * connection, admission counts live players at login, a resume must name the token's own player,
 * nothing is acked or dispatched before login, player ids are checked, and malformed-frame
 * accounting starts clean with each session. One manual clock drives the server's lifecycle.
 */
@ExtendWith(NettyLeakCheck.class)
class WireSessionRulesTest {

    private static final int MAX = 4096;
    private static final int CHAT = 0x0100;
    private final ManualClock clock = new ManualClock(1_000_000);
    private final EventQueue<SessionEvent> serverEvents = new EventQueue<>();
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final List<PeerId> handled = java.util.Collections.synchronizedList(new ArrayList<>());
    private NettyTcpServer transport;
    private ServerNetworkHost server;

    @BeforeEach
    void startServer() {
        startServer(b -> { });
    }

    private void startServer(Consumer<ServerNetworkHost.Builder> custom) {
        if (server != null) {
            server.stop();
        }
        transport = new NettyTcpServer("127.0.0.1", 0, MAX);
        ServerNetworkHost.Builder builder = ServerNetworkHost.builder().reliable(transport).clock(clock)
                .policy(SessionPolicy.defaults()).resumeGraceMs(30_000).maxMalformedFrames(3);
        custom.accept(builder);
        server = builder.build();
        server.sessions().addListener(new SessionListener() {
            @Override
            public void onEvent(SessionEvent event) {
                serverEvents.add(event);
            }
        });
        server.router().register(CHAT, (from, message) -> handled.add(from));
        server.start();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable c : cleanup) {
            c.close();
        }
        server.stop();
    }

    /** A scripted wire client: sends what the test says, records what arrives. */
    static final class Raw implements TransportListener {
        final EventQueue<Object> inbox = new EventQueue<>();
        final List<Object> all = java.util.Collections.synchronizedList(new ArrayList<>());
        final NettyTcpClient transport;

        Raw(int port) {
            transport = new NettyTcpClient("127.0.0.1", port, MAX);
            transport.start(this);
        }

        void send(ProtocolMessage m) {
            transport.sendToAll(EnvelopeCodec.encode(ProtocolCodec.encode(m)));
        }

        @Override
        public void onReceive(ConnectionId c, byte[] frame) {
            Object m;
            try {
                m = ProtocolCodec.decode(EnvelopeCodec.decode(frame, MAX));
            } catch (MalformedFrameException e) {
                m = e;
            }
            all.add(m);
            inbox.add(m);
        }

        @Override
        public void onDisconnected(ConnectionId c, String reason) {
            all.add("closed: " + reason);
            inbox.add("closed: " + reason);
        }

        ProtocolMessage.LoginAccepted accepted() {
            return (ProtocolMessage.LoginAccepted) inbox.await(m -> m instanceof ProtocolMessage.LoginAccepted, "LoginAccepted");
        }

        ProtocolMessage.LoginRejected rejected() {
            return (ProtocolMessage.LoginRejected) inbox.await(m -> m instanceof ProtocolMessage.LoginRejected, "LoginRejected");
        }

        /** Logs in fresh and heartbeats once, so that the server knows the client holds its token. */
        byte[] loginAndConfirm(String player) {
            send(new ProtocolMessage.LoginRequest(player, null));
            byte[] token = accepted().token();
            send(new ProtocolMessage.Heartbeat(1));
            inbox.await(m -> m instanceof ProtocolMessage.HeartbeatAck, "ack");
            return token;
        }

        void awaitClosed() {
            inbox.await(m -> m instanceof String s && s.startsWith("closed"), "connection closed");
        }

        boolean wasClosed() {
            synchronized (all) {
                return all.stream().anyMatch(m -> m instanceof String s && s.startsWith("closed"));
            }
        }
    }

    private Raw raw() {
        Raw client = new Raw(transport.port());
        cleanup.add(client.transport::stop);
        return client;
    }

    private SessionState serverState(String peer) {
        return server.sessions().lookup(PeerId.of(peer)).orElseThrow().state();
    }

    @Test
    void finding1_aLoginWhoseAnswerNeverArrivedDoesNotLockItsPlayerOut() {
        Raw first = raw();
        first.send(new ProtocolMessage.LoginRequest("p1", null));
        // The server has the session; the client never reads the answer and tries again on a new
        // connection without a token, as a client whose connection was cut mid-login does.
        serverEvents.await(e -> e.peer().value().equals("p1") && e.event().kind() == LifecycleEventKind.LOGIN_SUCCEEDED, "p1 in");
        Raw again = raw();
        again.send(new ProtocolMessage.LoginRequest("p1", null));
        Object answer = again.inbox.await(m -> m instanceof ProtocolMessage.LoginAccepted || m instanceof ProtocolMessage.LoginRejected, "answer");
        assertInstanceOf(ProtocolMessage.LoginAccepted.class, answer, "the retry is not locked out: " + answer);
        first.awaitClosed();
        assertEquals(SessionState.LOGGED_IN, serverState("p1"));
        again.send(new ProtocolMessage.Heartbeat(7));
        again.inbox.await(m -> m instanceof ProtocolMessage.HeartbeatAck, "the new connection is the session's");
    }

    @Test
    void finding2_aLateResumeOnAnOlderConnectionDoesNotKickTheNewerOne() {
        Raw login = raw();
        byte[] token = login.loginAndConfirm("p2");
        Raw older = raw();          // a resume attempt held back in a slow link
        Raw newer = raw();          // the client's next attempt, which gets through first
        newer.send(new ProtocolMessage.LoginRequest("p2", token));
        newer.accepted();
        older.send(new ProtocolMessage.LoginRequest("p2", token));
        older.inbox.await(m -> m instanceof ProtocolMessage.LoginRejected || m instanceof String, "the stale resume refused");
        newer.send(new ProtocolMessage.Heartbeat(2));
        newer.inbox.await(m -> m instanceof ProtocolMessage.HeartbeatAck, "the newer connection still holds the session");
        synchronized (newer.all) {
            assertFalse(newer.all.stream().anyMatch(m -> m instanceof ProtocolMessage.Disconnect), newer.all.toString());
        }
        assertFalse(newer.wasClosed());
        assertEquals(SessionState.LOGGED_IN, serverState("p2"));
    }

    @Test
    void finding3_aPlayerResumingItsSessionIsNeverRefusedAsServerFull() {
        startServer(b -> b.hooks(ServerHostHooks.maxPeers(1)));
        Raw first = raw();
        byte[] token = first.loginAndConfirm("p3");
        first.transport.stop();
        serverEvents.await(e -> e.peer().value().equals("p3") && e.event().kind() == LifecycleEventKind.DISCONNECTED, "p3 dropped");
        Raw back = raw();
        back.send(new ProtocolMessage.LoginRequest("p3", token));
        Object answer = back.inbox.await(m -> !(m instanceof ProtocolMessage.Heartbeat), "answer");
        assertInstanceOf(ProtocolMessage.LoginAccepted.class, answer, "resuming is never 'server full': " + answer);
    }

    @Test
    void finding3_connectionsThatConnectAndCloseDoNotKeepNewcomersOut() {
        startServer(b -> b.hooks(ServerHostHooks.maxPeers(2)));
        for (int i = 0; i < 3; i++) {
            raw().transport.stop();
        }
        Raw alice = raw();
        alice.loginAndConfirm("alice");
        Raw bob = raw();
        bob.loginAndConfirm("bob");
        Raw carol = raw();
        carol.send(new ProtocolMessage.LoginRequest("carol", null));
        assertTrue(carol.rejected().reason().contains("server full: 2 of 2"), "the third live player is refused at login");
    }

    @Test
    void finding6_aNewSessionStartsWithACleanMalformedFrameCount() {
        Raw eve = raw();
        eve.loginAndConfirm("eve");
        for (int i = 0; i < 3; i++) {
            eve.transport.sendToAll(new byte[] {9, 0, 1});
        }
        eve.send(new ProtocolMessage.Heartbeat(3));
        eve.inbox.await(m -> m instanceof ProtocolMessage.HeartbeatAck, "eve still in at the limit");
        server.disconnect(PeerId.of("eve"), "evicted");
        eve.awaitClosed();
        Raw again = raw();
        again.loginAndConfirm("eve");
        again.transport.sendToAll(new byte[] {9, 0, 1});
        again.send(new ProtocolMessage.Heartbeat(4));
        again.inbox.await(m -> m instanceof ProtocolMessage.HeartbeatAck, "one bad frame in a new session is not past the limit");
        assertFalse(again.wasClosed());
        assertEquals(1, server.malformedFrames(PeerId.of("eve")));
    }

    @Test
    void finding6_aPeerThatTricklesBytesLosesItsConnectionWhenItsSessionTimesOut() throws Exception {
        try (java.net.Socket slow = new java.net.Socket("127.0.0.1", transport.port())) {
            slow.setSoTimeout(5_000);
            java.io.DataOutputStream out = new java.io.DataOutputStream(slow.getOutputStream());
            java.io.DataInputStream in = new java.io.DataInputStream(slow.getInputStream());
            byte[] login = EnvelopeCodec.encode(ProtocolCodec.encode(new ProtocolMessage.LoginRequest("slow", null)));
            out.writeInt(login.length);
            out.write(login);
            byte[] answer = new byte[in.readInt()];
            in.readFully(answer);
            assertInstanceOf(ProtocolMessage.LoginAccepted.class, ProtocolCodec.decode(EnvelopeCodec.decode(answer, MAX)));
            Raw healthy = raw();
            healthy.loginAndConfirm("healthy");
            out.write(new byte[] {0, 0, 0, 100, 1});     // a frame of 100 bytes, of which one arrives
            out.flush();
            for (int s = 0; s < 7; s++) {
                clock.advance(1_000);
                healthy.send(new ProtocolMessage.Heartbeat(s));
                healthy.inbox.await(m -> m instanceof ProtocolMessage.HeartbeatAck, "healthy ack " + s);
                server.evaluate();
            }
            // The server closes the connection: whatever it says last, the stream then ends.
            int read;
            do {
                read = in.read();
            } while (read >= 0);
            assertTrue(server.sessions().lookup(PeerId.of("slow")).orElseThrow().state() != SessionState.LOGGED_IN);
            assertEquals(SessionState.LOGGED_IN, serverState("healthy"));
        }
    }

    @Test
    void finding11_playerIdsThatCouldForgeOrHideLogLinesAreRefused() {
        List<String> hostile = List.of("healthy-1\n[  99.999s] healthy-1: TimedOut", "\u001b[31mred", "nul\u0000byte",
                "\u202Eevil", "tcp:/127.0.0.1:1#1", " padded", "zero\u200Bwidth");
        for (String id : hostile) {
            Raw client = raw();
            client.send(new ProtocolMessage.LoginRequest(id, null));
            Object answer = client.inbox.await(m -> m instanceof ProtocolMessage.LoginAccepted
                    || m instanceof ProtocolMessage.LoginRejected, "answer");
            assertInstanceOf(ProtocolMessage.LoginRejected.class, answer, "refused: " + id.replace("\n", "\\n"));
        }
        assertEquals(0, server.sessions().sessions().stream().filter(s -> s.state() == SessionState.LOGGED_IN).count());
    }

    @Test
    void finding12_beforeLoginNoHeartbeatIsAckedAndNoMessageReachesAHandler() {
        Raw early = raw();
        early.send(new ProtocolMessage.Heartbeat(5));
        early.transport.sendToAll(EnvelopeCodec.encode(new Envelope(CHAT, "hi".getBytes())));
        early.send(new ProtocolMessage.LoginRequest("early", null));
        early.accepted();
        synchronized (early.all) {
            assertFalse(early.all.stream().anyMatch(m -> m instanceof ProtocolMessage.HeartbeatAck),
                    "no ack before login: " + early.all);
        }
        assertEquals(List.of(), handled, "no message was dispatched before login");
        early.transport.sendToAll(EnvelopeCodec.encode(new Envelope(CHAT, "hi".getBytes())));
        early.send(new ProtocolMessage.Heartbeat(6));
        early.inbox.await(m -> m instanceof ProtocolMessage.HeartbeatAck, "ack after login");
        assertEquals(List.of(PeerId.of("early")), handled);
    }

    @Test
    void finding13_aResumeNamingOnePlayerWithAnothersTokenIsRefused() {
        Raw p = raw();
        p.loginAndConfirm("P");
        Raw q = raw();
        byte[] qToken = q.loginAndConfirm("Q");
        Raw mallory = raw();
        mallory.send(new ProtocolMessage.LoginRequest("P", qToken));
        Object answer = mallory.inbox.await(m -> m instanceof ProtocolMessage.LoginAccepted
                || m instanceof ProtocolMessage.LoginRejected, "answer");
        assertInstanceOf(ProtocolMessage.LoginRejected.class, answer);
        q.send(new ProtocolMessage.Heartbeat(8));
        q.inbox.await(m -> m instanceof ProtocolMessage.HeartbeatAck, "Q keeps its connection");
        assertFalse(q.wasClosed());
        assertEquals(SessionState.LOGGED_IN, serverState("Q"));
    }
}
