package dev.peerlife.simulator;

import dev.peerlife.lifecycle.LifecycleClock;
import dev.peerlife.lifecycle.SessionEvent;
import dev.peerlife.lifecycle.SessionListener;
import dev.peerlife.lifecycle.SessionPolicy;
import dev.peerlife.lifecycle.SessionState;
import dev.peerlife.runtime.Dispatcher;
import dev.peerlife.runtime.ServerRuntime;
import dev.peerlife.runtime.ServerRuntimeConfig;
import dev.peerlife.runtime.SharedNetworkRuntime;
import dev.peerlife.transport.netty.NettyTcpClient;
import dev.peerlife.transport.netty.NettyTransports;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Runs one scenario on real TCP under real time: the reference server through its runtime entry
 * point, one reference client per peer, each client reaching the server through its own Toxiproxy
 * proxy so that a fault hits that peer alone. Records every peer's server-side and client-side
 * states and when each fault really was on, then hands them to {@link SimulationAnalysis} for the
 * summary figures and the verdicts.
 *
 * <p>The scenario clock (every {@code tMs}, {@code atMs} and expectation window) starts once every
 * peer is logged in on both sides, so that a slow start cannot eat into the first fault. One thread
 * drives the clients' heartbeats and never waits on the network: the faults' Toxiproxy calls go
 * through {@link FaultControl}, each with a timeout and its duration recorded, and a client that may
 * dial (reconnect) is updated on a thread of its own. A watchdog records any moment that thread is
 * held longer than a second anyway ({@link Stall}), with where, so that a run's timeouts can be told
 * from the harness's own hiccups.
 */
public final class Simulation {

    private static final int MAX_FRAME = 64 * 1024;

    /**
     * The driving thread comes round at most this often: every client's heartbeat and timeout is at
     * most this late, while a run of 500 clients does a tenth of the work it would at 1 ms, which
     * matters on a machine whose cores are shared (CPU starvation delays every heartbeat).
     */
    private static final long DRIVE_PERIOD_MS = 10;


    /** One state change of one peer on one side, at {@code tMs} on the scenario clock (negative: while starting). */
    public record Mark(long tMs, String side, String event, String from, String to, String reason) {
    }

    /**
     * When one fault was on for one peer: {@code startMs} when its first Toxiproxy call began, if
     * they all succeeded ({@code started}); {@code endMs} when the first call lifting it began, if
     * that was before the run ended and no lifting call failed by then ({@code ended}), else the end
     * of the run. A call takes
     * effect between its start and its answer, and a real Toxiproxy changes its chain before it
     * answers, which can take seconds; how long each took is in {@link ToxiproxyCall}.
     * {@code planned*} are the scenario's times; {@code note} says what went wrong, if anything (a
     * call failed, got no answer or was slow).
     */
    public record FaultMark(int fault, String peer, String toxic, long startMs, long endMs, long plannedStartMs,
                            long plannedEndMs, boolean started, boolean ended, String note) {
    }

    /**
     * One Toxiproxy call made to start or end a fault: when it was asked for and started (ms on the
     * scenario clock), how long it took (null: it had not returned when the run ended) and how it went.
     */
    public record ToxiproxyCall(String peer, int fault, String call, long askedMs, long startedMs, Long durationMs, String outcome) {
    }

    public record Verdict(String expectation, boolean passed, String detail) {
    }

    /**
     * A moment the thread driving the clients' heartbeats did not come round for longer than a
     * second, at {@code atMs} for {@code durationMs}: {@code where} it was held (its stack then), or
     * "the whole JVM" when the watchdog itself was held as long (a pause or CPU starvation). Heartbeats
     * of every client are late by as much, so timeouts right after one may be the harness's, not the
     * implementation's.
     */
    public record Stall(long atMs, long durationMs, String where) {
    }

    /**
     * The figures of a run. {@code slowToxiproxyCalls}: calls that took at least the slow threshold
     * (or never returned); {@code toxiproxyCallMaxMs}: the longest.
     */
    public record Summary(int peers, int faults, int timeouts, int reconnects, Long detectionP50Ms, Long detectionP99Ms,
                          Long recoveryP50Ms, Long recoveryP99Ms, int falseTimeouts, int unfaultedPeers,
                          int slowToxiproxyCalls, Long toxiproxyCallMaxMs) {
    }

    /** {@code startupMs}: how long it took until every peer was logged in and the scenario clock started. */
    public record Result(String scenario, String toxiproxy, long durationMs, long startupMs, Summary summary,
                         List<Verdict> verdicts, List<FaultMark> faults, List<ToxiproxyCall> toxiproxyCalls,
                         List<Stall> stalls, Map<String, List<Mark>> timelines) {
        public boolean passed() {
            return verdicts.stream().allMatch(Verdict::passed);
        }
    }

    /** A state change as recorded, on System.nanoTime; turned into a {@link Mark} once the clock's zero is known. */
    private record Recorded(long atNs, String side, String event, String from, String to, String reason) {
    }

    private final Scenario scenario;
    private final ToxiproxySource toxiproxy;
    private final Consumer<String> progress;
    /** A Toxiproxy call still running after this long is reported as slow. */
    private final long slowCallMs = Long.getLong("simulation.slowToxiproxyCallMs", 1_000);
    /** A peer's next Toxiproxy call no longer waits for one still running after this long. */
    private final long callTimeoutMs = Long.getLong("simulation.toxiproxyCallTimeoutMs", 10_000);
    private final Map<String, List<Recorded>> timelines = new TreeMap<>();
    private final Map<String, SessionState> serverState = new LinkedHashMap<>();
    private final Map<String, SessionState> clientState = new LinkedHashMap<>();
    private volatile long zeroNs;
    private long lastDriveNs;
    /** When the driving thread last came round its loop; read by the watchdog. */
    private volatile long beatNs;
    private final List<Stall> stalls = Collections.synchronizedList(new ArrayList<>());
    /** Clients whose update runs on a dialer thread right now; the driving thread leaves them alone. */
    private final java.util.Set<SharedNetworkRuntime> dialing = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.ExecutorService dialers = java.util.concurrent.Executors.newCachedThreadPool(
            new DefaultThreadFactory("simulated-dialer", true));

    private Simulation(Scenario scenario, ToxiproxySource toxiproxy, Consumer<String> progress) {
        this.scenario = scenario;
        this.toxiproxy = toxiproxy;
        this.progress = progress;
        for (String peer : scenario.peerIds()) {
            timelines.put(peer, Collections.synchronizedList(new ArrayList<>()));
        }
    }

    public static Result run(Scenario scenario, ToxiproxySource toxiproxy, Consumer<String> progress) {
        return new Simulation(scenario, toxiproxy, progress).run();
    }

    /** ms on the scenario clock. */
    private long ms(long ns) {
        return Math.floorDiv(ns - zeroNs, 1_000_000L);
    }

    private SessionListener recorder(String side) {
        return new SessionListener() {
            @Override
            public void onEvent(SessionEvent e) {
                String peer = side.equals("server") ? e.peer().value() : null;
                record(peer, side, e);
            }
        };
    }

    private void record(String peer, String side, SessionEvent e) {
        List<Recorded> line = peer == null ? null : timelines.get(peer);
        if (line == null) {
            return;
        }
        line.add(new Recorded(System.nanoTime(), side, e.event().kind().specName(), e.event().previous().specName(),
                e.event().current().specName(), e.event().reason()));
        synchronized (serverState) {
            (side.equals("server") ? serverState : clientState).put(peer, e.event().current());
        }
    }

    private Result run() {
        Scenario.Policy p = scenario.policy();
        SessionPolicy policy = new SessionPolicy(p.heartbeatIntervalMs(), p.heartbeatTimeoutMs(), p.reconnectDelayMs(), p.autoReconnect());
        LifecycleClock clock = LifecycleClock.monotonic();
        long launchNs = System.nanoTime();
        zeroNs = launchNs;
        ServerRuntime server = ServerRuntime.start(ServerRuntimeConfig.builder()
                .reliablePort(0).policy(policy).clock(clock).dispatcher(Dispatcher.immediate())
                .transportFactory(NettyTransports.server("127.0.0.1", MAX_FRAME))
                .resumeGraceMs(scenario.resumeWindowMs()).build());
        server.sessions().addListener(recorder("server"));
        int serverPort = server.host().reliablePort().orElseThrow();
        Thread serverLoop = new Thread(() -> {
            while (server.isRunning()) {
                long delay = server.update();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.max(1, Math.min(delay, 20))));
            }
        }, "simulated-server-loop");
        serverLoop.setDaemon(true);
        serverLoop.start();

        EventLoopGroup group = new NioEventLoopGroup(2, new DefaultThreadFactory("simulated-clients", true));
        beatNs = System.nanoTime();
        Thread watchdog = watchdog(Thread.currentThread());
        FaultControl control = new FaultControl(slowCallMs, callTimeoutMs);
        Map<String, Proxy> proxies = new LinkedHashMap<>();
        List<SharedNetworkRuntime> clients = new ArrayList<>();
        List<Running> plan = new ArrayList<>();
        String startup = null;
        long endNs;
        try {
            // Every proxy first: once clients start, the driving thread makes no Toxiproxy call.
            int index = 0;
            for (String peer : scenario.peerIds()) {
                int i = index++;
                beatNs = System.nanoTime();
                proxies.put(peer, control.now("creating the proxy for " + peer, () -> {
                    Proxy leftover = toxiproxy.client().getProxyOrNull(peer);
                    if (leftover != null) {
                        leftover.delete();
                    }
                    return toxiproxy.client().createProxy(peer, toxiproxy.listenAddress(i), toxiproxy.upstream(serverPort));
                }));
            }
            index = 0;
            for (String peer : scenario.peerIds()) {
                int port = toxiproxy.clientPort(proxies.get(peer).getListen(), index++);
                SharedNetworkRuntime client = SharedNetworkRuntime.builder()
                        .dialer(() -> new NettyTcpClient(toxiproxy.clientHost(), port, MAX_FRAME, group))
                        .playerId(peer).policy(policy).clock(clock).build();
                client.session().addListener(new SessionListener() {
                    @Override
                    public void onEvent(SessionEvent e) {
                        record(peer, "client", e);
                    }
                });
                client.start();
                clients.add(client);
                // Starting thousands of clients takes longer than a heartbeat timeout: keep the ones
                // already started heartbeating meanwhile, as the run loop will.
                driveNow(clients);
            }
            startup = awaitEveryPeerLoggedIn(clients);
            zeroNs = System.nanoTime();
            progress.accept(String.format("scenario clock started: %d peers logged in after %.1f s", loggedIn(),
                    (zeroNs - launchNs) / 1e9));
            FaultPlan.of(scenario).forEach(f -> plan.add(new Running(f)));
            long nextProgressMs = 0;
            while (ms(System.nanoTime()) < scenario.durationMs()) {
                beatNs = System.nanoTime();
                long t = ms(beatNs);
                for (Running f : plan) {
                    if (f.applying == null && t >= f.planned.startMs()) {
                        f.applying = apply(control, proxies.get(f.planned.peer()), f.planned);
                    }
                    if (f.applying != null && f.lifting == null && f.planned.endMs() > 0 && t >= liftAtMs(f)) {
                        f.lifting = lift(control, proxies.get(f.planned.peer()), f.planned);
                    }
                }
                long delay = drive(clients);
                for (FaultControl.Call slow : control.newlySlow()) {
                    progress.accept(String.format("t=%5.1fs  slow Toxiproxy call: %s for %s has taken %d ms so far (the run goes on)",
                            t / 1000.0, slow.what, slow.peer, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - slow.startNs)));
                }
                if (t >= nextProgressMs) {
                    progress.accept(String.format("t=%5.1fs  server %s  client %s", t / 1000.0, census(serverState),
                            census(clientState)));
                    nextProgressMs += 1_000;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.max(DRIVE_PERIOD_MS, Math.min(delay, 20))));
            }
            endNs = System.nanoTime();
        } catch (IOException e) {
            throw new UncheckedIOException("Toxiproxy refused a request: " + e.getMessage(), e);
        } finally {
            watchdog.interrupt();
            dialers.shutdown();
            try {
                dialers.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            clients.forEach(SharedNetworkRuntime::stop);
            server.stop();
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            deleteProxies(control, proxies);
            control.close();
        }
        return analyse(plan, control, startup, TimeUnit.NANOSECONDS.toMillis(zeroNs - launchNs), endNs);
    }

    /**
     * Watches the driving thread: when it has not come round its loop for a second, notes where it
     * is held; when it comes back, records the stall and reports it. A watchdog that itself wakes a
     * second late means the whole JVM was held (a pause, or no CPU).
     */
    private Thread watchdog(Thread driver) {
        long limitNs = TimeUnit.MILLISECONDS.toNanos(1_000);
        Thread t = new Thread(() -> {
            long heldSinceNs = 0;
            String where = null;
            long lastWakeNs = System.nanoTime();
            while (!Thread.currentThread().isInterrupted()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                long now = System.nanoTime();
                if (now - lastWakeNs > limitNs + TimeUnit.MILLISECONDS.toNanos(100)) {
                    stall(lastWakeNs, now, "the whole JVM (the watchdog too was held: a pause, or no CPU)");
                }
                lastWakeNs = now;
                long beat = beatNs;
                if (heldSinceNs == 0 && now - beat > limitNs) {
                    heldSinceNs = beat;
                    where = where(driver.getStackTrace());
                } else if (heldSinceNs != 0 && beat != heldSinceNs) {
                    stall(heldSinceNs, beat, where);
                    heldSinceNs = 0;
                }
            }
        }, "simulation-watchdog");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void stall(long fromNs, long toNs, String where) {
        Stall s = new Stall(ms(fromNs), TimeUnit.NANOSECONDS.toMillis(toNs - fromNs), where);
        stalls.add(s);
        progress.accept(String.format("t=%5.1fs  the thread driving the heartbeats was held %d ms: %s", s.atMs() / 1000.0,
                s.durationMs(), where));
    }

    /** The frames that say where a thread is held: the top three and the first of this project below them. */
    private static String where(StackTraceElement[] stack) {
        List<String> frames = new ArrayList<>();
        for (int i = 0; i < stack.length && frames.size() < 3; i++) {
            frames.add(stack[i].toString());
        }
        for (int i = 3; i < stack.length; i++) {
            if (stack[i].getClassName().startsWith("dev.peerlife")) {
                frames.add("... " + stack[i]);
                break;
            }
        }
        return String.join(" < ", frames);
    }

    /**
     * Runs every client's lifecycle once (heartbeats, timeouts, reconnects); returns ms until one
     * next needs it. A client that is not connected may dial in its update, and a dial (connect, or
     * closing the old connection) waits on the network: those updates run on their own threads, one
     * at a time per client, so that one slow dial never holds up every other client's heartbeats.
     */
    private long drive(List<SharedNetworkRuntime> clients) {
        long delay = Long.MAX_VALUE;
        for (SharedNetworkRuntime c : clients) {
            if (dialing.contains(c)) {
                continue;
            }
            SessionState state = c.session().state();
            if (state == SessionState.LOGGED_IN || state == SessionState.LOGIN_PENDING || state == SessionState.TRANSPORT_CONNECTED) {
                delay = Math.min(delay, c.update());
            } else {
                dialing.add(c);
                dialers.execute(() -> {
                    try {
                        c.update();
                    } finally {
                        dialing.remove(c);
                    }
                });
                delay = Math.min(delay, 10);
            }
        }
        return delay;
    }

    /** Drives the clients started so far, at most every 100 ms, while others are still starting. */
    private void driveNow(List<SharedNetworkRuntime> clients) {
        long now = System.nanoTime();
        beatNs = now;
        if (now - lastDriveNs >= TimeUnit.MILLISECONDS.toNanos(100)) {
            drive(clients);
            lastDriveNs = System.nanoTime();
        }
    }

    /** Drives the clients until every peer is logged in on both sides; returns null, or what went wrong. */
    private String awaitEveryPeerLoggedIn(List<SharedNetworkRuntime> clients) {
        long limitMs = Math.max(30_000, 30L * scenario.peers());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limitMs);
        while (loggedIn() < scenario.peers()) {
            beatNs = System.nanoTime();
            if (System.nanoTime() - deadline > 0) {
                return loggedIn() + " of " + scenario.peers() + " peers were logged in on both sides after " + limitMs
                        + " ms; the scenario clock started anyway";
            }
            long delay = drive(clients);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.max(DRIVE_PERIOD_MS, Math.min(delay, 20))));
        }
        return null;
    }

    private int loggedIn() {
        int n = 0;
        synchronized (serverState) {
            for (String peer : scenario.peerIds()) {
                if (serverState.get(peer) == SessionState.LOGGED_IN && clientState.get(peer) == SessionState.LOGGED_IN) {
                    n++;
                }
            }
        }
        return n;
    }

    private void deleteProxies(FaultControl control, Map<String, Proxy> proxies) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Proxy proxy : proxies.values()) {
            if (System.nanoTime() - deadline > 0) {
                progress.accept("gave up deleting the remaining proxies after 10 s");
                return;
            }
            try {
                control.now("deleting proxy " + proxy.getName(), () -> {
                    proxy.delete();
                    return null;
                });
            } catch (IOException ignored) {
                // the Toxiproxy server may be shared or gone; nothing else to undo
            }
        }
    }

    private String census(Map<String, SessionState> states) {
        Map<SessionState, Integer> count = new EnumMap<>(SessionState.class);
        synchronized (serverState) {
            states.values().forEach(s -> count.merge(s, 1, Integer::sum));
        }
        StringBuilder out = new StringBuilder();
        count.forEach((s, n) -> out.append(s.specName()).append('=').append(n).append(' '));
        return out.toString().trim();
    }

    /** One planned fault and the Toxiproxy calls made for it; touched by the driving thread only. */
    private static final class Running {
        final FaultPlan.Planned planned;
        List<FaultControl.Call> applying;
        List<FaultControl.Call> lifting;

        Running(FaultPlan.Planned planned) {
            this.planned = planned;
        }
    }

    /**
     * When to lift a fault: its planned duration after it really began (its first Toxiproxy call
     * began), and never before its planned end, once its calls have succeeded; a fault whose calls
     * failed or got no answer is lifted at its planned end, to undo whatever part of it took hold.
     * Long.MAX_VALUE: not yet known.
     */
    private long liftAtMs(Running f) {
        if (succeeded(f.applying)) {
            return Math.max(f.planned.endMs(), ms(f.applying.get(0).startNs) + f.planned.spec().durationMs());
        }
        boolean settled = f.applying.stream().allMatch(c -> c.done.isDone());
        return settled ? f.planned.endMs() : Long.MAX_VALUE;
    }

    private static List<FaultControl.Call> apply(FaultControl control, Proxy proxy, FaultPlan.Planned f) {
        String peer = f.peer();
        if (f.spec().toxic().equals("disable")) {
            return List.of(control.submit(peer, f.fault(), "disable the proxy", proxy::disable));
        }
        List<FaultControl.Call> calls = new ArrayList<>();
        for (ToxicDirection d : directions(f.spec().stream())) {
            String name = toxicName(f, d);
            Map<String, Long> a = f.spec().attributes();
            calls.add(control.submit(peer, f.fault(), "add " + f.spec().toxic() + " " + name, () -> {
                switch (f.spec().toxic()) {
                    case "latency" -> proxy.toxics().latency(name, d, a.get("latency")).setJitter(a.getOrDefault("jitter", 0L));
                    case "timeout" -> proxy.toxics().timeout(name, d, a.getOrDefault("timeout", 0L));
                    case "reset_peer" -> proxy.toxics().resetPeer(name, d, a.getOrDefault("timeout", 0L));
                    case "bandwidth" -> proxy.toxics().bandwidth(name, d, a.get("rate"));
                    case "slow_close" -> proxy.toxics().slowClose(name, d, a.get("delay"));
                    case "limit_data" -> proxy.toxics().limitData(name, d, a.get("bytes"));
                    case "slicer" -> proxy.toxics().slicer(name, d, a.get("average_size"), a.getOrDefault("delay", 0L))
                            .setSizeVariation(a.getOrDefault("size_variation", 0L));
                    default -> throw new IllegalStateException("unknown toxic " + f.spec().toxic());
                }
            }));
        }
        return calls;
    }

    private static List<FaultControl.Call> lift(FaultControl control, Proxy proxy, FaultPlan.Planned f) {
        String peer = f.peer();
        if (f.spec().toxic().equals("disable")) {
            return List.of(control.submit(peer, f.fault(), "enable the proxy", proxy::enable));
        }
        List<FaultControl.Call> calls = new ArrayList<>();
        for (ToxicDirection d : directions(f.spec().stream())) {
            String name = toxicName(f, d);
            calls.add(control.submit(peer, f.fault(), "remove " + f.spec().toxic() + " " + name, () -> proxy.toxics().get(name).remove()));
        }
        return calls;
    }

    private static String toxicName(FaultPlan.Planned f, ToxicDirection d) {
        return "f" + f.fault() + "-" + d.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static List<ToxicDirection> directions(String stream) {
        return switch (stream) {
            case "upstream" -> List.of(ToxicDirection.UPSTREAM);
            case "downstream" -> List.of(ToxicDirection.DOWNSTREAM);
            default -> List.of(ToxicDirection.UPSTREAM, ToxicDirection.DOWNSTREAM);
        };
    }

    // ---- from what was recorded to the result

    private Result analyse(List<Running> plan, FaultControl control, String startup, long startupMs, long endNs) {
        long end = scenario.durationMs();
        List<FaultMark> faults = new ArrayList<>();
        for (Running f : plan) {
            if (f.applying == null) {
                continue;
            }
            String note = null;
            boolean started = succeeded(f.applying);
            if (!started) {
                note = "adding it " + problem(f.applying);
            }
            // Lifted: lifting began before the run ended and no lifting call had failed by then. Calls
            // still running or waiting behind one count from when lifting began (a real Toxiproxy takes
            // the toxic out of its chain first and may then block its answer, and every later call on
            // that proxy, for seconds), with a note.
            boolean ended = f.lifting != null && f.lifting.get(0).startNs != 0 && f.lifting.get(0).startNs - endNs <= 0
                    && f.lifting.stream().noneMatch(c -> c.failure != null && c.endNs - endNs <= 0);
            if (f.lifting != null && (!ended || !succeeded(f.lifting) || lastEnd(f.lifting) - endNs > 0)) {
                note = (note == null ? "" : note + "; ") + "lifting it " + problem(f.lifting);
            }
            long slowest = slowest(f.applying, f.lifting);
            if (note == null && slowest >= slowCallMs) {
                note = "a Toxiproxy call for it took " + slowest + " ms";
            }
            long startMs = started ? ms(f.applying.get(0).startNs) : end;
            long endMs = ended ? ms(f.lifting.get(0).startNs) : end;
            faults.add(new FaultMark(f.planned.fault(), f.planned.peer(), f.planned.spec().toxic(), startMs, endMs,
                    f.planned.startMs(), f.planned.endMs() == 0 ? end : f.planned.endMs(), started, ended, note));
        }
        List<ToxiproxyCall> calls = new ArrayList<>();
        for (FaultControl.Call c : control.calls()) {
            long endCall = c.endNs;
            Long took = endCall == 0 || endCall - endNs > 0 ? null : TimeUnit.NANOSECONDS.toMillis(endCall - c.startNs);
            String outcome = c.startNs == 0 ? "not started" : took == null ? "no answer before the end of the run"
                    : c.failure != null ? "failed: " + c.failure : "ok";
            calls.add(new ToxiproxyCall(c.peer, c.fault, c.what, ms(c.askedNs), c.startNs == 0 ? end : ms(c.startNs), took, outcome));
        }
        Map<String, List<Mark>> lines = new TreeMap<>();
        timelines.forEach((peer, recorded) -> {
            List<Mark> marks = new ArrayList<>();
            synchronized (recorded) {
                for (Recorded r : recorded) {
                    marks.add(new Mark(ms(r.atNs()), r.side(), r.event(), r.from(), r.to(), r.reason()));
                }
            }
            lines.put(peer, marks);
        });
        Summary summary = SimulationAnalysis.summary(scenario, lines, faults, calls, slowCallMs);
        List<Verdict> verdicts = new ArrayList<>();
        if (startup != null) {
            verdicts.add(new Verdict("every peer logs in before the scenario clock starts", false, startup));
        }
        verdicts.addAll(SimulationAnalysis.verdicts(scenario, lines, faults));
        return new Result(scenario.name(), toxiproxy.kind(), end, startupMs, summary, verdicts, faults, calls, List.copyOf(stalls), lines);
    }

    /** True when every one of {@code calls} has returned without an error. */
    private static boolean succeeded(List<FaultControl.Call> calls) {
        return calls.stream().allMatch(c -> c.endNs != 0 && c.failure == null);
    }

    private static long lastEnd(List<FaultControl.Call> calls) {
        long last = calls.get(0).endNs;
        for (FaultControl.Call c : calls) {
            last = c.endNs - last > 0 ? c.endNs : last;
        }
        return last;
    }

    private static String problem(List<FaultControl.Call> calls) {
        for (FaultControl.Call c : calls) {
            if (c.failure != null) {
                return "failed (" + c.what + ": " + c.failure + ")";
            }
            if (c.endNs == 0) {
                return "had not returned when the run ended (" + c.what + ")";
            }
        }
        return "returned after the run ended";
    }

    private static long slowest(List<FaultControl.Call> applying, List<FaultControl.Call> lifting) {
        long slowest = 0;
        List<FaultControl.Call> all = new ArrayList<>(applying);
        if (lifting != null) {
            all.addAll(lifting);
        }
        for (FaultControl.Call c : all) {
            if (c.startNs != 0 && c.endNs != 0) {
                slowest = Math.max(slowest, TimeUnit.NANOSECONDS.toMillis(c.endNs - c.startNs));
            }
        }
        return slowest;
    }
}
