package dev.peerlife.cli;

import dev.peerlife.lifecycle.ConfigurationException;
import dev.peerlife.lifecycle.LifecycleClock;
import dev.peerlife.lifecycle.SessionEvent;
import dev.peerlife.lifecycle.SessionListener;
import dev.peerlife.lifecycle.SessionPolicy;
import dev.peerlife.lifecycle.SessionState;
import dev.peerlife.runtime.SharedNetworkRuntime;
import dev.peerlife.transport.netty.NettyTcpClient;
import dev.peerlife.transport.netty.NettyUdpClient;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * N reference clients on real sockets, each logging in with its own id, heartbeating and
 * reconnecting as the lifecycle says. Prints each client's lifecycle events (or, with --quiet, a
 * count of clients per state every few seconds). {@code bin/client --help} lists the options.
 */
public final class ClientMain {

    static final String USAGE = """
            usage: bin/client [--host 127.0.0.1] [--port 7000] [--sync-port N] [--clients 1] [--id-prefix player]
                              [--heartbeat-interval-ms 2000] [--heartbeat-timeout-ms 6000] [--reconnect-delay-ms 1000]
                              [--no-auto-reconnect] [--duration-s 30] [--quiet]""";

    private ClientMain() {
    }

    public static void main(String[] argv) {
        Args.main(argv, USAGE, a -> run(a, System.out));
    }

    static void run(String[] argv, PrintStream out) {
        Args args = new Args(argv, Set.of("no-auto-reconnect", "quiet"));
        SessionPolicy policy = new SessionPolicy(args.number("heartbeat-interval-ms", 2_000),
                args.number("heartbeat-timeout-ms", 6_000), args.number("reconnect-delay-ms", 1_000),
                !args.flag("no-auto-reconnect"));
        String host = args.string("host", "127.0.0.1");
        int port = (int) args.number("port", 7000);
        Integer syncPort = args.optionalInt("sync-port");
        int clients = (int) args.number("clients", 1);
        if (clients < 1) {
            throw new ConfigurationException("--clients", "must be >= 1, was " + clients);
        }
        String prefix = args.string("id-prefix", "player");
        long durationS = args.number("duration-s", 30);
        boolean quiet = args.flag("quiet");
        args.rejectUnknown();

        long startNs = System.nanoTime();
        EventLoopGroup group = new NioEventLoopGroup(2);
        List<SharedNetworkRuntime> runtimes = new ArrayList<>();
        for (int i = 1; i <= clients; i++) {
            String id = clients == 1 ? prefix : prefix + "-" + i;
            SharedNetworkRuntime.Builder b = SharedNetworkRuntime.builder()
                    .dialer(() -> new NettyTcpClient(host, port, 64 * 1024, group))
                    .playerId(id).policy(policy).clock(LifecycleClock.monotonic());
            if (syncPort != null) {
                b.sync(new NettyUdpClient(host, syncPort, group));
            }
            SharedNetworkRuntime runtime = b.build();
            if (!quiet) {
                runtime.session().addListener(new SessionListener() {
                    @Override
                    public void onEvent(SessionEvent e) {
                        out.printf("[%8.3fs] %s: %s %s->%s%s%n", (System.nanoTime() - startNs) / 1e9, id,
                                e.event().kind().specName(), e.event().previous().specName(), e.event().current().specName(),
                                e.event().reason() == null ? "" : " (" + e.event().reason() + ")");
                    }
                });
            }
            runtime.start();
            runtimes.add(runtime);
        }
        long endNs = startNs + TimeUnit.SECONDS.toNanos(durationS);
        long nextSummaryNs = startNs;
        while (endNs - System.nanoTime() > 0) {
            long delay = Long.MAX_VALUE;
            for (SharedNetworkRuntime r : runtimes) {
                delay = Math.min(delay, r.update());
            }
            if (quiet && System.nanoTime() - nextSummaryNs >= 0) {
                out.printf("[%8.3fs] %s%n", (System.nanoTime() - startNs) / 1e9, census(runtimes));
                nextSummaryNs += TimeUnit.SECONDS.toNanos(5);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.max(1, Math.min(delay, 50))));
        }
        out.println("final: " + census(runtimes));
        runtimes.forEach(SharedNetworkRuntime::stop);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static Map<SessionState, Integer> census(List<SharedNetworkRuntime> runtimes) {
        Map<SessionState, Integer> count = new EnumMap<>(SessionState.class);
        runtimes.forEach(r -> count.merge(r.session().state(), 1, Integer::sum));
        return count;
    }
}
