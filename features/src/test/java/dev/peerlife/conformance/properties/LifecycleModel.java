package dev.peerlife.conformance.properties;

import dev.peerlife.conformance.spi.EventView;
import dev.peerlife.conformance.spi.PolicySpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An executable model of the per-session rules for a server host, written from REQUIREMENTS.md
 * (NSL-1..8, MSL-1..4) and the documented decisions where the requirements are silent
 * (docs/state-machine.md, docs/identity-and-reconnect.md), not from the reference code. It predicts
 * every peer's state and events after each step. Pure: no clock, no threads, no I/O.
 */
public final class LifecycleModel {

    private static final Set<String> LIVE = Set.of("TransportConnected", "LoginPending", "LoggedIn");
    private static final Set<String> RESUMABLE = Set.of("Disconnected", "TimedOut", "ReconnectPending", "Reconnecting");

    /** What the model knows of one session. */
    public static final class Peer {
        public String state = "Disconnected";
        long liveness;
        long reconnectDue;
        boolean heartbeatSentOnConnection;
        long lastHeartbeatSent;
        public Long rttMs;
        public Long lastServerTick;
        public String failureReason;
    }

    private final PolicySpec policy;
    private long now;
    private final Map<String, Peer> sessions = new TreeMap<>();
    private final List<EventView> events = new ArrayList<>();

    public LifecycleModel(PolicySpec policy) {
        this.policy = policy;
    }

    public Map<String, Peer> sessions() {
        return sessions;
    }

    public List<EventView> events() {
        return events;
    }

    public List<EventView> eventsOf(String peer) {
        return events.stream().filter(e -> e.peer().equals(peer)).toList();
    }

    public void apply(Step step) {
        String name = step.peerName();
        Peer p = sessions.get(name);
        switch (step.kind()) {
            case ADVANCE -> now += step.amount();
            case EVALUATE -> sessions.forEach(this::evaluate);
            case RESTART -> {
                for (String peer : List.copyOf(sessions.keySet())) {
                    remove(peer, "host stopped");
                }
            }
            case CONNECT -> {
                if (p == null) {
                    p = new Peer();
                    sessions.put(name, p);
                }
                if (RESUMABLE.contains(p.state)) {
                    connected(name, p);
                }
            }
            case SEND -> {
                if (p != null && LIVE.contains(p.state)) {
                    p.liveness = now;
                } else if (p != null && RESUMABLE.contains(p.state)) {
                    connected(name, p);
                }
            }
            case DISCONNECT -> {
                if (p != null && !p.state.equals("Disconnected")) {
                    move(name, p, "Disconnected", "Disconnected", "peer closed the connection");
                }
            }
            case LOGIN_STARTED -> {
                if (p != null && (p.state.equals("TransportConnected") || p.state.equals("LoginFailed"))) {
                    move(name, p, "LoginStarted", "LoginPending", null);
                }
            }
            case LOGIN_SUCCEEDED -> {
                if (p != null && p.state.equals("LoginPending")) {
                    p.liveness = now;
                    move(name, p, "LoginSucceeded", "LoggedIn", null);
                }
            }
            case LOGIN_FAILED -> {
                if (p != null && p.state.equals("LoginPending")) {
                    p.liveness = now;
                    p.failureReason = step.reason();
                    move(name, p, "LoginFailed", "LoginFailed", step.reason());
                }
            }
            case HEARTBEAT_SENT -> {
                if (p != null && p.state.equals("LoggedIn")) {
                    p.lastHeartbeatSent = now;
                    p.heartbeatSentOnConnection = true;
                    move(name, p, "HeartbeatSent", p.state, null);
                }
            }
            case HEARTBEAT_RECEIVED -> {
                if (p != null && LIVE.contains(p.state)) {
                    p.liveness = now;
                    if (p.heartbeatSentOnConnection) {
                        p.rttMs = now - p.lastHeartbeatSent;
                    }
                    if (step.hasTick()) {
                        p.lastServerTick = step.amount();
                    }
                    move(name, p, "HeartbeatReceived", p.state, null);
                }
            }
            case REMOVE -> {
                if (p != null) {
                    remove(name, step.reason());
                }
            }
        }
    }

    private void connected(String name, Peer p) {
        p.liveness = now;
        p.heartbeatSentOnConnection = false;
        move(name, p, "TransportConnected", "TransportConnected", null);
    }

    /** NSL-6 and NSL-7, applied until nothing more is due. */
    private void evaluate(String name, Peer p) {
        while (true) {
            if (LIVE.contains(p.state) && now - p.liveness >= policy.heartbeatTimeoutMs()) {
                p.failureReason = "timeout";
                move(name, p, "TimedOut", "TimedOut", "timeout");
            } else if (p.state.equals("TimedOut") && policy.autoReconnect()) {
                p.reconnectDue = now + policy.reconnectDelayMs();
                move(name, p, "ReconnectScheduled", "ReconnectPending", "reconnect");
            } else if (p.state.equals("ReconnectPending") && now >= p.reconnectDue) {
                move(name, p, "ReconnectStarted", "Reconnecting", null);
            } else {
                return;
            }
        }
    }

    private void remove(String name, String reason) {
        Peer p = sessions.remove(name);
        if (!p.state.equals("Disconnected")) {
            move(name, p, "Disconnected", "Disconnected", reason);
        }
    }

    private void move(String name, Peer p, String kind, String to, String reason) {
        events.add(new EventView(name, kind, p.state, to, now, reason));
        p.state = to;
    }
}
