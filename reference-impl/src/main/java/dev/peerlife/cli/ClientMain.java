package dev.peerlife.cli;

import dev.peerlife.lifecycle.LifecycleClock;
import dev.peerlife.lifecycle.SessionEvent;
import dev.peerlife.lifecycle.SessionListener;
import dev.peerlife.lifecycle.SessionPolicy;
import dev.peerlife.runtime.ServerNetworkHost;
import dev.peerlife.runtime.SharedNetworkRuntime;
import dev.peerlife.transport.TransportException;
import dev.peerlife.transport.netty.NettyTcpClient;
import dev.peerlife.transport.netty.NettyUdpClient;
import dev.peerlife.wire.PlayerIds;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * N reference clients on real sockets, each logging in with its own id, heartbeating and
 * reconnecting as the lifecycle says. Prints each client's lifecycle events (or, with --quiet, a
 * count of clients per state every few seconds) and a final count per state, also when stopped by
 * SIGTERM or Ctrl-C. {@code bin/client --help} lists the options.
 */
@Command(name = "bin/client", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class, sortOptions = false,
        description = "Runs reference clients against a server on real sockets: each logs in, heartbeats and reconnects "
                + "as the lifecycle says. Exits after --duration-s, or at once with exit code 1 when no server answers.",
        footer = Cli.EXIT_CODES)
public final class ClientMain implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--host", description = "Server address (default: ${DEFAULT-VALUE}).", defaultValue = "127.0.0.1")
    private String host;
    @Option(names = "--port", description = "Server TCP port (default: ${DEFAULT-VALUE}).", defaultValue = "7000")
    private long port;
    @Option(names = "--sync-port", description = "Server UDP port of the sync lane (default: none).")
    private Long syncPort;
    @Option(names = "--clients", description = "How many clients (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    private long clients;
    @Option(names = "--id-prefix", description = "Player ids are PREFIX, or PREFIX-1 .. PREFIX-N (default: ${DEFAULT-VALUE}).", defaultValue = "player")
    private String prefix;
    @Option(names = "--heartbeat-interval-ms", description = "Heartbeat interval (default: ${DEFAULT-VALUE}).", defaultValue = "2000")
    private long intervalMs;
    @Option(names = "--heartbeat-timeout-ms", description = "Heartbeat timeout, at least the interval (default: ${DEFAULT-VALUE}).", defaultValue = "6000")
    private long timeoutMs;
    @Option(names = "--reconnect-delay-ms", description = "Delay before reconnecting after a timeout (default: ${DEFAULT-VALUE}).", defaultValue = "1000")
    private long reconnectDelayMs;
    @Option(names = "--no-auto-reconnect", description = "Clients do not reconnect by themselves.")
    private boolean noAutoReconnect;
    @Option(names = "--duration-s", description = "Runs this many seconds (default: ${DEFAULT-VALUE}).", defaultValue = "30")
    private long durationS;
    @Option(names = "--quiet", description = "A count of clients per state every 5 s instead of every event.")
    private boolean quiet;

    private static final int MAX_CLIENTS = 100_000;

    private final PrintStream out;
    private final List<SharedNetworkRuntime> runtimes = new CopyOnWriteArrayList<>();
    private final AtomicBoolean finished = new AtomicBoolean();
    private EventLoopGroup group;

    ClientMain(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err));
    }

    /** Runs the clients with {@code args}; returns the exit code (0 ok, 1 failure, 2 usage). */
    static int execute(String[] args, PrintStream out, PrintStream err) {
        return Cli.execute(new ClientMain(out), "bin/client", args, out, err);
    }

    private SessionPolicy policy() {
        Cli.range(spec, "--port", port, 1, 65_535, "a port in 1..65535");
        if (syncPort != null) {
            Cli.range(spec, "--sync-port", syncPort, 1, 65_535, "a port in 1..65535");
        }
        Cli.range(spec, "--clients", clients, 1, MAX_CLIENTS, "in 1.." + MAX_CLIENTS);
        String sample = clients == 1 ? prefix : prefix + "-" + clients;
        PlayerIds.problem(sample).ifPresent(problem -> {
            throw Cli.usage(spec, "Invalid value for option '--id-prefix': " + problem);
        });
        Cli.range(spec, "--heartbeat-interval-ms", intervalMs, 1, Long.MAX_VALUE / 4, "a positive number of milliseconds");
        Cli.range(spec, "--heartbeat-timeout-ms", timeoutMs, 1, Long.MAX_VALUE / 4, "a positive number of milliseconds");
        if (timeoutMs < intervalMs) {
            throw Cli.usage(spec, "Invalid value for option '--heartbeat-timeout-ms': " + timeoutMs
                    + " is shorter than --heartbeat-interval-ms (" + intervalMs + "): the session would time out between heartbeats");
        }
        Cli.range(spec, "--reconnect-delay-ms", reconnectDelayMs, 0, Long.MAX_VALUE / 4, "a number of milliseconds >= 0");
        Cli.range(spec, "--duration-s", durationS, 1, Long.MAX_VALUE / 4_000_000_000L, "a positive number of seconds");
        return new SessionPolicy(intervalMs, timeoutMs, reconnectDelayMs, !noAutoReconnect);
    }

    @Override
    public Integer call() {
        SessionPolicy policy = policy();
        long startNs = System.nanoTime();
        group = new NioEventLoopGroup(2, new DefaultThreadFactory("client-io", true));
        Thread hook = new Thread(this::finish, "client-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            for (int i = 1; i <= clients; i++) {
                String id = clients == 1 ? prefix : prefix + "-" + i;
                SharedNetworkRuntime.Builder b = SharedNetworkRuntime.builder()
                        .dialer(() -> new NettyTcpClient(host, (int) port, ServerNetworkHost.DEFAULT_MAX_FRAME_BYTES, group))
                        .playerId(id).policy(policy).clock(LifecycleClock.monotonic());
                if (syncPort != null) {
                    b.sync(new NettyUdpClient(host, (int) (long) syncPort, group));
                }
                SharedNetworkRuntime runtime = b.build();
                if (!quiet) {
                    runtime.session().addListener(new SessionListener() {
                        @Override
                        public void onEvent(SessionEvent e) {
                            out.printf("[%8.3fs] %s: %s %s->%s%s%n", (System.nanoTime() - startNs) / 1e9, id,
                                    e.event().kind().specName(), e.event().previous().specName(), e.event().current().specName(),
                                    e.event().reason() == null ? "" : " (" + PlayerIds.printable(e.event().reason()) + ")");
                        }
                    });
                }
                try {
                    runtime.start();
                } catch (TransportException e) {
                    throw new Cli.Failure(e.getMessage());
                }
                runtimes.add(runtime);
            }
            long endNs = startNs + TimeUnit.SECONDS.toNanos(durationS);
            long nextSummaryNs = startNs;
            while (!finished.get() && endNs - System.nanoTime() > 0) {
                long delay = Long.MAX_VALUE;
                for (SharedNetworkRuntime r : runtimes) {
                    delay = Math.min(delay, r.update());
                }
                if (quiet && System.nanoTime() - nextSummaryNs >= 0) {
                    out.printf("[%8.3fs] %s%n", (System.nanoTime() - startNs) / 1e9, census());
                    nextSummaryNs += TimeUnit.SECONDS.toNanos(5);
                }
                long untilEndMs = TimeUnit.NANOSECONDS.toMillis(endNs - System.nanoTime());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.max(1, Math.min(Math.min(delay, 50), untilEndMs))));
            }
            finish();
            return Cli.OK;
        } finally {
            if (!finished.get()) {
                // A failure on the way: stop what started, print nothing more.
                finished.set(true);
                stopAll();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        }
    }

    /** Prints the final count per state and stops every client, once (at the end, or on SIGTERM / Ctrl-C). */
    private void finish() {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        out.println("final: " + census());
        out.flush();
        stopAll();
    }

    private void stopAll() {
        runtimes.forEach(SharedNetworkRuntime::stop);
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private String census() {
        List<dev.peerlife.lifecycle.SessionState> states = new ArrayList<>();
        runtimes.forEach(r -> states.add(r.session().state()));
        return Cli.census(states);
    }
}
