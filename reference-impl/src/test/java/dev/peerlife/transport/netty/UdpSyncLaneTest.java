package dev.peerlife.transport.netty;

import dev.peerlife.lifecycle.LifecycleEventKind;
import dev.peerlife.lifecycle.PeerId;
import dev.peerlife.lifecycle.SessionEvent;
import dev.peerlife.lifecycle.SessionListener;
import dev.peerlife.runtime.ServerNetworkHost;
import dev.peerlife.runtime.SharedNetworkRuntime;
import dev.peerlife.testing.EventQueue;
import dev.peerlife.testing.ManualClock;
import dev.peerlife.testing.NettyLeakCheck;
import dev.peerlife.transport.Envelope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The sync lane on real UDP: datagrams are mapped to sessions by token, both ways. */
@ExtendWith(NettyLeakCheck.class)
class UdpSyncLaneTest {

    private final ManualClock clock = new ManualClock();
    private final NettyTcpServer tcp = new NettyTcpServer("127.0.0.1", 0, 4096);
    private final NettyUdpServer udp = new NettyUdpServer("127.0.0.1", 0, 4096);
    private final ServerNetworkHost server = ServerNetworkHost.builder().reliable(tcp).sync(udp).clock(clock).build();
    private SharedNetworkRuntime client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.stop();
        }
        server.stop();
    }

    @Test
    void datagramsReachTheSessionTheirTokenNamesAndRepliesComeBack() throws Exception {
        EventQueue<String> serverGot = new EventQueue<>();
        server.router().register(0x300, (from, m) -> serverGot.add(from + ":" + new String(m.payload())));
        server.start();
        EventQueue<String> clientGot = new EventQueue<>();
        EventQueue<SessionEvent> clientEvents = new EventQueue<>();
        client = SharedNetworkRuntime.builder()
                .dialer(() -> new NettyTcpClient("127.0.0.1", tcp.port(), 4096))
                .sync(new NettyUdpClient("127.0.0.1", udp.port()))
                .playerId("alice").clock(clock).build();
        client.router().register(0x301, (from, m) -> clientGot.add(new String(m.payload())));
        client.session().addListener(new SessionListener() {
            @Override
            public void onEvent(SessionEvent e) {
                clientEvents.add(e);
            }
        });
        client.start();
        clientEvents.await(e -> e.event().kind() == LifecycleEventKind.LOGIN_SUCCEEDED, "login");

        client.sendSync(new Envelope(0x300, "pos 1,2".getBytes()));
        assertEquals("alice:pos 1,2", serverGot.await(s -> true, "datagram at the server"));
        server.sendSync(PeerId.of("alice"), new Envelope(0x301, "ack 1".getBytes()));
        assertEquals("ack 1", clientGot.await(s -> true, "datagram at the client"));

        try (DatagramSocket stranger = new DatagramSocket()) {
            byte[] forged = new byte[16 + 3];
            forged[16] = 1;
            forged[18] = 0x30;
            stranger.send(new DatagramPacket(forged, forged.length, InetAddress.getLoopbackAddress(), udp.port()));
            stranger.send(new DatagramPacket(new byte[5], 5, InetAddress.getLoopbackAddress(), udp.port()));
        }
        // The forged datagrams are processed in order before this marker from the real client.
        client.sendSync(new Envelope(0x300, "pos 3,4".getBytes()));
        assertEquals("alice:pos 3,4", serverGot.await(s -> true, "second datagram"));
        assertEquals(2, server.unknownSyncFrames());
        assertEquals(1, server.sessions().size(), "no session was made for a stranger");
    }

    @Test
    void lifecycleMessagesOnTheSyncLaneAreDroppedAndCountedWithoutAnException() throws Exception {
        java.util.List<java.util.logging.LogRecord> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                if (r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                    warnings.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.addHandler(capture);
        try {
            EventQueue<String> serverGot = new EventQueue<>();
            server.router().register(0x300, (from, m) -> serverGot.add(from + ":" + new String(m.payload())));
            server.start();
            NettyUdpClient sync = new NettyUdpClient("127.0.0.1", udp.port());
            client = SharedNetworkRuntime.builder()
                    .dialer(() -> new NettyTcpClient("127.0.0.1", tcp.port(), 4096))
                    .sync(sync).playerId("alice").clock(clock).build();
            EventQueue<SessionEvent> clientEvents = new EventQueue<>();
            client.session().addListener(new SessionListener() {
                @Override
                public void onEvent(SessionEvent e) {
                    clientEvents.add(e);
                }
            });
            client.start();
            clientEvents.await(e -> e.event().kind() == LifecycleEventKind.LOGIN_SUCCEEDED, "login");
            // Heartbeat, LoginRequest ("alice", no token) and Disconnect ("bye") envelopes on the sync lane.
            byte[][] lifecycle = {
                {1, 0, 3, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 9},
                {1, 0, 1, 0, 5, 'a', 'l', 'i', 'c', 'e', 0},
                {1, 0, 5, 0, 3, 'b', 'y', 'e'},
            };
            for (byte[] envelope : lifecycle) {
                client.sendSync(new Envelope(((envelope[1] & 0xFF) << 8) | (envelope[2] & 0xFF),
                        java.util.Arrays.copyOfRange(envelope, 3, envelope.length)));
            }
            client.sendSync(new Envelope(0x300, "after".getBytes()));
            assertEquals("alice:after", serverGot.await(s -> true, "the marker datagram"));
            assertEquals(java.util.List.of(), warnings.stream().map(r -> r.getMessage() + " " + r.getThrown()).toList(),
                    "no exception escaped for a lifecycle message on the sync lane");
            assertEquals(dev.peerlife.lifecycle.SessionState.LOGGED_IN,
                    server.sessions().lookup(PeerId.of("alice")).orElseThrow().state(), "alice is untouched");
            assertEquals(1, server.sessions().size());
        } finally {
            root.removeHandler(capture);
        }
    }
}
