package dev.peerlife.conformance.properties;

import dev.peerlife.conformance.spi.EventView;
import dev.peerlife.conformance.spi.PolicySpec;
import dev.peerlife.conformance.spi.SessionView;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The spec's per-session rules (NSL-1..3), checked step by step on a recorded run, accepting every
 * behaviour the spec allows:
 * <ul>
 *   <li>a transport connect is TransportConnected or LoginPending, never LoggedIn; a login start
 *       leads to LoginPending; only an accepted login success leads to LoggedIn, as its own event;
 *       a login failure on a live transport is LoginFailed with its reason;
 *   <li>heartbeats never change the state; a heartbeat answer with exactly one heartbeat in flight
 *       sets the RTT to the time since it was sent; a server tick not lower than the last is the
 *       session's last server tick;
 *   <li>a live session times out at the first evaluation at or after its heartbeat timeout, and not
 *       before; whether a login start or result refreshes liveness is not settled by the spec, so the
 *       deadline is only pinned between the last undisputed signal and the last signal of any kind;
 *   <li>with auto-reconnect a timed-out session moves on to ReconnectPending or Reconnecting (by the
 *       next evaluation at the latest), never Reconnecting before the reconnect delay has passed since
 *       it was scheduled; without it, it stays TimedOut;
 *   <li>time passing alone changes nothing; every event carries the time of the step that caused it.
 * </ul>
 * A session that disappears at an evaluation (evicted) is not judged here: that a live session is
 * never dropped is MSL-2's property, and when a session that left the live states goes is REF-10's.
 * A peer whose session changes on a step addressed to another peer is an isolation fault (MSL, PRO),
 * judged by other properties; this checker stops judging that peer rather than blame an NSL rule.
 */
public final class SpecChecker {

    private static final Set<String> LIVE = Set.of("TransportConnected", "LoginPending", "LoggedIn");
    private static final Set<String> TIMED = Set.of("TimedOut", "ReconnectPending", "Reconnecting");

    private final PolicySpec policy;

    public SpecChecker(PolicySpec policy) {
        this.policy = policy;
    }

    /** What the checker knows of one peer. */
    private static final class Track {
        String observed;
        boolean tracked = true;
        long lMin;
        long lMax;
        boolean loginAccepted;
        final List<Long> inFlight = new ArrayList<>();
        Long scheduledAt;
        Long tick;

        void connected(long t) {
            lMin = t;
            lMax = t;
            loginAccepted = false;
            inFlight.clear();
            scheduledAt = null;
        }
    }

    /** The first violation of the spec's per-session rules in the run, if any. */
    public Optional<PropertyFailure> check(HistoryRunner.Run run) {
        Map<String, Track> tracks = new HashMap<>();
        for (int i = 0; i < 8; i++) {
            tracks.put("p" + i, new Track());
        }
        try {
            for (HistoryRunner.StepRecord r : run.records()) {
                step(r, tracks);
            }
        } catch (PropertyFailure f) {
            return Optional.of(f);
        }
        return Optional.empty();
    }

    private void step(HistoryRunner.StepRecord r, Map<String, Track> tracks) {
        long t = r.timeMs();
        for (EventView e : r.events()) {
            if (e.timeMs() != t) {
                fail("NSL-1", r, "event " + line(e) + " carries time " + e.timeMs() + ", but the step that caused it happened at "
                        + t, "every server event carries the time of the step that caused it");
            }
            if (e.kind().startsWith("Heartbeat") && !e.previous().equals(e.current())) {
                fail("NSL-2", r, "a heartbeat changed the state of " + e.peer() + ": " + line(e),
                        "every heartbeat event of peer \"" + e.peer() + "\" keeps the state " + e.previous());
            }
        }
        Step s = r.step();
        tracks.forEach((p, tr) -> {
            String now = state(r, p);
            boolean ownEvent = r.events().stream().anyMatch(e -> e.peer().equals(p) && e.current().equals(now));
            if (tr.tracked && now != null && tr.observed != null && !now.equals(tr.observed) && !ownEvent) {
                tr.tracked = false; // its reported state changed with no event of its own: a reporting or isolation fault
            }
        });
        switch (s.kind()) {
            case RESTART -> {
                tracks.values().forEach(tr -> {
                    tr.observed = null;
                    tr.tracked = true;
                });
                return;
            }
            case ADVANCE -> tracks.forEach((p, tr) -> {
                if (tr.tracked && !Objects.equals(tr.observed, state(r, p))) {
                    fail("NSL-2", r, "time passing alone changed " + p + " from " + tr.observed + " to " + state(r, p),
                            expectState(p, tr.observed));
                }
            });
            case EVALUATE -> tracks.forEach((p, tr) -> evaluated(r, p, tr));
            default -> {
                String target = s.peerName();
                tracks.forEach((p, tr) -> {
                    if (!p.equals(target) && tr.tracked
                            && (!Objects.equals(tr.observed, state(r, p)) || r.events().stream().anyMatch(e -> e.peer().equals(p)))) {
                        tr.tracked = false; // an isolation fault, judged elsewhere
                    }
                });
                Track tr = tracks.get(target);
                if (tr.tracked) {
                    input(r, target, tr);
                }
            }
        }
        tracks.forEach((p, tr) -> {
            String now = state(r, p);
            if (tr.tracked && "LoggedIn".equals(now) && !tr.loginAccepted && !"LoggedIn".equals(tr.observed)) {
                fail("NSL-1", r, p + " is LoggedIn with no accepted login success", "peer \"" + p
                        + "\" is in one of the states TransportConnected, LoginPending");
            }
            tr.observed = now;
            SessionView view = r.sessions().get(p);
            tr.tick = view == null ? null : view.lastServerTick();
        });
    }

    private void input(HistoryRunner.StepRecord r, String p, Track tr) {
        long t = r.timeMs();
        Step s = r.step();
        String pre = tr.observed;
        String post = state(r, p);
        SessionView view = r.sessions().get(p);
        List<EventView> mine = r.events().stream().filter(e -> e.peer().equals(p)).toList();
        switch (s.kind()) {
            case CONNECT -> {
                if (pre == null || pre.equals("Disconnected")) {
                    if (!"TransportConnected".equals(post) && !"LoginPending".equals(post)) {
                        fail("NSL-1", r, p + " connected and is " + post, "peer \"" + p
                                + "\" is in one of the states TransportConnected, LoginPending");
                    }
                    tr.connected(t);
                }
            }
            case DISCONNECT -> {
                if (pre != null && !pre.equals("Disconnected") && post != null && !post.equals("Disconnected")) {
                    fail("NSL-3", r, p + "'s transport dropped and its session is " + post,
                            "peer \"" + p + "\" has no session or is in state Disconnected");
                }
            }
            case SEND -> {
                if (pre != null && LIVE.contains(pre)) {
                    if (!pre.equals(post)) {
                        fail("NSL-1", r, "a message from " + p + " changed its state from " + pre + " to " + post, expectState(p, pre));
                    }
                    tr.lMin = t;
                    tr.lMax = t;
                }
            }
            case LOGIN_STARTED -> {
                if ("TransportConnected".equals(pre) && !"LoginPending".equals(post)) {
                    fail("NSL-1", r, p + " started logging in and is " + post, "peer \"" + p + "\" is in state LoginPending");
                }
                if (pre != null && LIVE.contains(pre)) {
                    tr.lMax = t;
                }
            }
            case LOGIN_SUCCEEDED -> {
                if ("LoginPending".equals(pre)) {
                    boolean event = mine.stream().anyMatch(e -> e.kind().equals("LoginSucceeded")
                            && e.previous().equals("LoginPending") && e.current().equals("LoggedIn"));
                    if (!"LoggedIn".equals(post) || !event) {
                        fail("NSL-1", r, p + "'s login succeeded; it is " + post + " with events " + lines(mine),
                                "peer \"" + p + "\" is in state LoggedIn",
                                "the last event of peer \"" + p + "\" is LoginSucceeded from LoginPending to LoggedIn");
                    }
                }
                if ("LoggedIn".equals(post)) {
                    tr.loginAccepted = true;
                }
                if (pre != null && LIVE.contains(pre)) {
                    tr.lMax = t;
                }
            }
            case LOGIN_FAILED -> {
                if ("LoginPending".equals(pre)) {
                    boolean event = mine.stream().anyMatch(e -> e.kind().equals("LoginFailed") && s.reason().equals(e.reason()));
                    if (!"LoginFailed".equals(post) || view == null || !s.reason().equals(view.lastFailureReason()) || !event) {
                        fail("NSL-3", r, p + "'s login failed (" + s.reason() + "); it is " + post + " with failure reason "
                                + (view == null ? null : view.lastFailureReason()) + " and events " + lines(mine),
                                "peer \"" + p + "\" is in state LoginFailed with failure reason \"" + s.reason() + "\"",
                                "the events of peer \"" + p + "\" include LoginFailed");
                    }
                }
                if (pre != null && LIVE.contains(pre) && ("Disconnected".equals(post) || "TimedOut".equals(post))) {
                    fail("NSL-3", r, "a failed login on a live transport left " + p + " " + post,
                            "peer \"" + p + "\" is in state LoginFailed with failure reason \"" + s.reason() + "\"");
                }
                if (pre != null && LIVE.contains(pre)) {
                    tr.lMax = t;
                }
            }
            case HEARTBEAT_SENT -> {
                if (!Objects.equals(pre, post)) {
                    fail("NSL-2", r, "a heartbeat sent moved " + p + " from " + pre + " to " + post, expectState(p, pre));
                }
                if ("LoggedIn".equals(pre)) {
                    tr.inFlight.add(t);
                }
            }
            case HEARTBEAT_RECEIVED -> {
                if (!Objects.equals(pre, post)) {
                    fail("NSL-2", r, "a heartbeat received moved " + p + " from " + pre + " to " + post, expectState(p, pre));
                }
                if (pre != null && LIVE.contains(pre)) {
                    tr.lMin = t;
                    tr.lMax = t;
                    if (tr.inFlight.size() == 1) {
                        long rtt = t - tr.inFlight.get(0);
                        if (view == null || !Long.valueOf(rtt).equals(view.rttMs())) {
                            fail("NSL-2", r, p + " answered its one heartbeat in flight after " + rtt + " ms but reports RTT "
                                    + (view == null ? null : view.rttMs()), "peer \"" + p + "\" has RTT " + rtt + " ms");
                        }
                    }
                    tr.inFlight.clear();
                    Long before = tr.tick;
                    if (s.hasTick() && (before == null || s.amount() >= before)
                            && (view == null || !Long.valueOf(s.amount()).equals(view.lastServerTick()))) {
                        fail("NSL-2", r, p + " received server tick " + s.amount() + " but reports "
                                + (view == null ? null : view.lastServerTick()), "peer \"" + p + "\" has last server tick " + s.amount());
                    }
                }
            }
            default -> {
            }
        }
    }

    private void evaluated(HistoryRunner.StepRecord r, String p, Track tr) {
        if (!tr.tracked || tr.observed == null) {
            return;
        }
        long t = r.timeMs();
        String pre = tr.observed;
        String post = state(r, p);
        List<EventView> mine = r.events().stream().filter(e -> e.peer().equals(p)).toList();
        for (EventView e : mine) {
            if (e.kind().equals("ReconnectScheduled")) {
                tr.scheduledAt = t;
            }
            if (e.kind().equals("ReconnectStarted") && (tr.scheduledAt == null || t - tr.scheduledAt < policy.reconnectDelayMs())) {
                fail("NSL-3", r, p + " started reconnecting at " + t + ", before the reconnect delay of "
                        + policy.reconnectDelayMs() + " ms had passed since it was scheduled (" + tr.scheduledAt + ")",
                        "peer \"" + p + "\" is in one of the states TimedOut, ReconnectPending");
            }
        }
        if (post == null) {
            return; // the session is gone (evicted): whether and when is the resume window's business (MSL-2, REF-10)
        }
        if (LIVE.contains(pre)) {
            boolean due = t - tr.lMax >= policy.heartbeatTimeoutMs();
            boolean early = t - tr.lMin < policy.heartbeatTimeoutMs();
            if (due && post != null && LIVE.contains(post)) {
                fail("NSL-2", r, p + " has had no liveness signal since " + tr.lMax + " (timeout " + policy.heartbeatTimeoutMs()
                        + " ms) and is still " + post + " at " + t,
                        "peer \"" + p + "\" is in one of the states TimedOut, ReconnectPending, Reconnecting");
            }
            if (early && !pre.equals(post)) {
                fail(post != null && TIMED.contains(post) ? "NSL-2" : "NSL-3", r, "an evaluation at " + t + " moved " + p + " from "
                        + pre + " to " + post + ", before its timeout (last liveness " + tr.lMin + ")", expectState(p, pre));
            }
            if (post != null && !LIVE.contains(post)) {
                if (!TIMED.contains(post)) {
                    fail("NSL-3", r, p + " timed out into " + post,
                            "peer \"" + p + "\" is in one of the states TimedOut, ReconnectPending, Reconnecting");
                }
                if (mine.stream().noneMatch(e -> e.kind().equals("TimedOut"))) {
                    fail("NSL-2", r, p + " left " + pre + " for " + post + " with no TimedOut event: " + lines(mine),
                            "the events of peer \"" + p + "\" include TimedOut");
                }
                if (!policy.autoReconnect() && !post.equals("TimedOut")) {
                    fail("NSL-3", r, p + " moved on to " + post + " without auto-reconnect", "peer \"" + p + "\" is in state TimedOut");
                }
            }
        } else if (pre.equals("TimedOut")) {
            if (policy.autoReconnect() && !"ReconnectPending".equals(post) && !"Reconnecting".equals(post)) {
                fail("NSL-3", r, p + " is still " + post + " an evaluation after it timed out, with auto-reconnect on",
                        "peer \"" + p + "\" is in one of the states ReconnectPending, Reconnecting");
            }
            if (!policy.autoReconnect() && !"TimedOut".equals(post)) {
                fail("NSL-3", r, p + " left TimedOut for " + post + " without auto-reconnect", "peer \"" + p + "\" is in state TimedOut");
            }
        } else if (pre.equals("ReconnectPending") && !"ReconnectPending".equals(post) && !"Reconnecting".equals(post)) {
            fail("NSL-3", r, "an evaluation moved " + p + " from ReconnectPending to " + post,
                    "peer \"" + p + "\" is in one of the states ReconnectPending, Reconnecting");
        }
    }

    private static String state(HistoryRunner.StepRecord r, String p) {
        SessionView v = r.sessions().get(p);
        return v == null ? null : v.state();
    }

    private static String expectState(String p, String state) {
        return state == null ? "peer \"" + p + "\" has no session" : "peer \"" + p + "\" is in state " + state;
    }

    private static void fail(String id, HistoryRunner.StepRecord r, String message, String... expectations) {
        throw new PropertyFailure(Set.of(id), r.index(), "after step " + r.index() + " (" + r.step() + ", at " + r.timeMs()
                + " ms): " + message, List.of(expectations));
    }

    static String line(EventView e) {
        return e.peer() + ": " + e.kind() + " " + e.previous() + "->" + e.current() + " @" + e.timeMs()
                + (e.reason() == null ? "" : " (" + e.reason() + ")");
    }

    private static List<String> lines(List<EventView> events) {
        return events.stream().map(SpecChecker::line).toList();
    }
}
