package dev.peerlife.conformance.properties;

import dev.peerlife.conformance.spi.PolicySpec;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes a failed property's history as a Gherkin scenario in the suite's own steps: the server
 * with the history's policy, each step played up to the one where the failure was seen, then the
 * expectations the failure names (states, events with their times and reasons, RTT, server tick, or
 * a property-level check such as "each peer behaves as if it were alone"). It is tagged with the
 * IDs the failure is blamed on. Copied into features/src/main/resources/features/, it fails the
 * implementation it was found on and passes a correct one.
 */
public final class GherkinExport {

    private GherkinExport() {
    }

    public static String feature(PropertyFailure failure, String property, String seed, String sut) {
        StringBuilder out = new StringBuilder();
        out.append("Feature: Counterexample found by the property ").append(property).append('\n');
        out.append("  Found against '").append(sut).append("' with seed ").append(seed)
                .append("; shrunk and exported by PropertyHooks.\n");
        out.append("  ").append(firstLine(failure.getMessage())).append("\n\n");
        out.append("  ").append(failure.blamed().stream().map(id -> "@" + id).collect(Collectors.joining(" ")))
                .append(" @counterexample\n");
        out.append("  Scenario: ").append(property).append(" counterexample, seed ").append(seed).append('\n');
        out.append(scenarioBody(failure.setup(), failure.stepsToReplay(), failure.expectations()));
        return out.toString();
    }

    static String scenarioBody(HistoryRunner.Setup setup, List<Step> steps, List<String> expectations) {
        StringBuilder out = new StringBuilder();
        PolicySpec p = setup.policy();
        if (setup.originMs() > 0) {
            out.append("    Given ").append(setup.originMs()).append(" ms pass\n");
        }
        out.append("    Given a server started through its runtime entry point with heartbeat interval ")
                .append(p.heartbeatIntervalMs()).append(" ms, timeout ").append(p.heartbeatTimeoutMs())
                .append(" ms, reconnect delay ").append(p.reconnectDelayMs()).append(" ms, auto-reconnect ")
                .append(p.autoReconnect() ? "on" : "off").append(" and a resume window of ")
                .append(setup.resumeWindowMs()).append(" ms\n");
        for (Step s : steps) {
            out.append("    When ").append(sentence(s)).append('\n');
        }
        for (String expectation : expectations) {
            out.append("    Then ").append(expectation).append('\n');
        }
        return out.toString();
    }

    static String sentence(Step s) {
        String peer = "peer \"" + s.peerName() + "\"";
        return switch (s.kind()) {
            case CONNECT -> peer + " connects";
            case DISCONNECT -> peer + " disconnects";
            case SEND -> peer + " sends a message of type 256 with payload \"x\"";
            case LOGIN_STARTED -> peer + " starts logging in";
            case LOGIN_SUCCEEDED -> "the login of " + peer + " succeeds";
            case LOGIN_FAILED -> "the login of " + peer + " fails because \"" + s.reason() + "\"";
            case HEARTBEAT_SENT -> "the server sends a heartbeat to " + peer;
            case HEARTBEAT_RECEIVED -> "the server receives a heartbeat from " + peer
                    + (s.hasTick() ? " with server tick " + s.amount() : "");
            case REMOVE -> "the server removes " + peer + " because \"" + s.reason() + "\"";
            case ADVANCE -> s.amount() + " ms pass";
            case EVALUATE -> "the server evaluates its sessions";
            case RESTART -> "the server is restarted";
            case STOP -> "the server is stopped";
        };
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
