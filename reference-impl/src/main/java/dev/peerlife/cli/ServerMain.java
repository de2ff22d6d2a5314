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
import dev.peerlife.runtime.WireStats;
import dev.peerlife.transport.Transport;
import dev.peerlife.transport.TransportException;
import dev.peerlife.transport.TransportFactory;
import dev.peerlife.transport.netty.NettyTcpServer;
import dev.peerlife.transport.netty.NettyTransports;
import dev.peerlife.wire.PlayerIds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A reference server on real sockets, to watch the lifecycle by hand: one line per lifecycle event
 * and a table of sessions every few seconds. {@code bin/server --help} lists the options.
 */
@Command(name = "bin/server", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class, sortOptions = false,
        description = "Runs the reference server on real sockets (TCP, and UDP with --sync-port) and prints one line per "
                + "lifecycle event and a table of sessions. Stop it with Ctrl-C.",
        footer = Cli.EXIT_CODES)
public final class ServerMain implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--host", description = "Address to listen on (default: ${DEFAULT-VALUE}).", defaultValue = "127.0.0.1")
    private String host;
    @Option(names = "--port", description = "TCP port of the reliable lane; 0: any free port (default: ${DEFAULT-VALUE}).", defaultValue = "7000")
    private long port;
    @Option(names = "--sync-port", description = "UDP port of the sync lane; 0: any free port (default: none).")
    private Long syncPort;
    @Option(names = "--heartbeat-interval-ms", description = "Heartbeat interval (default: ${DEFAULT-VALUE}).", defaultValue = "2000")
    private long intervalMs;
    @Option(names = "--heartbeat-timeout-ms", description = "Heartbeat timeout, at least the interval (default: ${DEFAULT-VALUE}).", defaultValue = "6000")
    private long timeoutMs;
    @Option(names = "--reconnect-delay-ms", description = "Delay before a timed-out session reaches Reconnecting (default: ${DEFAULT-VALUE}).", defaultValue = "1000")
    private long reconnectDelayMs;
    @Option(names = "--no-auto-reconnect", description = "A timed-out session stays TimedOut.")
    private boolean noAutoReconnect;
    @Option(names = "--resume-window-ms", description = "How long a session waits for its player to resume (default: ${DEFAULT-VALUE}).", defaultValue = "30000")
    private long resumeWindowMs;
    @Option(names = "--login-timeout-ms", description = "Closes a connection that has not logged in by then; 0: never (default: ${DEFAULT-VALUE}).", defaultValue = "10000")
    private long loginTimeoutMs;
    @Option(names = "--max-peers", description = "Live players admitted at once (default: no limit).")
    private Long maxPeers;
    @Option(names = "--max-connections", description = "TCP connections open at once (default: the open-file limit less a reserve).")
    private Long maxConnections;
    @Option(names = "--max-pending-logins", description = "Connections waiting to log in at once (default: ${DEFAULT-VALUE}).", defaultValue = "1024")
    private long maxPendingLogins;
    @Option(names = "--table-every-ms", description = "Prints the session table this often; 0: never (default: ${DEFAULT-VALUE}).", defaultValue = "5000")
    private long tableEveryMs;
    @Option(names = "--duration-s", description = "Stops after this many seconds; 0: runs until stopped (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    private long durationS;

    private final PrintStream out;
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile NettyTcpServer tcp;

    ServerMain(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err));
    }

    /** Runs the server with {@code args}; returns the exit code (0 ok, 1 failure, 2 usage). */
    static int execute(String[] args, PrintStream out, PrintStream err) {
        return Cli.execute(new ServerMain(out), "bin/server", args, out, err);
    }

    /** The validated configuration, or a usage error naming the option. */
    ServerRuntimeConfig config() {
        Cli.range(spec, "--port", port, 0, 65_535, "a port in 0..65535");
        if (syncPort != null) {
            Cli.range(spec, "--sync-port", syncPort, 0, 65_535, "a port in 0..65535");
            if (syncPort == port && port != 0) {
                throw Cli.usage(spec, "Invalid value for option '--sync-port': " + syncPort + " is the TCP port too; choose another");
            }
        }
        Cli.range(spec, "--heartbeat-interval-ms", intervalMs, 1, Long.MAX_VALUE / 4, "a positive number of milliseconds");
        Cli.range(spec, "--heartbeat-timeout-ms", timeoutMs, 1, Long.MAX_VALUE / 4, "a positive number of milliseconds");
        if (timeoutMs < intervalMs) {
            throw Cli.usage(spec, "Invalid value for option '--heartbeat-timeout-ms': " + timeoutMs
                    + " is shorter than --heartbeat-interval-ms (" + intervalMs + "): every session would time out");
        }
        Cli.range(spec, "--reconnect-delay-ms", reconnectDelayMs, 0, Long.MAX_VALUE / 4, "a number of milliseconds >= 0");
        Cli.range(spec, "--resume-window-ms", resumeWindowMs, 1, Long.MAX_VALUE / 4, "a positive number of milliseconds");
        Cli.range(spec, "--login-timeout-ms", loginTimeoutMs, 0, Long.MAX_VALUE / 4, "a number of milliseconds >= 0");
        if (maxPeers != null) {
            Cli.range(spec, "--max-peers", maxPeers, 1, Integer.MAX_VALUE, "in 1.." + Integer.MAX_VALUE);
        }
        if (maxConnections != null) {
            Cli.range(spec, "--max-connections", maxConnections, 1, Integer.MAX_VALUE, "in 1.." + Integer.MAX_VALUE);
        }
        Cli.range(spec, "--max-pending-logins", maxPendingLogins, 1, Integer.MAX_VALUE, "in 1.." + Integer.MAX_VALUE);
        Cli.range(spec, "--table-every-ms", tableEveryMs, 0, Long.MAX_VALUE / 4, "a number of milliseconds >= 0 (0: never)");
        Cli.range(spec, "--duration-s", durationS, 0, Long.MAX_VALUE / 4_000_000_000L, "a number of seconds >= 0 (0: until stopped)");
        SessionPolicy policy = new SessionPolicy(intervalMs, timeoutMs, reconnectDelayMs, !noAutoReconnect);
        ServerRuntimeConfig.Builder config = ServerRuntimeConfig.builder()
                .reliablePort((int) port)
                .policy(policy)
                .clock(LifecycleClock.monotonic())
                .transportFactory(recording(NettyTransports.server(host, ServerNetworkHost.DEFAULT_MAX_FRAME_BYTES,
                        maxConnections == null ? 0 : (int) (long) maxConnections)))
                .resumeGraceMs(resumeWindowMs)
                .loginTimeoutMs(loginTimeoutMs)
                .maxPendingLogins((int) maxPendingLogins)
                .hooks(maxPeers == null ? ServerHostHooks.none() : ServerHostHooks.maxPeers((int) (long) maxPeers));
        if (syncPort != null) {
            config.syncPort((int) (long) syncPort);
        }
        return config.build();
    }

    /** Keeps the TCP transport the factory makes, for its connection-cap figures in the table. */
    private TransportFactory recording(TransportFactory factory) {
        return (role, p) -> {
            Transport t = factory.create(role, p);
            if (t instanceof NettyTcpServer tcp) {
                this.tcp = tcp;
            }
            return t;
        };
    }

    @Override
    public Integer call() {
        ServerRuntimeConfig config = config();
        long startNs = System.nanoTime();
        ServerRuntime server;
        try {
            server = ServerRuntime.start(config);
        } catch (TransportException e) {
            throw new Cli.Failure(e.getMessage());
        }
        Thread hook = new Thread(() -> finish(server, startNs), "server-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        ServerNetworkHost host = server.host();
        SessionPolicy policy = config.policy();
        out.printf("listening: tcp %s:%d%s; heartbeat every %d ms, timeout %d ms, reconnect delay %d ms, auto-reconnect %s;"
                        + " resume window %d ms, login timeout %s%n", this.host, host.reliablePort().orElse(-1),
                host.syncPort().isPresent() ? ", udp " + this.host + ":" + host.syncPort().getAsInt() : "",
                policy.heartbeatIntervalMs(), policy.heartbeatTimeoutMs(), policy.reconnectDelayMs(),
                policy.autoReconnect() ? "on" : "off", config.resumeGraceMs(),
                config.loginTimeoutMs() == 0 ? "off" : config.loginTimeoutMs() + " ms");
        server.sessions().addListener(new SessionListener() {
            @Override
            public void onEvent(SessionEvent e) {
                out.printf("[%8.3fs] %s: %s %s->%s%s%n", seconds(startNs), PlayerIds.printable(e.peer().value()),
                        e.event().kind().specName(), e.event().previous().specName(), e.event().current().specName(),
                        e.event().reason() == null ? "" : " (" + PlayerIds.printable(e.event().reason()) + ")");
            }

            @Override
            public void onRemoved(SessionRemoved r) {
                out.printf("[%8.3fs] %s: removed (%s)%n", seconds(startNs), PlayerIds.printable(r.peer().value()),
                        PlayerIds.printable(r.reason()));
            }
        });
        // Format one table into nowhere now: at the open-file limit the JVM could not load the
        // classes it needs later (each class file is a file to open).
        table(server, startNs, new PrintStream(java.io.OutputStream.nullOutputStream()));
        long nextTableNs = tableEveryMs == 0 ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(tableEveryMs);
        long endNs = durationS > 0 ? startNs + TimeUnit.SECONDS.toNanos(durationS) : Long.MAX_VALUE;
        long delayMs = 0;
        while (server.isRunning() && (endNs == Long.MAX_VALUE || endNs - System.nanoTime() > 0)) {
            try {
                server.drainMessages();
                delayMs = server.update();
                if (nextTableNs != Long.MAX_VALUE && System.nanoTime() - nextTableNs >= 0) {
                    nextTableNs += TimeUnit.MILLISECONDS.toNanos(tableEveryMs);
                    table(server, startNs, out);
                }
            } catch (RuntimeException | LinkageError e) {
                // One bad turn (a handler that threw, a class the JVM could not load at the
                // open-file limit) must not end a server that holds live sessions.
                System.err.println("bin/server: " + Cli.describe(e) + " (going on)");
                delayMs = 50;
            }
            long waitMs = Math.min(delayMs, 50);
            if (nextTableNs != Long.MAX_VALUE) {
                waitMs = Math.min(waitMs, TimeUnit.NANOSECONDS.toMillis(nextTableNs - System.nanoTime()));
            }
            if (endNs != Long.MAX_VALUE) {
                waitMs = Math.min(waitMs, TimeUnit.NANOSECONDS.toMillis(endNs - System.nanoTime()));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.max(1, waitMs)));
        }
        finish(server, startNs);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing to remove
        }
        return Cli.OK;
    }

    /** Prints the last table and stops the server, once (at the end, or on SIGTERM / Ctrl-C). */
    private void finish(ServerRuntime server, long startNs) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        try {
            table(server, startNs, out);
        } catch (RuntimeException | LinkageError e) {
            System.err.println("bin/server: cannot print the last table: " + Cli.describe(e));
        } finally {
            server.stop();
        }
        out.println("stopped; sessions left: " + server.sessions().size());
        out.flush();
    }

    private void table(ServerRuntime server, long startNs, PrintStream out) {
        WireStats w = server.host().wireStats();
        NettyTcpServer t = tcp;
        long atCap = t == null ? 0 : t.refusedConnections();
        out.printf("[%8.3fs] %d session(s), %d live; %d connection(s) open, %d waiting to log in; %d refused; %d bad frame(s)%s%n",
                seconds(startNs), w.managedSessions(), w.livePlayers(), w.openConnections(), w.pendingLogins(),
                w.refusedConnections() + w.refusedLogins() + atCap, w.malformedFrames(),
                t == null ? "" : "; cap " + t.maxConnections() + " connections (" + atCap + " refused at the cap, "
                        + t.acceptFailures() + " accept failures)");
        for (SessionSnapshot s : server.sessions().sessions()) {
            OptionalLong rtt = server.host().reportedRttMs(s.peer());
            out.printf("    %-24s %-18s rtt %-7s tick %-14s %s%n", PlayerIds.printable(s.peer().value()), s.state().specName(),
                    rtt.isPresent() ? rtt.getAsLong() + "ms" : "-",
                    s.lastServerTick().isPresent() ? String.valueOf(s.lastServerTick().getAsLong()) : "-",
                    PlayerIds.printable(s.lastFailureReason().orElse("")));
        }
    }

    private static double seconds(long startNs) {
        return (System.nanoTime() - startNs) / 1e9;
    }
}
