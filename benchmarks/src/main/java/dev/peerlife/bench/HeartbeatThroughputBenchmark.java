package dev.peerlife.bench;

import dev.peerlife.lifecycle.LifecycleClock;
import dev.peerlife.runtime.ServerNetworkHost;
import dev.peerlife.transport.ConnectionId;
import dev.peerlife.transport.EnvelopeCodec;
import dev.peerlife.transport.Transport;
import dev.peerlife.transport.TransportListener;
import dev.peerlife.transport.netty.NettyTcpClient;
import dev.peerlife.transport.netty.NettyTcpServer;
import dev.peerlife.wire.ProtocolCodec;
import dev.peerlife.wire.ProtocolMessage;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Heartbeat round trips per second over loopback TCP: through the reference server host (login,
 * then each client sends its next heartbeat as soon as the ack arrives, so the host runs its full
 * path: frame, decode, liveness and heartbeat transitions, ack with server tick), beside a bare echo
 * server on the same Netty transport driven by the same clients, which do the same work on both
 * sides (they look only at the type byte of what comes back). With 1, 100 and 1,000 clients, in
 * one process: three runs of each side, alternating, each a 4-second window after a 2-second
 * warm-up; the figure is the median of the three, and the ratio that of the medians. The ratio
 * isolates what the lifecycle costs per message. The load average is printed before and after, as
 * the machine may be shared; beside the throughput it prints the CPU time the server's I/O threads
 * spent per round trip (median of the three runs), which other processes on the machine do not move.
 *
 * <p>Run: {@code mvn -q -pl benchmarks -am verify -Pbench-throughput -DskipTests}.
 */
@Command(name = "HeartbeatThroughputBenchmark", mixinStandardHelpOptions = true,
        description = "Heartbeat round trips per second over loopback TCP: the reference server host against a bare echo "
                + "server, with the server's CPU time per round trip.",
        footer = {"", "Exit codes: 0 done, 1 failed, 2 usage error."})
public final class HeartbeatThroughputBenchmark implements Callable<Integer> {

    @Spec
    private CommandSpec spec;
    @Parameters(arity = "0..*", paramLabel = "CLIENTS", description = "Client counts to measure (default: 1 100 1000).")
    private List<String> clients;

    private static final int MAX = 64 * 1024;
    private static final long WARMUP_MS = 2_000;
    private static final long WINDOW_MS = 4_000;
    private static final int RUNS = 3;

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    public static void main(String[] args) {
        System.exit(BenchCli.run(new HeartbeatThroughputBenchmark(), args, System.out, System.err));
    }

    @Override
    public Integer call() throws Exception {
        List<Long> counts = BenchCli.counts(spec, "CLIENTS", clients == null ? List.of("1", "100", "1000") : clients, 1);
        System.out.printf("Heartbeat round trips per second over loopback TCP (%s, %d cores); load before: %s%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), FuzzSoak.load());
        System.out.printf("%8s %16s %16s %8s %14s %14s %8s   %s%n", "clients", "reference rt/s", "bare echo rt/s", "ratio",
                "ref cpu ns/rt", "echo cpu ns/rt", "ratio", "runs (reference / echo rt/s)");
        for (long count : counts) {
            int n = Math.toIntExact(count);
            double[] echo = new double[RUNS];
            double[] reference = new double[RUNS];
            double[] echoCpu = new double[RUNS];
            double[] referenceCpu = new double[RUNS];
            for (int round = 0; round < RUNS; round++) {
                double[] e = run(n, false);
                double[] r = run(n, true);
                echo[round] = e[0];
                echoCpu[round] = e[1];
                reference[round] = r[0];
                referenceCpu[round] = r[1];
            }
            double medianReference = median(reference);
            double medianEcho = median(echo);
            StringBuilder runs = new StringBuilder();
            for (int round = 0; round < RUNS; round++) {
                runs.append(String.format("%s%.0f / %.0f", round == 0 ? "" : ", ", reference[round], echo[round]));
            }
            System.out.printf("%8d %16.0f %16.0f %7.2fx %14.0f %14.0f %7.2fx   %s%n", n, medianReference, medianEcho,
                    medianReference / medianEcho, median(referenceCpu), median(echoCpu), median(echoCpu) / median(referenceCpu), runs);
        }
        System.out.printf("load after: %s%n", FuzzSoak.load());
        return BenchCli.OK;
    }

    /**
     * Server CPU time so far of the server's I/O threads (where both sides do all their work), in ns.
     * Unlike round trips per second it does not depend on what else the machine runs.
     */
    private static long serverCpuNs() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long total = 0;
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("peerlife-tcp-io")) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                total += Math.max(0, cpu);
            }
        }
        return total;
    }

    /** Round trips per second, and server CPU ns per round trip, with {@code clients} closed-loop clients. */
    private static double[] run(int clients, boolean throughHost) throws Exception {
        NettyTcpServer transport = new NettyTcpServer("127.0.0.1", 0, MAX);
        ServerNetworkHost host = null;
        if (throughHost) {
            host = ServerNetworkHost.builder().reliable(transport).clock(LifecycleClock.monotonic()).build();
            host.start();
        } else {
            transport.start(new TransportListener() {
                @Override
                public void onReceive(ConnectionId connection, byte[] frame) {
                    transport.send(connection, frame);
                }
            });
        }
        EventLoopGroup group = new NioEventLoopGroup(2);
        AtomicLong roundTrips = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(clients);
        List<Transport> connections = new ArrayList<>();
        byte[] heartbeat = EnvelopeCodec.encode(ProtocolCodec.encode(new ProtocolMessage.Heartbeat(1)));
        for (int i = 0; i < clients; i++) {
            NettyTcpClient client = new NettyTcpClient("127.0.0.1", transport.port(), MAX, group);
            String player = "bench-" + i;
            client.start(new TransportListener() {
                @Override
                public void onReceive(ConnectionId connection, byte[] frame) {
                    // The same work on both sides: look at the type byte, count, send the next heartbeat.
                    int type = frame.length > 2 ? frame[2] : -1;
                    if (type == ProtocolMessage.LOGIN_RESPONSE) {
                        ready.countDown();
                    } else {
                        roundTrips.incrementAndGet();
                    }
                    client.sendToAll(heartbeat);
                }
            });
            connections.add(client);
            if (throughHost) {
                client.sendToAll(EnvelopeCodec.encode(ProtocolCodec.encode(new ProtocolMessage.LoginRequest(player, null))));
            } else {
                ready.countDown();
                client.sendToAll(heartbeat);
            }
        }
        if (!ready.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("clients did not log in");
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(WARMUP_MS));
        long before = roundTrips.get();
        long cpuBefore = serverCpuNs();
        long startNs = System.nanoTime();
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(WINDOW_MS));
        long count = roundTrips.get() - before;
        long cpu = serverCpuNs() - cpuBefore;
        double seconds = (System.nanoTime() - startNs) / 1e9;
        connections.forEach(Transport::stop);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        if (host != null) {
            host.stop();
        } else {
            transport.stop();
        }
        return new double[] {count / seconds, (double) cpu / Math.max(1, count)};
    }
}
