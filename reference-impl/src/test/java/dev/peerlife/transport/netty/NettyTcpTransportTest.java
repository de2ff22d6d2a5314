package dev.peerlife.transport.netty;

import dev.peerlife.testing.EventQueue;
import dev.peerlife.testing.NettyLeakCheck;
import dev.peerlife.transport.ConnectionId;
import dev.peerlife.transport.TransportException;
import dev.peerlife.transport.TransportListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.DataOutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real TCP on ephemeral loopback ports. */
@ExtendWith(NettyLeakCheck.class)
class NettyTcpTransportTest {

    private static final int MAX = 1024;
    private final List<Runnable> cleanup = new ArrayList<>();

    record Event(String kind, ConnectionId connection, byte[] bytes, String text) {
        @Override
        public String toString() {
            return kind + " " + connection + (text == null ? "" : " " + text);
        }
    }

    static final class Recorder implements TransportListener {
        final EventQueue<Event> events = new EventQueue<>();

        @Override
        public void onConnected(ConnectionId c) {
            events.add(new Event("connected", c, null, null));
        }

        @Override
        public void onReceive(ConnectionId c, byte[] frame) {
            events.add(new Event("receive", c, frame, new String(frame)));
        }

        @Override
        public void onMalformed(ConnectionId c, String reason) {
            events.add(new Event("malformed", c, null, reason));
        }

        @Override
        public void onDisconnected(ConnectionId c, String reason) {
            events.add(new Event("disconnected", c, null, reason));
        }
    }

    @AfterEach
    void stopAll() {
        cleanup.forEach(Runnable::run);
    }

    private NettyTcpServer server(Recorder recorder) {
        NettyTcpServer server = new NettyTcpServer("127.0.0.1", 0, MAX);
        server.start(recorder);
        cleanup.add(server::stop);
        return server;
    }

    private NettyTcpClient client(int port, Recorder recorder) {
        NettyTcpClient client = new NettyTcpClient("127.0.0.1", port, MAX);
        client.start(recorder);
        cleanup.add(client::stop);
        return client;
    }

    @Test
    void framesTravelBothWaysBetweenAServerAndTwoClients() {
        Recorder serverSide = new Recorder();
        NettyTcpServer server = server(serverSide);
        assertTrue(server.port() > 0);
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        NettyTcpClient clientA = client(server.port(), a);
        client(server.port(), b);
        ConnectionId first = serverSide.events.await(e -> e.kind().equals("connected"), "first connect").connection();
        serverSide.events.await(e -> e.kind().equals("connected"), "second connect");

        clientA.sendToAll("hello".getBytes());
        Event received = serverSide.events.await(e -> e.kind().equals("receive"), "hello");
        assertEquals("hello", received.text());

        server.send(received.connection(), "only you".getBytes());
        assertEquals("only you", a.events.await(e -> e.kind().equals("receive"), "reply").text());
        server.sendToAll("everyone".getBytes());
        a.events.await(e -> "everyone".equals(e.text()), "broadcast at a");
        b.events.await(e -> "everyone".equals(e.text()), "broadcast at b");
        assertTrue(first.value().startsWith("tcp:/127.0.0.1:"), first.value());
    }

    @Test
    void anOversizedFrameIsDroppedAndReportedWhileTheConnectionGoesOn() throws Exception {
        Recorder serverSide = new Recorder();
        NettyTcpServer server = server(serverSide);
        try (Socket raw = new Socket("127.0.0.1", server.port())) {
            DataOutputStream out = new DataOutputStream(raw.getOutputStream());
            byte[] big = new byte[MAX + 10];
            out.writeInt(big.length);
            out.write(big);
            out.writeInt(2);
            out.write(new byte[] {'o', 'k'});
            out.flush();
            Event malformed = serverSide.events.await(e -> e.kind().equals("malformed"), "malformed report");
            assertTrue(malformed.text().contains("oversized"), malformed.text());
            assertArrayEquals(new byte[] {'o', 'k'}, serverSide.events.await(e -> e.kind().equals("receive"), "next frame").bytes());
        }
        serverSide.events.await(e -> e.kind().equals("disconnected"), "disconnect");
    }

    @Test
    void stoppingTheServerDisconnectsItsClientsAndFreesThePortAtOnce() {
        Recorder serverSide = new Recorder();
        NettyTcpServer server = server(serverSide);
        int port = server.port();
        Recorder a = new Recorder();
        client(port, a);
        serverSide.events.await(e -> e.kind().equals("connected"), "connect");
        server.stop();
        server.stop();
        Event gone = a.events.await(e -> e.kind().equals("disconnected"), "client told");
        assertTrue(gone.text() != null);
        NettyTcpServer again = new NettyTcpServer("127.0.0.1", port, MAX);
        again.start(new Recorder());
        cleanup.add(again::stop);
        assertEquals(port, again.port());
        assertTrue(Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("peerlife-tcp-")).count() >= 1, "the new server runs");
    }

    @Test
    void closingOneConnectionTellsBothSidesTheReason() {
        Recorder serverSide = new Recorder();
        NettyTcpServer server = server(serverSide);
        Recorder a = new Recorder();
        client(server.port(), a);
        ConnectionId id = serverSide.events.await(e -> e.kind().equals("connected"), "connect").connection();
        server.close(id, "kicked");
        assertEquals("kicked", serverSide.events.await(e -> e.kind().equals("disconnected"), "server side").text());
        a.events.await(e -> e.kind().equals("disconnected"), "client side");
        assertEquals(0, server.connectionCount());
    }

    @Test
    void aClientThatCannotConnectFailsItsStartAndLeavesNoThread() throws InterruptedException {
        NettyTcpServer probe = new NettyTcpServer("127.0.0.1", 0, MAX);
        probe.start(new Recorder());
        int port = probe.port();
        probe.stop();
        java.util.Set<Thread> before = clientThreads();
        TransportException e = assertThrows(TransportException.class,
                () -> new NettyTcpClient("127.0.0.1", port, MAX).start(new Recorder()));
        assertTrue(e.getMessage().contains("cannot connect"), e.getMessage());
        // Netty completes a group's termination just before its thread exits: wait for the exit.
        java.util.Set<Thread> started = clientThreads();
        started.removeAll(before);
        for (Thread t : started) {
            t.join(5_000);
        }
        started.removeIf(t -> !t.isAlive());
        assertEquals(java.util.Set.of(), started, "client threads left behind");
    }

    @Test
    void aServerThatCannotBindFailsItsStart() {
        NettyTcpServer first = server(new Recorder());
        NettyTcpServer second = new NettyTcpServer("127.0.0.1", first.port(), MAX);
        TransportException e = assertThrows(TransportException.class, () -> second.start(new Recorder()));
        assertTrue(e.getMessage().contains("cannot listen on tcp"), e.getMessage());
        second.stop();
    }

    private static java.util.Set<Thread> clientThreads() {
        java.util.Set<Thread> out = new java.util.HashSet<>();
        Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith("peerlife-tcp-client")).forEach(out::add);
        return out;
    }
}
