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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Runs one scenario on real TCP under real time: the reference server through its runtime entry
 * point, one reference client per peer, each client reaching the server through its own Toxiproxy
 * proxy so that a fault hits that peer alone. Records every peer's server-side and client-side
 * states with the fault marks, then checks the expectations and computes the summary figures.
 */
public final class Simulation {

    private static final int MAX_FRAME = 64 * 1024;

    /** One state change of one peer on one side, at {@code tMs} after the start. */
    public record Mark(long tMs, String side, String event, String from, String to, String reason) {
    }

    /** When one fault was on for one peer. */
    public record FaultMark(int fault, String peer, String toxic, long startMs, long endMs) {
    }

    public record Verdict(String expectation, boolean passed, String detail) {
    }

    public record Summary(int peers, int faults, int timeouts, int reconnects, Long detectionP50Ms, Long detectionP99Ms,
                          Long recoveryP50Ms, Long recoveryP99Ms, int falseTimeouts, int unfaultedPeers) {
    }

    public record Result(String scenario, String toxiproxy, long durationMs, Summary summary, List<Verdict> verdicts,
                         List<FaultMark> faults, Map<String, List<Mark>> timelines) {
        public boolean passed() {
            return verdicts.stream().allMatch(Verdict::passed);
        }
    }

    private final Scenario scenario;
    private final ToxiproxySource toxiproxy;
    private final Consumer<String> progress;
    private final Map<String, List<Mark>> timelines = new TreeMap<>();
    private final Map<String, SessionState> serverState = new LinkedHashMap<>();
    private final Map<String, SessionState> clientState = new LinkedHashMap<>();
    private long startNs;

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

    private long nowMs() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
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
        List<Mark> line = peer == null ? null : timelines.get(peer);
        if (line == null) {
            return;
        }
        line.add(new Mark(nowMs(), side, e.event().kind().specName(), e.event().previous().specName(),
                e.event().current().specName(), e.event().reason()));
        synchronized (serverState) {
            (side.equals("server") ? serverState : clientState).put(peer, e.event().current());
        }
    }

    private Result run() {
        Scenario.Policy p = scenario.policy();
        SessionPolicy policy = new SessionPolicy(p.heartbeatIntervalMs(), p.heartbeatTimeoutMs(), p.reconnectDelayMs(), p.autoReconnect());
        LifecycleClock clock = LifecycleClock.monotonic();
        startNs = System.nanoTime();
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
        Map<String, Proxy> proxies = new LinkedHashMap<>();
        List<SharedNetworkRuntime> clients = new ArrayList<>();
        List<FaultMark> faultMarks = new ArrayList<>();
        long lastSweepMs = 0;
        try {
            int index = 0;
            for (String peer : scenario.peerIds()) {
                Proxy proxy = toxiproxy.client().createProxy(peer, toxiproxy.listenAddress(index), toxiproxy.upstream(serverPort));
                int port = toxiproxy.clientPort(proxy.getListen(), index++);
                proxies.put(peer, proxy);
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
                if (nowMs() - lastSweepMs >= 100) {
                    clients.forEach(SharedNetworkRuntime::update);
                    lastSweepMs = nowMs();
                }
            }
            List<Planned> plan = plan();
            long nextProgressMs = 0;
            while (nowMs() < scenario.durationMs()) {
                long t = nowMs();
                for (Planned f : plan) {
                    if (!f.started && t >= f.startMs) {
                        f.started = true;
                        apply(proxies.get(f.peer), f);
                    }
                    if (f.started && !f.ended && f.endMs > 0 && t >= f.endMs) {
                        f.ended = true;
                        lift(proxies.get(f.peer), f);
                    }
                }
                long delay = Long.MAX_VALUE;
                for (SharedNetworkRuntime c : clients) {
                    delay = Math.min(delay, c.update());
                }
                if (t >= nextProgressMs) {
                    progress.accept(String.format("t=%5.1fs  server %s  client %s", t / 1000.0, census(serverState),
                            census(clientState)));
                    nextProgressMs += 1_000;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.max(1, Math.min(delay, 20))));
            }
            long end = nowMs();
            for (Planned f : plan) {
                if (f.started) {
                    faultMarks.add(new FaultMark(f.fault, f.peer, f.spec.toxic(), f.startMs, f.ended ? f.endMs : end));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Toxiproxy refused a request: " + e.getMessage(), e);
        } finally {
            clients.forEach(SharedNetworkRuntime::stop);
            server.stop();
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            for (Proxy proxy : proxies.values()) {
                try {
                    proxy.delete();
                } catch (IOException ignored) {
                    // the Toxiproxy server may be shared or gone; nothing else to undo
                }
            }
        }
        return analyse(faultMarks);
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

    /** One fault for one peer, as planned. */
    private static final class Planned {
        final int fault;
        final String peer;
        final Scenario.Fault spec;
        final long startMs;
        final long endMs;
        boolean started;
        boolean ended;

        Planned(int fault, String peer, Scenario.Fault spec, long startMs, long endMs) {
            this.fault = fault;
            this.peer = peer;
            this.spec = spec;
            this.startMs = startMs;
            this.endMs = endMs;
        }
    }

    private List<Planned> plan() {
        List<Planned> plan = new ArrayList<>();
        int i = 0;
        for (Scenario.Fault f : scenario.faults()) {
            List<String> targets = f.peers().contains("all") ? scenario.peerIds() : f.peers();
            for (String peer : targets) {
                plan.add(new Planned(i, peer, f, f.atMs(), f.durationMs() == 0 ? 0 : f.atMs() + f.durationMs()));
            }
            i++;
        }
        Scenario.RandomFaults r = scenario.randomFaults();
        if (r != null) {
            Random random = new Random(r.seed());
            List<String> shuffled = new ArrayList<>(scenario.peerIds());
            Collections.shuffle(shuffled, random);
            int count = (int) Math.round(r.fraction() * shuffled.size());
            List<String> kinds = List.of("latency", "timeout", "reset_peer", "disable");
            long until = Math.max(r.fromMs() + 1, r.untilMs());
            for (String peer : shuffled.subList(0, count)) {
                String kind = kinds.get(random.nextInt(kinds.size()));
                long start = r.fromMs() + (long) (random.nextDouble() * (until - r.fromMs()));
                long duration = r.minDurationMs() + (long) (random.nextDouble() * Math.max(0, r.maxDurationMs() - r.minDurationMs()));
                Map<String, Long> attributes = kind.equals("latency")
                        ? Map.of("latency", scenario.policy().heartbeatTimeoutMs() * 2, "jitter", 100L) : Map.of();
                plan.add(new Planned(i, peer, new Scenario.Fault(start, List.of(peer), kind, "both", attributes, duration),
                        start, start + duration));
                i++;
            }
        }
        return plan;
    }

    private void apply(Proxy proxy, Planned f) throws IOException {
        if (f.spec.toxic().equals("disable")) {
            proxy.disable();
            return;
        }
        for (ToxicDirection d : directions(f.spec.stream())) {
            String name = "f" + f.fault + "-" + d.name().toLowerCase();
            Map<String, Long> a = f.spec.attributes();
            switch (f.spec.toxic()) {
                case "latency" -> proxy.toxics().latency(name, d, a.getOrDefault("latency", 2_000L))
                        .setJitter(a.getOrDefault("jitter", 0L));
                case "timeout" -> proxy.toxics().timeout(name, d, a.getOrDefault("timeout", 0L));
                case "reset_peer" -> proxy.toxics().resetPeer(name, d, a.getOrDefault("timeout", 0L));
                case "bandwidth" -> proxy.toxics().bandwidth(name, d, a.getOrDefault("rate", 1L));
                case "slow_close" -> proxy.toxics().slowClose(name, d, a.getOrDefault("delay", 1_000L));
                case "limit_data" -> proxy.toxics().limitData(name, d, a.getOrDefault("bytes", 0L));
                default -> throw new IllegalStateException("unknown toxic " + f.spec.toxic());
            }
        }
    }

    private void lift(Proxy proxy, Planned f) throws IOException {
        if (f.spec.toxic().equals("disable")) {
            proxy.enable();
            return;
        }
        for (ToxicDirection d : directions(f.spec.stream())) {
            proxy.toxics().get("f" + f.fault + "-" + d.name().toLowerCase()).remove();
        }
    }

    private static List<ToxicDirection> directions(String stream) {
        return switch (stream) {
            case "upstream" -> List.of(ToxicDirection.UPSTREAM);
            case "downstream" -> List.of(ToxicDirection.DOWNSTREAM);
            default -> List.of(ToxicDirection.UPSTREAM, ToxicDirection.DOWNSTREAM);
        };
    }

    // ---- analysis

    private Result analyse(List<FaultMark> faults) {
        Map<String, List<Mark>> lines = new TreeMap<>();
        timelines.forEach((peer, marks) -> {
            synchronized (marks) {
                lines.put(peer, List.copyOf(marks));
            }
        });
        long end = scenario.durationMs();
        Set<String> faulted = new HashSet<>();
        faults.forEach(f -> faulted.add(f.peer()));
        int timeouts = 0;
        int reconnects = 0;
        int falseTimeouts = 0;
        for (Map.Entry<String, List<Mark>> e : lines.entrySet()) {
            int logins = 0;
            for (Mark m : e.getValue()) {
                if (m.tMs() > end) {
                    continue;
                }
                if (m.side().equals("server") && m.event().equals("TimedOut")) {
                    timeouts++;
                    if (!faulted.contains(e.getKey())) {
                        falseTimeouts++;
                    }
                }
                if (m.side().equals("client") && m.event().equals("LoginSucceeded")) {
                    logins++;
                }
            }
            reconnects += Math.max(0, logins - 1);
        }
        List<Long> detection = new ArrayList<>();
        List<Long> recovery = new ArrayList<>();
        for (FaultMark f : faults) {
            List<Mark> line = lines.get(f.peer());
            Long detected = null;
            // Detected: the server noticed (timeout or disconnect) while the fault was on, or within
            // one heartbeat timeout after; a fault too short to notice counts for neither figure.
            long latest = f.endMs() + scenario.policy().heartbeatTimeoutMs();
            for (Mark m : line) {
                if (m.side().equals("server") && m.tMs() >= f.startMs() && m.tMs() <= latest
                        && (m.event().equals("TimedOut") || m.event().equals("Disconnected"))) {
                    detected = m.tMs() - f.startMs();
                    break;
                }
            }
            if (detected != null) {
                detection.add(detected);
                for (Mark m : line) {
                    if (m.side().equals("server") && m.tMs() >= f.endMs() && m.tMs() <= end && m.event().equals("LoginSucceeded")) {
                        recovery.add(m.tMs() - f.endMs());
                        break;
                    }
                }
            }
        }
        Summary summary = new Summary(scenario.peers(), faults.size(), timeouts, reconnects, percentile(detection, 50),
                percentile(detection, 99), percentile(recovery, 50), percentile(recovery, 99), falseTimeouts,
                scenario.peers() - faulted.size());
        List<Verdict> verdicts = new ArrayList<>();
        for (Scenario.Expectation x : scenario.expectations()) {
            verdicts.add(check(x, lines, faults, faulted, end));
        }
        return new Result(scenario.name(), toxiproxy.kind(), end, summary, verdicts, faults, lines);
    }

    private Verdict check(Scenario.Expectation x, Map<String, List<Mark>> lines, List<FaultMark> faults,
                          Set<String> faulted, long end) {
        if (x.type().equals("unfaultedStay")) {
            String text = "no unfaulted peer leaves " + x.state() + " on the " + x.side() + " once there";
            List<String> departures = new ArrayList<>();
            for (Map.Entry<String, List<Mark>> e : lines.entrySet()) {
                if (faulted.contains(e.getKey())) {
                    continue;
                }
                boolean there = false;
                for (Mark m : e.getValue()) {
                    if (!m.side().equals(x.side()) || m.tMs() > end) {
                        continue;
                    }
                    if (m.to().equals(x.state())) {
                        there = true;
                    } else if (there && m.from().equals(x.state())) {
                        departures.add(e.getKey() + " " + m.event() + " at " + m.tMs() + " ms" + (m.reason() == null ? "" : " (" + m.reason() + ")"));
                        break;
                    }
                }
            }
            String detail = departures.isEmpty() ? "held for every unfaulted peer"
                    : departures.size() + " peer(s) left it, first: " + String.join("; ", departures.subList(0, Math.min(10, departures.size())))
                    + (departures.size() > 10 ? "; ..." : "");
            return new Verdict(text, departures.isEmpty(), detail);
        }
        if (x.isClientRecordCheck()) {
            return checkClientRecords(x, lines, faults, end);
        }
        String text = x.peer() + " reaches " + x.state() + " on the " + x.side() + " within " + x.withinMs() + " ms of " + x.after();
        Long reference = reference(x.after(), faults);
        if (reference == null) {
            return new Verdict(text, false, "fault " + x.after().split(":")[1] + " never started");
        }
        List<String> seen = new ArrayList<>();
        for (Mark m : lines.get(x.peer())) {
            if (!m.side().equals(x.side()) || m.tMs() < reference) {
                continue;
            }
            if (m.to().equals(x.state()) && m.tMs() - reference <= x.withinMs()) {
                return new Verdict(text, true, "at +" + (m.tMs() - reference) + " ms");
            }
            seen.add(m.to() + "@+" + (m.tMs() - reference));
        }
        return new Verdict(text, false, "not reached; states after the reference: " + (seen.isEmpty() ? "none" : seen));
    }

    /** Milliseconds from the start of {@code after} ("start", "fault:N", "fault:N:end"); null: never started. */
    private static Long reference(String after, List<FaultMark> faults) {
        if (after.equals("start")) {
            return 0L;
        }
        String[] parts = after.split(":");
        int fault = Integer.parseInt(parts[1]);
        FaultMark mark = faults.stream().filter(f -> f.fault() == fault).findFirst().orElse(null);
        return mark == null ? null : parts.length == 3 ? mark.endMs() : mark.startMs();
    }

    /**
     * noSupersededConnection: no client-side disconnect whose reason says the server superseded the
     * connection (a late or stale login took over a live one). noLoginRefused: no client-side
     * LoginFailed from {@code after} on (a lockout).
     */
    private Verdict checkClientRecords(Scenario.Expectation x, Map<String, List<Mark>> lines, List<FaultMark> faults, long end) {
        boolean superseded = x.type().equals("noSupersededConnection");
        String who = x.peer() == null ? "no client" : x.peer() + " never";
        String text = superseded ? who + " has its connection superseded by another"
                : who + " has a login refused" + (x.after().equals("start") ? "" : " after " + x.after());
        Long from = reference(x.after(), faults);
        if (from == null) {
            return new Verdict(text, false, "fault " + x.after().split(":")[1] + " never started");
        }
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, List<Mark>> e : lines.entrySet()) {
            if (x.peer() != null && !x.peer().equals(e.getKey())) {
                continue;
            }
            for (Mark m : e.getValue()) {
                if (!m.side().equals("client") || m.tMs() < from || m.tMs() > end) {
                    continue;
                }
                boolean hit = superseded
                        ? m.event().equals("Disconnected") && m.reason() != null && m.reason().contains("superseded")
                        : m.event().equals("LoginFailed");
                if (hit) {
                    found.add(e.getKey() + " " + m.event() + " at " + m.tMs() + " ms" + (m.reason() == null ? "" : " (" + m.reason() + ")"));
                }
            }
        }
        String detail = found.isEmpty() ? "none seen"
                : found.size() + " seen, first: " + String.join("; ", found.subList(0, Math.min(5, found.size())));
        return new Verdict(text, found.isEmpty(), detail);
    }

    private static Long percentile(List<Long> values, int p) {
        if (values.isEmpty()) {
            return null;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
