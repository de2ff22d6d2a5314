package dev.peerlife.simulator;

import dev.peerlife.simulator.Simulation.FaultMark;
import dev.peerlife.simulator.Simulation.Mark;
import dev.peerlife.simulator.Simulation.Summary;
import dev.peerlife.simulator.Simulation.Verdict;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * From what a run recorded (every peer's state changes and when each fault really was on) to the
 * summary figures and each expectation's verdict. Pure: it does not care which engine produced the
 * timelines, so a run on virtual time can be judged by the same code. Every time is ms on the
 * scenario clock, which starts once every peer is logged in; what happens at or after the
 * scenario's duration (the teardown) does not count; expectation windows count from when a fault
 * really began and ended, not from when it was planned.
 */
public final class SimulationAnalysis {

    private SimulationAnalysis() {
    }

    /** The summary figures of a run. {@code calls}: the fault control's Toxiproxy calls. */
    public static Summary summary(Scenario scenario, Map<String, List<Mark>> lines, List<FaultMark> faults,
                                  List<Simulation.ToxiproxyCall> calls, long slowCallMs) {
        long end = scenario.durationMs();
        Set<String> faulted = faultedPeers(faults);
        int timeouts = 0;
        int reconnects = 0;
        int falseTimeouts = 0;
        for (Map.Entry<String, List<Mark>> e : lines.entrySet()) {
            int logins = 0;
            for (Mark m : e.getValue()) {
                if (m.tMs() >= end) {
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
            if (!f.started()) {
                continue;
            }
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
                if (f.ended()) {
                    for (Mark m : line) {
                        if (m.side().equals("server") && m.tMs() >= f.endMs() && m.tMs() < end && m.event().equals("LoginSucceeded")) {
                            recovery.add(m.tMs() - f.endMs());
                            break;
                        }
                    }
                }
            }
        }
        int slow = 0;
        Long longest = null;
        for (Simulation.ToxiproxyCall c : calls) {
            long took = c.durationMs() == null ? Math.max(0, end - c.startedMs()) : c.durationMs();
            if (c.durationMs() == null || took >= slowCallMs) {
                slow++;
            }
            longest = longest == null ? took : Math.max(longest, took);
        }
        return new Summary(scenario.peers(), faults.size(), timeouts, reconnects, percentile(detection, 50),
                percentile(detection, 99), percentile(recovery, 50), percentile(recovery, 99), falseTimeouts,
                scenario.peers() - faulted.size(), slow, longest);
    }

    /** Each of the scenario's expectations, judged. */
    public static List<Verdict> verdicts(Scenario scenario, Map<String, List<Mark>> lines, List<FaultMark> faults) {
        List<Verdict> verdicts = new ArrayList<>();
        Set<String> faulted = faultedPeers(faults);
        for (Scenario.Expectation x : scenario.expectations()) {
            verdicts.add(check(x, lines, faults, faulted, scenario.durationMs()));
        }
        return verdicts;
    }

    private static Set<String> faultedPeers(List<FaultMark> faults) {
        Set<String> faulted = new HashSet<>();
        faults.forEach(f -> faulted.add(f.peer()));
        return faulted;
    }

    static Verdict check(Scenario.Expectation x, Map<String, List<Mark>> lines, List<FaultMark> faults,
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
                    if (!m.side().equals(x.side()) || m.tMs() >= end) {
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
        long reference;
        String note = "";
        if (x.after().equals("start")) {
            reference = 0;
        } else {
            String[] parts = x.after().split(":");
            int fault = Integer.parseInt(parts[1]);
            FaultMark mark = faults.stream().filter(f -> f.fault() == fault).findFirst().orElse(null);
            if (mark == null || !mark.started()) {
                return new Verdict(text, false, "fault " + fault + " never started" + (mark == null || mark.note() == null ? "" : ": " + mark.note()));
            }
            boolean atEnd = parts.length == 3;
            if (atEnd && !mark.ended()) {
                return new Verdict(text, false, "fault " + fault + " was not lifted before the end of the run"
                        + (mark.note() == null ? "" : ": " + mark.note()));
            }
            reference = atEnd ? mark.endMs() : mark.startMs();
            long planned = atEnd ? mark.plannedEndMs() : mark.plannedStartMs();
            if (reference - planned > 100) {
                note = " (the fault " + (atEnd ? "ended" : "began") + " at " + reference + " ms, " + (reference - planned)
                        + " ms after planned)";
            }
        }
        List<String> seen = new ArrayList<>();
        for (Mark m : lines.get(x.peer())) {
            if (!m.side().equals(x.side()) || m.tMs() < reference) {
                continue;
            }
            if (m.to().equals(x.state()) && m.tMs() - reference <= x.withinMs()) {
                return new Verdict(text, true, "at +" + (m.tMs() - reference) + " ms" + note);
            }
            seen.add(m.to() + "@+" + (m.tMs() - reference));
        }
        return new Verdict(text, false, "not reached; states after the reference: " + (seen.isEmpty() ? "none" : seen) + note);
    }

    /**
     * noSupersededConnection: no client-side disconnect whose reason says the server superseded the
     * connection (a late or stale login took over a live one). noLoginRefused: no client-side
     * LoginFailed from {@code after} on (a lockout).
     */
    private static Verdict checkClientRecords(Scenario.Expectation x, Map<String, List<Mark>> lines, List<FaultMark> faults, long end) {
        boolean superseded = x.type().equals("noSupersededConnection");
        String who = x.peer() == null ? "no client" : x.peer() + " never";
        String text = superseded ? who + " has its connection superseded by another"
                : who + " has a login refused" + (x.after().equals("start") ? "" : " after " + x.after());
        long from = 0;
        if (!x.after().equals("start")) {
            String[] parts = x.after().split(":");
            int fault = Integer.parseInt(parts[1]);
            FaultMark mark = faults.stream().filter(f -> f.fault() == fault).findFirst().orElse(null);
            if (mark == null || !mark.started() || (parts.length == 3 && !mark.ended())) {
                return new Verdict(text, false, "fault " + fault + (mark == null || !mark.started() ? " never started" : " was not lifted before the end of the run")
                        + (mark == null || mark.note() == null ? "" : ": " + mark.note()));
            }
            from = parts.length == 3 ? mark.endMs() : mark.startMs();
        }
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, List<Mark>> e : lines.entrySet()) {
            if (x.peer() != null && !x.peer().equals(e.getKey())) {
                continue;
            }
            for (Mark m : e.getValue()) {
                if (!m.side().equals("client") || m.tMs() < from || m.tMs() >= end) {
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

    static Long percentile(List<Long> values, int p) {
        if (values.isEmpty()) {
            return null;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
