package dev.peerlife.simulator.virtual;

import dev.peerlife.conformance.spi.EventView;
import dev.peerlife.conformance.spi.PeerInput;
import dev.peerlife.conformance.spi.PolicySpec;
import dev.peerlife.conformance.spi.ServerSpec;
import dev.peerlife.conformance.spi.SystemUnderTest;
import dev.peerlife.internal.SessionStateMachine;
import dev.peerlife.lifecycle.LifecycleEventKind;
import dev.peerlife.lifecycle.PeerId;
import dev.peerlife.lifecycle.SessionPolicy;
import dev.peerlife.lifecycle.SessionState;
import dev.peerlife.simulator.FaultPlan;
import dev.peerlife.simulator.Scenario;
import dev.peerlife.simulator.Simulation;
import dev.peerlife.simulator.SimulationAnalysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A scenario in virtual time against any implementation behind the conformance SPI: the engine is
 * the network (one proxy per peer with the scenario's faults on it) and the peers (the reference
 * client's lifecycle rules: connect, log in, heartbeat every interval, time out and redial with the
 * client's backoff); the server is the implementation, fed what its peers do as {@link PeerInput}s
 * and observed through its events, exactly as the conformance suite observes it. Time moves only
 * through the SPI's clock, from one scheduled happening to the next; the server's time rules are
 * applied every {@code tickMs} (10 ms by default, the real engine's drive period).
 *
 * <p>Deterministic: one seed decides every random choice (when each peer starts, latency jitter,
 * the random faults, the order of happenings due at the same millisecond), so a seed, a scenario and
 * an implementation give the same timeline, byte for byte. The model is described in
 * docs/virtual-simulation.md. Single-threaded: one run owns its implementation instance.
 */
public final class VirtualSimulation {

    /** How often the server's time rules are applied, in virtual ms. */
    public static final long DEFAULT_TICK_MS = 10;

    private static final int START = 0;
    private static final int WAKE = 1;
    private static final int TO_SERVER = 2;
    private static final int TO_CLIENT = 3;
    private static final int FAULT_ON = 4;
    private static final int FAULT_OFF = 5;
    private static final int CUT = 6;

    private static final int LOGIN = 0;
    private static final int HEARTBEAT = 1;
    private static final int FIN = 2;
    private static final int ACCEPTED = 3;
    private static final int REFUSED = 4;
    private static final int ACK = 5;
    private static final int CLOSE = 6;

    /** Frame sizes on the wire (length prefix, envelope and lifecycle message), for bandwidth and limit_data. */
    private static final int HEARTBEAT_BYTES = 23;
    private static final int FIN_BYTES = 0;
    private static final int TOKEN_BYTES = 16;

    /** Every hop through a proxy takes at least this long, so that no exchange loops within one instant. */
    private static final long MIN_HOP_MS = 1;
    /** How often a host drives a client runtime: a dropped client redials at the next drive. */
    private static final long CLIENT_DRIVE_MS = 10;
    private static final long STARTUP_MIN_MS = 30_000;
    private static final long STARTUP_PER_PEER_MS = 30;

    /**
     * @param seed decides every random choice; it also replaces the seed of the scenario's random faults
     * @param tickMs how often the server's time rules are applied
     * @param heartbeatMarks whether heartbeats appear in the timelines (as in the real-socket mode);
     *     big runs leave them out to save memory, which changes no figure and no verdict
     */
    public record Options(long seed, long tickMs, boolean heartbeatMarks) {
        public static Options seed(long seed) {
            return new Options(seed, DEFAULT_TICK_MS, true);
        }
    }

    /** A happening; {@code cancelled} when a lifted latency toxic let its message through earlier. */
    private static final class Ev implements EventQueue.Timed {
        final long at;
        final long tie;
        final long seq;
        final int kind;
        final VirtualPeer peer;
        final int conn;
        final int msg;
        final String reason;
        boolean cancelled;

        Ev(long at, long tie, long seq, int kind, VirtualPeer peer, int conn, int msg, String reason) {
            this.at = at;
            this.tie = tie;
            this.seq = seq;
            this.kind = kind;
            this.peer = peer;
            this.conn = conn;
            this.msg = msg;
            this.reason = reason;
        }

        @Override
        public long at() {
            return at;
        }

        @Override
        public long tie() {
            return tie;
        }

        @Override
        public long seq() {
            return seq;
        }
    }

    private final Scenario scenario;
    private final SystemUnderTest sut;
    private final String sutName;
    private final Options options;
    private final Consumer<String> progress;
    private final SplittableRandom random;
    private final EventQueue<Ev> queue = new EventQueue<>();
    private long seq;
    private final VirtualPeer[] peers;
    private final Map<String, VirtualPeer> byId = new HashMap<>();
    private final SessionPolicy policy;
    private final List<FaultPlan.Planned> plan;
    private final List<PeerInput> pending = new ArrayList<>();
    private final List<Ev> reactions = new ArrayList<>();
    /** Messages a latency toxic holds back, per link: lifting the toxic lets them through at once. */
    private final Map<VirtualPeer.Link, List<Ev>> held = new IdentityHashMap<>();
    private long nowMs;
    private long sutNowMs;
    private int eventsSeen;
    private int loggedInBoth;
    private long zeroMs = -1;
    private final int loginBytesBase;

    private VirtualSimulation(Scenario scenario, SystemUnderTest sut, String sutName, Options options, Consumer<String> progress) {
        this.scenario = scenario;
        this.sut = sut;
        this.sutName = sutName;
        this.options = options;
        this.progress = progress;
        this.random = new SplittableRandom(options.seed());
        Scenario.Policy p = scenario.policy();
        this.policy = new SessionPolicy(p.heartbeatIntervalMs(), p.heartbeatTimeoutMs(), p.reconnectDelayMs(), p.autoReconnect());
        this.peers = new VirtualPeer[scenario.peers()];
        List<String> ids = scenario.peerIds();
        for (int i = 0; i < peers.length; i++) {
            peers[i] = new VirtualPeer(i, ids.get(i));
            byId.put(ids.get(i), peers[i]);
        }
        this.plan = FaultPlan.of(scenario);
        this.loginBytesBase = 8;
    }

    /** The scenario as a run with {@code seed} sees it: its random faults drawn from that seed. */
    public static Scenario seeded(Scenario scenario, long seed) {
        Scenario.RandomFaults r = scenario.randomFaults();
        if (r == null) {
            return scenario;
        }
        return new Scenario(scenario.name(), scenario.description(), scenario.peers(), scenario.policy(),
                scenario.resumeWindowMs(), scenario.durationMs(), scenario.faults(),
                new Scenario.RandomFaults(r.fraction(), seed, r.fromMs(), r.untilMs(), r.minDurationMs(), r.maxDurationMs()),
                scenario.expectations());
    }

    /** The seed a run uses when none is given: the scenario's random-fault seed, or 1. */
    public static long defaultSeed(Scenario scenario) {
        return scenario.randomFaults() == null ? 1 : scenario.randomFaults().seed();
    }

    /**
     * Runs {@code scenario} against {@code sut} (reset first, closed by the caller) and judges it as
     * the real-socket mode does. {@code sutName} is recorded in the result.
     */
    public static Simulation.Result run(Scenario scenario, SystemUnderTest sut, String sutName, Options options,
                                        Consumer<String> progress) {
        return new VirtualSimulation(seeded(scenario, options.seed()), sut, sutName, options, progress).run();
    }

    private Simulation.Result run() {
        sut.reset();
        Scenario.Policy p = scenario.policy();
        sut.startServer(ServerSpec.defaults()
                .withPolicy(new PolicySpec(p.heartbeatIntervalMs(), p.heartbeatTimeoutMs(), p.reconnectDelayMs(), p.autoReconnect()))
                .withResumeGraceMs(scenario.resumeWindowMs()));
        for (VirtualPeer peer : peers) {
            SessionStateMachine.Rules r = new SessionStateMachine.Rules(policy, (machine, e) -> {
                if (!options.heartbeatMarks() && (e.kind() == LifecycleEventKind.HEARTBEAT_SENT
                        || e.kind() == LifecycleEventKind.HEARTBEAT_RECEIVED)) {
                    return;
                }
                peer.marks.add(new Simulation.Mark(nowMs, "client", e.kind().specName(), e.previous().specName(),
                        e.current().specName(), e.reason()));
            });
            peer.client = new SessionStateMachine(PeerId.of(peer.id), r, 0);
            // Peers start over one heartbeat interval, as clients started one by one would, so that
            // their heartbeats spread over the interval.
            schedule(random.nextLong(Math.max(1, p.heartbeatIntervalMs())), START, peer, 0, 0, null);
        }
        long startupLimitMs = Math.max(STARTUP_MIN_MS, STARTUP_PER_PEER_MS * peers.length) + p.heartbeatIntervalMs();
        long nextTickMs = 0;
        long nextProgressMs = 0;
        long wallStartNs = System.nanoTime();
        String startup = null;
        while (true) {
            long t = queue.next(nextTickMs);
            if (zeroMs >= 0 && t >= zeroMs + scenario.durationMs()) {
                break;
            }
            if (zeroMs < 0 && t >= startupLimitMs) {
                startup = (peers.length - loggedInBoth) + " of " + peers.length + " peers not logged in on both sides after "
                        + startupLimitMs + " ms of virtual time";
                break;
            }
            nowMs = t;
            for (List<Ev> due = queue.take(t); !due.isEmpty(); due = queue.take(t)) {
                for (Ev e : due) {
                    handle(e);
                }
            }
            boolean evaluate = t == nextTickMs;
            if (evaluate) {
                nextTickMs += options.tickMs();
            }
            if (!pending.isEmpty() || evaluate) {
                flush(evaluate);
            }
            if (zeroMs < 0 && loggedInBoth == peers.length) {
                zeroMs = t;
                progress.accept(String.format("scenario clock started: %d peers logged in after %.1f s of virtual time",
                        peers.length, t / 1000.0));
                for (int i = 0; i < plan.size(); i++) {
                    FaultPlan.Planned f = plan.get(i);
                    schedule(zeroMs + f.startMs(), FAULT_ON, byId.get(f.peer()), i, 0, null);
                    if (f.endMs() > 0) {
                        schedule(zeroMs + f.endMs(), FAULT_OFF, byId.get(f.peer()), i, 0, null);
                    }
                }
            }
            if (zeroMs >= 0 && t - zeroMs >= nextProgressMs) {
                progress.accept(String.format("t=%5.1fs virtual  %.1f s wall", (t - zeroMs) / 1000.0,
                        (System.nanoTime() - wallStartNs) / 1e9));
                nextProgressMs += Math.max(10_000, scenario.durationMs() / 6);
            }
        }
        sut.stopServer();
        return analyse(startup, startup == null ? zeroMs : nowMs);
    }

    // ---- scheduling

    private void schedule(long at, int kind, VirtualPeer peer, int conn, int msg, String reason) {
        queue.add(new Ev(at, random.nextLong(), seq++, kind, peer, conn, msg, reason));
    }

    /** A delivery over a link: never before one scheduled earlier on the same link. */
    private Ev deliver(VirtualPeer.Link link, long at, int kind, VirtualPeer peer, int conn, int msg, String reason) {
        long tie;
        if (at <= link.lastArrivalMs) {
            at = link.lastArrivalMs;
            tie = link.lastTie;
        } else {
            tie = random.nextLong();
        }
        link.lastArrivalMs = at;
        link.lastTie = tie;
        Ev e = new Ev(at, tie, seq++, kind, peer, conn, msg, reason);
        queue.add(e);
        return e;
    }

    private void wake(VirtualPeer p, long at) {
        if (at < p.wakeAtMs) {
            p.wakeAtMs = at;
            schedule(at, WAKE, p, 0, 0, null);
        }
    }

    // ---- happenings

    private void handle(Ev e) {
        if (e.cancelled) {
            return;
        }
        VirtualPeer p = e.peer;
        switch (e.kind) {
            case START -> {
                dial(p);
                update(p);
            }
            case WAKE -> {
                if (e.at == p.wakeAtMs) {
                    p.wakeAtMs = Long.MAX_VALUE;
                    update(p);
                }
            }
            case TO_SERVER -> atServer(p, e.conn, e.msg);
            case TO_CLIENT -> atClient(p, e.conn, e.msg, e.reason);
            case FAULT_ON -> faultOn(e.conn);
            case FAULT_OFF -> faultOff(e.conn);
            case CUT -> {
                if (e.conn == p.clientConn || e.conn == p.serverConn) {
                    cut(p, e.conn, e.reason);
                }
            }
            default -> throw new IllegalStateException("unknown happening " + e.kind);
        }
    }

    /** What the reference client runtime's update does: time rules, a due heartbeat, a redial. */
    private void update(VirtualPeer p) {
        SessionStateMachine c = p.client;
        c.evaluate(nowMs);
        if (c.isHeartbeatDue(nowMs)) {
            c.heartbeatSent(nowMs);
            send(p, true, HEARTBEAT, HEARTBEAT_BYTES);
        }
        SessionState state = c.state();
        boolean wantsReconnect = state == SessionState.RECONNECTING
                || (state == SessionState.DISCONNECTED && p.dropped && policy.autoReconnect());
        if (wantsReconnect && nowMs >= p.redialNotBeforeMs && (p.failedAttempts == 0 || p.nextAttemptAtMs <= nowMs)) {
            redial(p);
            state = c.state();
            wantsReconnect = state == SessionState.RECONNECTING
                    || (state == SessionState.DISCONNECTED && p.dropped && policy.autoReconnect());
        }
        long next = Long.MAX_VALUE;
        if (c.hasDeadline()) {
            next = Math.min(next, Math.max(nowMs + 1, c.nextDeadlineMs()));
        }
        if (state == SessionState.LOGGED_IN) {
            next = Math.min(next, Math.max(nowMs + 1, c.heartbeatDueMs()));
        }
        if (wantsReconnect) {
            next = Math.min(next, Math.max(nowMs + 1, Math.max(p.nextAttemptAtMs, p.redialNotBeforeMs)));
        }
        if (next != Long.MAX_VALUE) {
            wake(p, next);
        }
        trackBoth(p);
    }

    private void redial(VirtualPeer p) {
        if (p.clientConn != 0) {
            int old = p.clientConn;
            p.clientConn = 0;
            sendOn(p, true, old, FIN, FIN_BYTES, null);
        }
        dial(p);
    }

    /** The client dials: refused while the proxy is disabled, else connected at once (data pays the toxics). */
    private void dial(VirtualPeer p) {
        if (p.disabled > 0) {
            p.failedAttempts++;
            long backoff = Math.min(30_000, Math.max(100, policy.reconnectDelayMs()) << Math.min(p.failedAttempts - 1, 16));
            p.nextAttemptAtMs = nowMs + backoff;
            p.client.reconnectFailed(nowMs, "attempt " + p.failedAttempts + " failed: connection refused");
            return;
        }
        p.failedAttempts = 0;
        p.dropped = false;
        int conn = ++p.lastConn;
        p.clientConn = conn;
        p.client.transportConnected(nowMs);
        // The proxy connects upstream at once: the server sees the connection now.
        if (p.serverConn != 0) {
            serverDisconnect(p, "superseded by a new connection of " + p.id);
        }
        p.serverConn = conn;
        p.fedConnectionChange = true;
        pending.add(PeerInput.of(PeerInput.Kind.CONNECT, p.id));
        p.client.loginStarted(nowMs);
        send(p, true, LOGIN, loginBytesBase + p.id.length());
    }

    private void serverDisconnect(VirtualPeer p, String reason) {
        p.serverConn = 0;
        p.fedConnectionChange = true;
        pending.add(new PeerInput(PeerInput.Kind.DISCONNECT, p.id, reason, null, null, null));
    }

    private void atServer(VirtualPeer p, int conn, int msg) {
        if (conn != p.serverConn) {
            return; // a connection the server no longer has: nothing arrives
        }
        switch (msg) {
            case LOGIN -> {
                pending.add(PeerInput.of(PeerInput.Kind.LOGIN_STARTED, p.id));
                pending.add(PeerInput.of(PeerInput.Kind.LOGIN_SUCCEEDED, p.id));
                reactions.add(new Ev(nowMs, 0, 0, TO_SERVER, p, conn, LOGIN, null));
            }
            case HEARTBEAT -> {
                pending.add(PeerInput.of(PeerInput.Kind.HEARTBEAT_RECEIVED, p.id));
                reactions.add(new Ev(nowMs, 0, 0, TO_SERVER, p, conn, HEARTBEAT, null));
            }
            case FIN -> serverDisconnect(p, "peer closed the connection");
            default -> throw new IllegalStateException("unknown message " + msg);
        }
    }

    private void atClient(VirtualPeer p, int conn, int msg, String reason) {
        if (conn != p.clientConn) {
            return;
        }
        SessionStateMachine c = p.client;
        switch (msg) {
            case ACCEPTED -> c.loginSucceeded(nowMs);
            case REFUSED -> c.loginFailed(nowMs, reason);
            case ACK -> c.heartbeatReceived(nowMs);
            case CLOSE -> clientDropped(p, reason);
            default -> throw new IllegalStateException("unknown message " + msg);
        }
        update(p);
    }

    private void clientDropped(VirtualPeer p, String reason) {
        p.clientConn = 0;
        p.dropped = true;
        // The client runtime notices the drop at once but redials at its host's next drive of it; the
        // real engine drives every client every 10 ms.
        p.redialNotBeforeMs = nowMs + CLIENT_DRIVE_MS;
        p.client.transportDisconnected(nowMs, reason);
    }

    // ---- the server: inputs in one step, then its events

    private void flush(boolean evaluate) {
        List<PeerInput> fed = List.copyOf(pending);
        pending.clear();
        List<EventView> events = sut.serverStep(nowMs - sutNowMs, fed, evaluate, eventsSeen);
        sutNowMs = nowMs;
        eventsSeen += events.size();
        sut.serverEventsRead(eventsSeen);
        for (EventView e : events) {
            VirtualPeer p = peer(e.peer());
            if (p == null) {
                continue;
            }
            if (e.kind().equals(EventView.REMOVED)) {
                p.serverState = null;
                p.marks.add(new Simulation.Mark(e.timeMs(), "server", e.kind(), e.previous(), e.current(), e.reason()));
                trackBoth(p);
                continue;
            }
            p.serverState = e.current();
            if (options.heartbeatMarks() || !e.kind().startsWith("Heartbeat")) {
                p.marks.add(new Simulation.Mark(e.timeMs(), "server", e.kind(), e.previous(), e.current(), e.reason()));
            }
            if (e.kind().equals("TimedOut") && p.serverConn != 0) {
                // The wire rule (docs/wire-protocol.md): a session that times out loses its connection.
                int conn = p.serverConn;
                p.serverConn = 0;
                sendOn(p, false, conn, CLOSE, FIN_BYTES, "closed by the server: " + e.reason());
            } else if (e.kind().equals("Disconnected") && !p.fedConnectionChange && p.serverConn != 0) {
                // The server dropped the peer by itself (not for a connect or disconnect fed in this
                // step): its connection closes.
                int conn = p.serverConn;
                p.serverConn = 0;
                sendOn(p, false, conn, CLOSE, FIN_BYTES, "closed by the server: " + e.reason());
            }
            trackBoth(p);
        }
        for (PeerInput input : fed) {
            peer(input.peer()).fedConnectionChange = false;
        }
        if (!reactions.isEmpty()) {
            List<Ev> now = new ArrayList<>(reactions);
            reactions.clear();
            for (Ev r : now) {
                VirtualPeer p = r.peer;
                if (r.conn != p.serverConn) {
                    continue;
                }
                if (r.msg == LOGIN) {
                    if ("LoggedIn".equals(p.serverState)) {
                        send(p, false, ACCEPTED, loginBytesBase + p.id.length() + TOKEN_BYTES);
                    } else {
                        sendOn(p, false, r.conn, REFUSED, loginBytesBase, "login refused: the server's session is "
                                + (p.serverState == null ? "gone" : p.serverState));
                    }
                } else if (isLive(p.serverState)) {
                    send(p, false, ACK, HEARTBEAT_BYTES);
                }
            }
        }
    }

    /** The peer a name the engine gave ("peer-N") belongs to, without hashing; null for another name. */
    private VirtualPeer peer(String id) {
        if (id.length() > 5 && id.startsWith("peer-")) {
            int n = 0;
            for (int i = 5; i < id.length(); i++) {
                char c = id.charAt(i);
                if (c < '0' || c > '9' || n > peers.length) {
                    return byId.get(id);
                }
                n = n * 10 + (c - '0');
            }
            if (n >= 1 && n <= peers.length && peers[n - 1].id.equals(id)) {
                return peers[n - 1];
            }
        }
        return byId.get(id);
    }

    private static boolean isLive(String state) {
        return "LoggedIn".equals(state) || "TransportConnected".equals(state) || "LoginPending".equals(state);
    }

    private void trackBoth(VirtualPeer p) {
        boolean both = "LoggedIn".equals(p.serverState) && p.client.state() == SessionState.LOGGED_IN;
        if (both != p.bothLoggedIn) {
            p.bothLoggedIn = both;
            loggedInBoth += both ? 1 : -1;
        }
    }

    // ---- the network

    private void send(VirtualPeer p, boolean upstream, int msg, int bytes) {
        int conn = upstream ? p.clientConn : p.serverConn;
        if (conn != 0) {
            sendOn(p, upstream, conn, msg, bytes, null);
        }
    }

    /** Data (or a close) on one direction of the peer's proxy, through the toxics on it. */
    private void sendOn(VirtualPeer p, boolean upstream, int conn, int msg, int bytes, String reason) {
        VirtualPeer.Link link = upstream ? p.up : p.down;
        long delay = 0;
        boolean latent = false;
        for (VirtualPeer.ActiveFault f : link.faults) {
            switch (f.toxic) {
                case "timeout" -> {
                    return; // blackholed
                }
                case "reset_peer" -> {
                    // Per connection, as Toxiproxy keeps a toxic per link: a new connection is reset too.
                    if (f.conn != conn) {
                        f.conn = conn;
                        schedule(nowMs + Math.max(MIN_HOP_MS, f.a), CUT, p, conn, 0, "connection reset by the proxy (reset_peer)");
                    }
                    return;
                }
                case "limit_data" -> {
                    if (f.conn != conn) {
                        f.conn = conn;
                        f.bytes = 0;
                    }
                    f.bytes += bytes;
                    if (f.bytes > f.a) {
                        schedule(nowMs + MIN_HOP_MS, CUT, p, conn, 0, "connection closed by the proxy (limit_data)");
                        return;
                    }
                }
                case "latency" -> {
                    delay += f.a + (f.b > 0 ? random.nextLong(-f.b, f.b + 1) : 0);
                    latent = true;
                }
                case "bandwidth" -> {
                    long start = Math.max(nowMs, link.busyUntilMs);
                    link.busyUntilMs = start + (bytes + f.a - 1) / Math.max(1, f.a);
                    delay += link.busyUntilMs - nowMs;
                }
                case "slow_close" -> delay += msg == FIN || msg == CLOSE ? f.a : 0;
                case "slicer" -> delay += (Math.max(0, (bytes + f.a - 1) / Math.max(1, f.a) - 1) * f.b) / 1000;
                default -> {
                }
            }
        }
        Ev e = deliver(link, nowMs + Math.max(MIN_HOP_MS, delay), upstream ? TO_SERVER : TO_CLIENT, p, conn, msg, reason);
        if (latent) {
            List<Ev> back = held.computeIfAbsent(link, k -> new ArrayList<>());
            if (back.size() >= 64) {
                back.removeIf(x -> x.at < nowMs);
            }
            back.add(e);
        } else {
            link.lastUnheldArrivalMs = link.lastArrivalMs;
            link.lastUnheldTie = link.lastTie;
        }
    }

    /**
     * A latency toxic was lifted from {@code link}: what it still holds goes through now, in order,
     * as Toxiproxy's latency toxic passes on the chunk it is delaying and everything behind it when
     * it is removed. With another latency toxic still on the link, everything stays where it is.
     */
    private void releaseHeld(VirtualPeer.Link link) {
        if (link.faults.stream().anyMatch(f -> f.toxic.equals("latency"))) {
            return;
        }
        List<Ev> back = held.remove(link);
        if (back == null) {
            return;
        }
        link.lastArrivalMs = link.lastUnheldArrivalMs;
        link.lastTie = link.lastUnheldTie;
        for (Ev e : back) {
            if (e.at > nowMs + MIN_HOP_MS) {
                e.cancelled = true;
                deliver(link, nowMs + MIN_HOP_MS, e.kind, e.peer, e.conn, e.msg, e.reason);
            } else if (e.at > link.lastArrivalMs) {
                link.lastArrivalMs = e.at;
                link.lastTie = e.tie;
            }
        }
        link.lastUnheldArrivalMs = link.lastArrivalMs;
        link.lastUnheldTie = link.lastTie;
    }

    /** The proxy closes a connection: both ends see it now. */
    private void cut(VirtualPeer p, int conn, String reason) {
        if (p.clientConn == conn) {
            clientDropped(p, reason);
            update(p);
        }
        if (p.serverConn == conn) {
            serverDisconnect(p, reason);
        }
    }

    private void faultOn(int index) {
        FaultPlan.Planned f = plan.get(index);
        VirtualPeer p = byId.get(f.peer());
        Scenario.Fault spec = f.spec();
        Map<String, Long> a = spec.attributes();
        if (spec.toxic().equals("disable")) {
            p.disabled++;
            int conn = p.clientConn != 0 ? p.clientConn : p.serverConn;
            if (conn != 0) {
                cut(p, conn, "connection closed by the proxy (disabled)");
            }
            if (p.serverConn != 0) {
                cut(p, p.serverConn, "connection closed by the proxy (disabled)");
            }
            return;
        }
        long first;
        long second;
        switch (spec.toxic()) {
            case "latency" -> {
                first = a.getOrDefault("latency", 0L);
                second = a.getOrDefault("jitter", 0L);
            }
            case "timeout", "reset_peer" -> {
                first = a.getOrDefault("timeout", 0L);
                second = 0;
            }
            case "bandwidth" -> {
                first = a.getOrDefault("rate", 0L);
                second = 0;
            }
            case "slow_close" -> {
                first = a.getOrDefault("delay", 0L);
                second = 0;
            }
            case "limit_data" -> {
                first = a.getOrDefault("bytes", 0L);
                second = 0;
            }
            case "slicer" -> {
                first = Math.max(1, a.getOrDefault("average_size", 1L));
                second = a.getOrDefault("delay", 0L);
            }
            default -> throw new IllegalStateException("unknown toxic " + spec.toxic());
        }
        for (VirtualPeer.Link link : links(p, spec.stream())) {
            link.faults.add(new VirtualPeer.ActiveFault(index, spec.toxic(), first, second));
        }
        if (spec.toxic().equals("timeout") && first > 0) {
            int conn = p.clientConn;
            if (conn != 0) {
                schedule(nowMs + first, CUT, p, conn, 0, "connection closed by the proxy (timeout)");
            }
        }
    }

    private void faultOff(int index) {
        FaultPlan.Planned f = plan.get(index);
        VirtualPeer p = byId.get(f.peer());
        String toxic = f.spec().toxic();
        if (toxic.equals("disable")) {
            p.disabled--;
            return;
        }
        for (VirtualPeer.Link link : links(p, f.spec().stream())) {
            link.faults.removeIf(x -> x.planIndex == index);
            if (toxic.equals("latency")) {
                releaseHeld(link);
            }
        }
        if (toxic.equals("timeout")) {
            // Toxiproxy cannot replay what it dropped: lifting a timeout closes the connection.
            int conn = p.clientConn != 0 ? p.clientConn : p.serverConn;
            if (conn != 0) {
                cut(p, conn, "connection closed by the proxy (timeout lifted)");
            }
        }
    }

    private static List<VirtualPeer.Link> links(VirtualPeer p, String stream) {
        return switch (stream == null ? "both" : stream) {
            case "upstream" -> List.of(p.up);
            case "downstream" -> List.of(p.down);
            default -> List.of(p.up, p.down);
        };
    }

    // ---- the result, judged by the same code as the real-socket mode's

    private Simulation.Result analyse(String startup, long zero) {
        long end = scenario.durationMs();
        List<Simulation.FaultMark> faults = new ArrayList<>();
        if (startup == null) {
            for (FaultPlan.Planned f : plan) {
                long plannedEnd = f.endMs() == 0 ? end : f.endMs();
                boolean ended = f.endMs() > 0 && f.endMs() < end;
                faults.add(new Simulation.FaultMark(f.fault(), f.peer(), f.spec().toxic(), f.startMs(), ended ? f.endMs() : end,
                        f.startMs(), plannedEnd, f.startMs() < end, ended, null));
            }
        }
        Map<String, List<Simulation.Mark>> lines = new TreeMap<>();
        for (VirtualPeer p : peers) {
            List<Simulation.Mark> marks = new ArrayList<>(p.marks.size());
            for (Simulation.Mark m : p.marks) {
                marks.add(new Simulation.Mark(m.tMs() - zero, m.side(), m.event(), m.from(), m.to(), m.reason()));
            }
            // Client and server marks were gathered apart; order them by time, client first at a tie.
            marks.sort((a, b) -> a.tMs() != b.tMs() ? Long.compare(a.tMs(), b.tMs()) : 0);
            lines.put(p.id, marks);
        }
        Simulation.Summary summary = SimulationAnalysis.summary(scenario, lines, faults, List.of(), Long.MAX_VALUE);
        List<Simulation.Verdict> verdicts = new ArrayList<>();
        if (startup != null) {
            verdicts.add(new Simulation.Verdict("every peer logs in before the scenario clock starts", false, startup));
        }
        verdicts.addAll(SimulationAnalysis.verdicts(scenario, lines, faults));
        return new Simulation.Result(scenario.name(), "none (virtual time)", end, zero, summary, verdicts, faults, List.of(),
                List.of(), lines, "virtual", sutName, options.seed());
    }
}
