package dev.peerlife.runtime.internal;

import dev.peerlife.lifecycle.MultiSessionManager;
import dev.peerlife.lifecycle.PeerId;
import dev.peerlife.lifecycle.SessionEvent;
import dev.peerlife.lifecycle.SessionListener;
import dev.peerlife.lifecycle.SessionPolicy;
import dev.peerlife.lifecycle.SessionState;
import dev.peerlife.runtime.LoginAuthenticator;
import dev.peerlife.runtime.ServerHostHooks;
import dev.peerlife.testing.Gate;
import dev.peerlife.testing.ManualClock;
import dev.peerlife.transport.ConnectionId;
import dev.peerlife.transport.EnvelopeCodec;
import dev.peerlife.transport.MalformedFrameException;
import dev.peerlife.transport.Transport;
import dev.peerlife.transport.TransportListener;
import dev.peerlife.wire.ProtocolCodec;
import dev.peerlife.wire.ProtocolMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Orderings of two connections' events that real sockets produce under load, replayed
 * deterministically: the thread reporting one connection's close is held between the table change
 * and the lifecycle input it causes, while another connection's login runs to its end.
 */
class WireSessionsRaceTest {

    private static final PeerId P = PeerId.of("peer-3");
    private final ManualClock clock = new ManualClock(1_000_000);
    private final MultiSessionManager sessions = MultiSessionManager.builder().clock(clock)
            .policy(SessionPolicy.defaults()).resumeGraceMs(30_000).build();
    private final Anonymous transport = new Anonymous();
    private final WireSessions wire = new WireSessions(sessions, transport, (peer, envelope) -> { },
            ServerHostHooks.none(), LoginAuthenticator.acceptAny(), clock, clock::nowMs, id -> null,
            new WireSessions.Limits(10_000, 1_024, 65_536, 16, 10_000, 64 * 1024));

    /**
     * The latency-beyond-timeout lockout (issue 12, seen 3 times in 20 runs with both cores busy):
     * the session's connection C1 closes while the client's resume arrives on its newer connection
     * C2. The thread that reports C1's close has taken C1 out of the table but not yet told the
     * lifecycle when C2's resume binds the session. Before the fix the resume's own inputs were
     * ignored (the session was still LoggedIn), the close's Disconnected came after them, the
     * resume was refused as "invalid or expired session token", and the client, its token
     * forgotten, was then refused a fresh login: "player peer-3 already has a session".
     */
    @Test
    void aResumeRacingTheCloseOfTheOldConnectionIsAcceptedAndLeavesTheSessionLoggedIn() throws Exception {
        byte[] token = loginFresh("c1");
        heartbeat("c1");
        assertEquals(SessionState.LOGGED_IN, state());
        wire.onConnected(new ConnectionId("c2"), 2);

        Gate held = new Gate();
        held.arm();
        wire.closeProbe = id -> {
            if (id.value().equals("c1")) {
                held.pass();
            }
        };
        Thread closer = new Thread(() -> wire.onDisconnected(new ConnectionId("c1"), "connection closed by the peer"),
                "closer");
        closer.start();
        assertTrue(held.awaitReached(), "the close reached its table change");

        login("c2", new ProtocolMessage.LoginRequest(P.value(), token));
        held.release();
        closer.join(10_000);

        ProtocolMessage answer = transport.last("c2");
        assertInstanceOf(ProtocolMessage.LoginAccepted.class, answer, "the resume on c2 was answered " + answer);
        assertEquals(SessionState.LOGGED_IN, state());
        assertEquals(new ConnectionId("c2"), wire.connectionOf(P));
    }

    /**
     * The timeout variant: the session times out on C1 while the lifecycle's events wait behind a
     * listener busy on another thread; the client's resume on C2 binds and completes; only then is
     * TIMED_OUT delivered to the wire layer. Before the fix it closed whatever connection was bound
     * at delivery, C2, and left the session LoggedIn with no connection: the client's next resume
     * was then refused as an invalid token.
     */
    @Test
    void aTimeoutDeliveredAfterAResumeBoundTheNewerConnectionLeavesThatConnectionOpen() throws Exception {
        sessions.addListener(new SessionListener() {
            @Override
            public void onEvent(SessionEvent event) {
                wire.onEvent(event);
            }
        });
        byte[] token = loginFresh("c1");
        heartbeat("c1");
        wire.onConnected(new ConnectionId("c2"), 2);

        PeerId other = PeerId.of("other");
        Gate busy = new Gate();
        busy.arm();
        sessions.addListener(new SessionListener() {
            @Override
            public void onEvent(SessionEvent event) {
                if (event.peer().equals(other)) {
                    busy.pass();
                }
            }
        });
        sessions.getOrCreate(other);
        Thread listenerThread = new Thread(() -> sessions.onTransportConnected(other), "busy-listener");
        listenerThread.start();
        assertTrue(busy.awaitReached(), "the other thread is delivering events");

        clock.advance(SessionPolicy.defaults().heartbeatTimeoutMs() + 1);
        sessions.evaluate();
        assertTrue(!state().isLive(), "timed out: " + state());
        login("c2", new ProtocolMessage.LoginRequest(P.value(), token));
        assertInstanceOf(ProtocolMessage.LoginAccepted.class, transport.last("c2"));
        busy.release();
        listenerThread.join(10_000);

        assertEquals(List.of("c1"), transport.closed(), "connections the server closed");
        assertEquals(SessionState.LOGGED_IN, state());
        assertEquals(new ConnectionId("c2"), wire.connectionOf(P));
    }

    private SessionState state() {
        return sessions.lookup(P).orElseThrow().state();
    }

    private byte[] loginFresh(String conn) {
        wire.onConnected(new ConnectionId(conn), 1);
        login(conn, new ProtocolMessage.LoginRequest(P.value(), null));
        return assertInstanceOf(ProtocolMessage.LoginAccepted.class, transport.last(conn)).token();
    }

    private void login(String conn, ProtocolMessage.LoginRequest request) {
        wire.onReceive(new ConnectionId(conn), EnvelopeCodec.encode(ProtocolCodec.encode(request)));
    }

    private void heartbeat(String conn) {
        wire.onReceive(new ConnectionId(conn), EnvelopeCodec.encode(ProtocolCodec.encode(new ProtocolMessage.Heartbeat(clock.nowMs(), -1))));
    }

    /** An anonymous server transport (connection ids do not name peers) that keeps what it sent. */
    private static final class Anonymous implements Transport {
        private final Map<String, List<byte[]>> sent = new ConcurrentHashMap<>();

        @Override
        public void start(TransportListener listener) {
        }

        @Override
        public void stop() {
        }

        @Override
        public void send(ConnectionId to, byte[] frame) {
            sent.computeIfAbsent(to.value(), k -> Collections.synchronizedList(new ArrayList<>())).add(frame);
        }

        @Override
        public void sendToAll(byte[] frame) {
        }

        private final List<String> closed = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void close(ConnectionId connection, String reason) {
            closed.add(connection.value());
        }

        List<String> closed() {
            return List.copyOf(closed);
        }

        @Override
        public boolean connectionsIdentifyPeers() {
            return false;
        }

        ProtocolMessage last(String conn) {
            List<byte[]> frames = sent.getOrDefault(conn, List.of());
            for (int i = frames.size() - 1; i >= 0; i--) {
                byte[] frame = frames.get(i);
                if (ProtocolCodec.isHeartbeatFrame(frame)) {
                    continue;
                }
                try {
                    return ProtocolCodec.decode(EnvelopeCodec.decode(frame, Integer.MAX_VALUE));
                } catch (MalformedFrameException e) {
                    throw new AssertionError(e);
                }
            }
            throw new AssertionError("nothing sent to " + conn);
        }
    }
}
