package dev.peerlife.cli;

import dev.peerlife.lifecycle.LifecycleClock;
import dev.peerlife.lifecycle.SessionEvent;
import dev.peerlife.lifecycle.SessionListener;
import dev.peerlife.lifecycle.SessionPolicy;
import dev.peerlife.lifecycle.SessionRemoved;
import dev.peerlife.lifecycle.SessionSnapshot;
import dev.peerlife.runtime.ServerHostHooks;
import dev.peerlife.runtime.ServerNetworkHost;
import dev.peerlife.runtime.ServerRuntime;
import dev.peerlife.runtime.ServerRuntimeConfig;
import dev.peerlife.transport.netty.NettyTransports;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A reference server on real sockets, to watch the lifecycle by hand: one line per lifecycle event
 * and a table of sessions every few seconds. {@code bin/server --help} lists the options.
 */
public final class ServerMain {

    static final String USAGE = """
            usage: bin/server [--host 127.0.0.1] [--port 7000] [--sync-port N]
                              [--heartbeat-interval-ms 2000] [--heartbeat-timeout-ms 6000]
                              [--reconnect-delay-ms 1000] [--no-auto-reconnect] [--resume-window-ms 30000]
                              [--login-timeout-ms 10000] [--max-peers N] [--table-every-ms 5000] [--duration-s N]""";

    private ServerMain() {
    }

    public static void main(String[] argv) {
        Args.main(argv, USAGE, a -> run(a, System.out));
    }

    static void run(String[] argv, PrintStream out) {
        Args args = new Args(argv, Set.of("no-auto-reconnect"));
        SessionPolicy policy = new SessionPolicy(args.number("heartbeat-interval-ms", 2_000),
                args.number("heartbeat-timeout-ms", 6_000), args.number("reconnect-delay-ms", 1_000),
                !args.flag("no-auto-reconnect"));
        String host = args.string("host", "127.0.0.1");
        Integer maxPeers = args.optionalInt("max-peers");
        ServerRuntimeConfig.Builder config = ServerRuntimeConfig.builder()
                .reliablePort((int) args.number("port", 7000))
                .policy(policy)
                .clock(LifecycleClock.monotonic())
                .transportFactory(NettyTransports.server(host, ServerNetworkHost.DEFAULT_MAX_FRAME_BYTES))
                .resumeGraceMs(args.number("resume-window-ms", 30_000))
                .loginTimeoutMs(args.number("login-timeout-ms", 10_000))
                .hooks(maxPeers == null ? ServerHostHooks.none() : ServerHostHooks.maxPeers(maxPeers));
        Integer syncPort = args.optionalInt("sync-port");
        if (syncPort != null) {
            config.syncPort(syncPort);
        }
        long tableEveryMs = args.number("table-every-ms", 5_000);
        long durationS = args.number("duration-s", 0);
        args.rejectUnknown();

        long startNs = System.nanoTime();
        ServerRuntime server = ServerRuntime.start(config.build());
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "server-stop"));
        ServerNetworkHost host0 = server.host();
        out.printf("listening: tcp %s:%d%s; policy %s%n", host, host0.reliablePort().orElse(-1),
                host0.syncPort().isPresent() ? ", udp " + host + ":" + host0.syncPort().getAsInt() : "", policy);
        server.sessions().addListener(new SessionListener() {
            @Override
            public void onEvent(SessionEvent e) {
                out.printf("[%8.3fs] %s: %s %s->%s%s%n", seconds(startNs), e.peer(), e.event().kind().specName(),
                        e.event().previous().specName(), e.event().current().specName(),
                        e.event().reason() == null ? "" : " (" + e.event().reason() + ")");
            }

            @Override
            public void onRemoved(SessionRemoved r) {
                out.printf("[%8.3fs] %s: removed (%s)%n", seconds(startNs), r.peer(), r.reason());
            }
        });
        long nextTableNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(tableEveryMs);
        long endNs = durationS > 0 ? startNs + TimeUnit.SECONDS.toNanos(durationS) : Long.MAX_VALUE;
        while (server.isRunning() && endNs - System.nanoTime() > 0) {
            server.drainMessages();
            long delayMs = server.update();
            if (System.nanoTime() - nextTableNs >= 0) {
                table(server, out, startNs);
                nextTableNs += TimeUnit.MILLISECONDS.toNanos(tableEveryMs);
            }
            long untilTable = TimeUnit.NANOSECONDS.toMillis(nextTableNs - System.nanoTime());
            long untilEnd = endNs == Long.MAX_VALUE ? Long.MAX_VALUE : TimeUnit.NANOSECONDS.toMillis(endNs - System.nanoTime());
            long waitMs = Math.max(1, Math.min(Math.min(delayMs, 50), Math.min(untilTable, untilEnd)));
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(waitMs));
        }
        table(server, out, startNs);
        server.stop();
        out.println("stopped; sessions left: " + server.sessions().size());
    }

    private static void table(ServerRuntime server, PrintStream out, long startNs) {
        out.printf("[%8.3fs] %d session(s)%n", seconds(startNs), server.sessions().size());
        for (SessionSnapshot s : server.sessions().sessions()) {
            out.printf("    %-24s %-18s rtt %-6s tick %-10s %s%n", s.peer(), s.state().specName(),
                    s.rttMs().isPresent() ? s.rttMs().getAsLong() + "ms" : "-",
                    s.lastServerTick().isPresent() ? s.lastServerTick().getAsLong() : "-",
                    s.lastFailureReason().orElse(""));
        }
    }

    private static double seconds(long startNs) {
        return (System.nanoTime() - startNs) / 1e9;
    }
}
