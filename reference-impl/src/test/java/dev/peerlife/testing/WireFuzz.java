package dev.peerlife.testing;

import dev.peerlife.lifecycle.LifecycleClock;
import dev.peerlife.lifecycle.LifecycleEventKind;
import dev.peerlife.lifecycle.SessionEvent;
import dev.peerlife.lifecycle.SessionListener;
import dev.peerlife.lifecycle.SessionPolicy;
import dev.peerlife.lifecycle.SessionState;
import dev.peerlife.runtime.ServerNetworkHost;
import dev.peerlife.runtime.SharedNetworkRuntime;
import dev.peerlife.runtime.WireStats;
import dev.peerlife.transport.Envelope;
import dev.peerlife.transport.EnvelopeCodec;
import dev.peerlife.transport.netty.NettyTcpClient;
import dev.peerlife.transport.netty.NettyTcpServer;
import dev.peerlife.transport.netty.NettyUdpServer;
import dev.peerlife.wire.ProtocolCodec;
import dev.peerlife.wire.ProtocolMessage;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Hostile peers beside healthy ones, on real sockets: a reference server host (TCP and UDP), healthy
 * reference clients heartbeating on the real clock, and fuzzer threads that open connections and
 * send malformed, truncated, oversized, out-of-place and hostile frames (and datagrams with made-up
 * or misused tokens) until the server cuts them off, then open the next. Every frame comes from a
 * seeded random source, so a run replays from its seed. The report says whether anything escaped
 * (a WARNING or worse logged, an uncaught exception), whether a healthy client left LoggedIn on
 * either side, how large the host's tables grew, and the heap before and after.
 *
 * <p>Used by {@code WireFuzzTest} (thousands of frames, in {@code mvn verify}) and by the
 * benchmarks' {@code FuzzSoak} main (a million and more).
 */
public final class WireFuzz {

    /** What to run. */
    public record Config(long seed, int healthyClients, long malformedFrames, long datagrams, int fuzzThreads,
                         SessionPolicy policy, int maxFrameBytes, long resumeGraceMs, int maxSessions) {
    }

    /** What happened. */
    public record Report(long seed, long framesSent, long datagramsSent, long connectionsOpened, long serverCounted,
                         List<String> escaped, List<String> healthyDepartures, int maxOpenConnections, int maxPendingLogins,
                         int maxSessionRecords, int maxTokens, WireStats end, long heapStartBytes, long heapEndBytes,
                         long elapsedMs) {
        public boolean clean() {
            return escaped.isEmpty() && healthyDepartures.isEmpty();
        }
    }

    private WireFuzz() {
    }

    public static Report run(Config config) throws Exception {
        List<String> escaped = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    escaped.add(r.getLoggerName() + ": " + r.getMessage() + (r.getThrown() == null ? "" : " " + r.getThrown()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> escaped.add("uncaught in " + t.getName() + ": " + e));
        NettyTcpServer tcp = new NettyTcpServer("127.0.0.1", 0, config.maxFrameBytes());
        if (config.maxFrameBytes() != 4096) {
            throw new IllegalArgumentException("the fuzzer's oversized frames assume a 4096-byte maximum");
        }
        NettyUdpServer udp = new NettyUdpServer("127.0.0.1", 0, config.maxFrameBytes());
        ServerNetworkHost host = ServerNetworkHost.builder().reliable(tcp).sync(udp).clock(LifecycleClock.monotonic())
                .policy(config.policy()).resumeGraceMs(config.resumeGraceMs()).maxSessions(config.maxSessions())
                .maxFrameBytes(config.maxFrameBytes()).build();
        List<String> departures = new CopyOnWriteArrayList<>();
        List<SharedNetworkRuntime> healthy = new ArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        long startNs = System.nanoTime();
        try {
            host.start();
            host.sessions().addListener(new SessionListener() {
                @Override
                public void onEvent(SessionEvent e) {
                    if (e.peer().value().startsWith("healthy-") && e.event().previous() == SessionState.LOGGED_IN
                            && e.event().current() != SessionState.LOGGED_IN) {
                        departures.add("server: " + e);
                    }
                }
            });
            Thread loop = new Thread(() -> {
                while (running.get()) {
                    long delay = host.evaluate();
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.max(1, Math.min(delay, 20))));
                }
            }, "fuzz-server-loop");
            loop.start();
            threads.add(loop);
            for (int i = 1; i <= config.healthyClients(); i++) {
                healthy.add(healthyClient("healthy-" + i, tcp.port(), config, departures));
            }
            Thread driver = new Thread(() -> {
                while (running.get()) {
                    healthy.forEach(SharedNetworkRuntime::update);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                }
            }, "fuzz-healthy-clients");
            driver.start();
            threads.add(driver);
            Await.until(() -> healthy.stream().allMatch(c -> c.session().state() == SessionState.LOGGED_IN),
                    "healthy clients logged in", 30_000);
            long heapStart = settledHeap();

            int[] max = new int[4];
            Thread sampler = new Thread(() -> {
                while (running.get()) {
                    WireStats w = host.wireStats();
                    synchronized (max) {
                        max[0] = Math.max(max[0], w.openConnections());
                        max[1] = Math.max(max[1], w.pendingLogins());
                        max[2] = Math.max(max[2], w.sessionRecords());
                        max[3] = Math.max(max[3], w.tokens());
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                }
            }, "fuzz-sampler");
            sampler.start();

            AtomicLong frames = new AtomicLong();
            AtomicLong connections = new AtomicLong();
            List<Thread> fuzzers = new ArrayList<>();
            for (int f = 0; f < config.fuzzThreads(); f++) {
                Random random = new Random(config.seed() * 31 + f);
                Thread t = new Thread(() -> fuzzTcp(random, tcp.port(), () -> host.wireStats().malformedFrames()
                        < config.malformedFrames(), frames, connections), "fuzz-tcp-" + f);
                fuzzers.add(t);
                t.start();
            }
            AtomicLong datagrams = new AtomicLong();
            Thread udpFuzzer = new Thread(() -> fuzzUdp(new Random(config.seed() * 17), udp.port(), config, datagrams), "fuzz-udp");
            udpFuzzer.start();
            fuzzers.add(udpFuzzer);
            for (Thread t : fuzzers) {
                t.join();
            }
            // The last fuzz connections are closed; wait until the host holds the healthy ones only.
            Await.until(() -> host.wireStats().openConnections() == config.healthyClients()
                    && host.wireStats().pendingLogins() == 0, "fuzz connections gone", 30_000);
            Await.until(() -> host.wireStats().sessionRecords() == config.healthyClients(),
                    "fuzz sessions evicted after their resume window", config.resumeGraceMs() + 30_000);
            long heapEnd = settledHeap();
            running.set(false);
            for (Thread t : threads) {
                t.join(5_000);
            }
            sampler.join(5_000);
            for (SharedNetworkRuntime c : healthy) {
                if (c.session().state() != SessionState.LOGGED_IN) {
                    departures.add("client " + c.identity() + " ended " + c.session().state().specName());
                }
            }
            WireStats end = host.wireStats();
            return new Report(config.seed(), frames.get(), datagrams.get(), connections.get(), end.malformedFrames(),
                    List.copyOf(escaped), List.copyOf(departures), max[0], max[1], max[2], max[3], end, heapStart, heapEnd,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs));
        } finally {
            running.set(false);
            healthy.forEach(SharedNetworkRuntime::stop);
            host.stop();
            root.removeHandler(capture);
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    private static SharedNetworkRuntime healthyClient(String id, int port, Config config, List<String> departures) {
        SharedNetworkRuntime runtime = SharedNetworkRuntime.builder()
                .dialer(() -> new NettyTcpClient("127.0.0.1", port, config.maxFrameBytes()))
                .playerId(id).policy(config.policy()).clock(LifecycleClock.monotonic()).build();
        runtime.session().addListener(new SessionListener() {
            @Override
            public void onEvent(SessionEvent e) {
                if (e.event().previous() == SessionState.LOGGED_IN && e.event().kind() != LifecycleEventKind.HEARTBEAT_SENT
                        && e.event().kind() != LifecycleEventKind.HEARTBEAT_RECEIVED) {
                    departures.add("client " + id + ": " + e.event());
                }
            }
        });
        runtime.start();
        return runtime;
    }

    /** Used heap after collections have settled. */
    private static long settledHeap() {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            best = Math.min(best, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return best;
    }

    // ---- TCP fuzzing

    /** Opens connection after connection, each with a burst of hostile frames, while {@code more} says so. */
    private static void fuzzTcp(Random random, int port, java.util.function.BooleanSupplier more, AtomicLong frames,
                                AtomicLong connections) {
        int maxFrameBytes = 4096;
        while (more.getAsBoolean()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                s.setSoLinger(true, 0);
                connections.incrementAndGet();
                OutputStream out = s.getOutputStream();
                // Some connections log in first (as a valid or a hostile player), then misbehave.
                if (random.nextInt(20) == 0) {
                    write(out, EnvelopeCodec.encode(ProtocolCodec.encode(
                            new ProtocolMessage.LoginRequest("fuzz-" + random.nextInt(1_000_000), null))));
                }
                // Mostly within the server's budget of 16 bad frames, so that each is counted; now and
                // then past it, so that the server cuts the connection off.
                int burst = 1 + random.nextInt(random.nextInt(10) == 0 ? 40 : 15);
                for (int i = 0; i < burst; i++) {
                    out.write(hostileFrame(random, maxFrameBytes));
                    frames.incrementAndGet();
                }
                out.flush();
            } catch (IOException closedByTheServer) {
                // The server cut this connection off (its budget ran out): on to the next.
            }
        }
    }

    private static void write(OutputStream out, byte[] envelope) throws IOException {
        out.write(ByteBuffer.allocate(4 + envelope.length).putInt(envelope.length).put(envelope).array());
    }

    /** One framed hostile frame: length prefix and bytes. */
    static byte[] hostileFrame(Random r, int maxFrameBytes) {
        byte[] envelope;
        switch (r.nextInt(13)) {
            case 0 -> envelope = randomBytes(r, r.nextInt(64));
            case 1 -> envelope = new byte[] {(byte) (2 + r.nextInt(200)), 0, 1};                        // foreign version
            case 2 -> envelope = new byte[] {1, 0, (byte) (6 + r.nextInt(200))};                          // unknown lifecycle type
            case 3 -> envelope = new byte[] {1, 0, ProtocolMessage.HEARTBEAT, 1, 2, 3};                   // truncated heartbeat
            case 4 -> envelope = concat(EnvelopeCodec.encode(ProtocolCodec.encode(new ProtocolMessage.Heartbeat(1))), new byte[] {9});
            case 5 -> envelope = login(hostileId(r), null);                                              // hostile player id
            case 6 -> envelope = login("victim-" + r.nextInt(100), randomBytes(r, ProtocolMessage.TOKEN_BYTES)); // guessed token
            case 7 -> envelope = EnvelopeCodec.encode(ProtocolCodec.encode(new ProtocolMessage.Heartbeat(r.nextLong(), r.nextLong())));
            case 8 -> envelope = EnvelopeCodec.encode(new Envelope(0x100 + r.nextInt(1000), randomBytes(r, r.nextInt(32))));
            case 9 -> envelope = EnvelopeCodec.encode(ProtocolCodec.encode(new ProtocolMessage.HeartbeatAck(1, 2)));
            case 10 -> envelope = new byte[] {1, 0, ProtocolMessage.LOGIN_REQUEST, 0, 2, (byte) 0xC3, 0x28, 0}; // bad UTF-8
            case 11 -> {
                // Oversized: a length past the maximum, and that many bytes, which the server skips.
                byte[] big = new byte[4 + maxFrameBytes + 1];
                ByteBuffer.wrap(big).putInt(maxFrameBytes + 1);
                return big;
            }
            default -> envelope = new byte[] {1, 0, ProtocolMessage.LOGIN_REQUEST, (byte) 0xFF, (byte) 0xFF}; // string past the limit
        }
        return ByteBuffer.allocate(4 + envelope.length).putInt(envelope.length).put(envelope).array();
    }

    private static String hostileId(Random r) {
        String[] ids = {"healthy-1\n[  99.999s] healthy-1: TimedOut", "\u001b[31mred", "nul\u0000byte", "\u202Eevil",
                "tcp:/127.0.0.1:1#1", " padded", "zero\u200Bwidth", "x".repeat(65), "token:00", "bell\u0007"};
        return ids[r.nextInt(ids.length)];
    }

    private static byte[] login(String id, byte[] token) {
        return EnvelopeCodec.encode(ProtocolCodec.encode(new ProtocolMessage.LoginRequest(id, token)));
    }

    private static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // ---- UDP fuzzing

    private static void fuzzUdp(Random r, int port, Config config, AtomicLong sent) {
        try (DatagramSocket socket = new DatagramSocket()) {
            InetAddress to = InetAddress.getLoopbackAddress();
            for (long i = 0; i < config.datagrams(); i++) {
                byte[] datagram;
                switch (r.nextInt(4)) {
                    case 0 -> datagram = randomBytes(r, r.nextInt(40));
                    case 1 -> datagram = concat(randomBytes(r, ProtocolMessage.TOKEN_BYTES),
                            EnvelopeCodec.encode(new Envelope(0x100, "x".getBytes(StandardCharsets.UTF_8))));
                    case 2 -> datagram = concat(randomBytes(r, ProtocolMessage.TOKEN_BYTES),
                            EnvelopeCodec.encode(ProtocolCodec.encode(new ProtocolMessage.Heartbeat(1))));
                    default -> datagram = concat(randomBytes(r, ProtocolMessage.TOKEN_BYTES),
                            EnvelopeCodec.encode(ProtocolCodec.encode(new ProtocolMessage.Disconnect("bye"))));
                }
                socket.send(new DatagramPacket(datagram, datagram.length, to, port));
                sent.incrementAndGet();
                if (i % 256 == 255) {
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200)); // keep the socket buffer from overflowing
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("the UDP fuzzer failed: " + e, e);
        }
    }
}
