package dev.peerlife.conformance.properties;

/**
 * Writes a history as a Gherkin scenario in the suite's own steps, ending with the states the model
 * expects. Copied into features/src/main/resources/features/, it becomes a permanent test.
 */
public final class GherkinExport {

    private GherkinExport() {
    }

    public static String feature(History history, String property, String seed, String tags, String sut) {
        StringBuilder out = new StringBuilder();
        out.append("Feature: Counterexample found by the property ").append(property).append('\n');
        out.append("  Found against '").append(sut).append("' with seed ").append(seed)
                .append("; shrunk by jqwik and exported by PropertyHooks.\n\n");
        out.append("  ").append(tags).append(" @counterexample\n");
        out.append("  Scenario: ").append(property).append(" counterexample, seed ").append(seed).append('\n');
        out.append(scenarioBody(history));
        return out.toString();
    }

    static String scenarioBody(History history) {
        StringBuilder out = new StringBuilder();
        var p = history.policy();
        out.append("    Given a server started through its runtime entry point with heartbeat interval ")
                .append(p.heartbeatIntervalMs()).append(" ms, timeout ").append(p.heartbeatTimeoutMs())
                .append(" ms, reconnect delay ").append(p.reconnectDelayMs()).append(" ms, auto-reconnect ")
                .append(p.autoReconnect() ? "on" : "off").append(" and a resume window of ")
                .append(HistoryRunner.RESUME_WINDOW_MS).append(" ms\n");
        LifecycleModel model = new LifecycleModel(p);
        for (Step s : history.effectiveSteps()) {
            out.append("    When ").append(sentence(s)).append('\n');
            model.apply(s);
        }
        for (int i = 0; i < history.peers(); i++) {
            String peer = "p" + i;
            LifecycleModel.Peer expected = model.sessions().get(peer);
            out.append("    Then ").append(expected == null ? "peer \"" + peer + "\" has no session"
                    : "peer \"" + peer + "\" is in state " + expected.state).append('\n');
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
        };
    }
}
