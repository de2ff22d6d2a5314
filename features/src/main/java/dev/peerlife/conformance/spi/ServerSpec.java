package dev.peerlife.conformance.spi;

import java.util.List;

/**
 * How to start a server.
 *
 * @param reliablePort the reliable lane's port; scenarios use 1..65535 and, to test validation,
 *     values outside it
 * @param syncPort the sync lane's port, or null for none
 * @param policy session policy, or null for the implementation's defaults
 * @param resumeGraceMs the least time a session that left the live states is kept before the
 *     implementation may evict it (an implementation that never evicts satisfies any value); 0: the
 *     implementation's default
 * @param maxPeers an admission limit of at least 1, or null for none (capability "admission")
 * @param queuedDispatch run message handlers only when drained (capability "queued-dispatch")
 * @param failSyncStart make the sync transport fail to start (capability "transport-faults")
 * @param handledTypes application message types the server has handlers for
 */
public record ServerSpec(int reliablePort, Integer syncPort, PolicySpec policy, long resumeGraceMs,
                         Integer maxPeers, boolean queuedDispatch, boolean failSyncStart,
                         List<Integer> handledTypes) {
    public ServerSpec {
        handledTypes = handledTypes == null ? List.of() : List.copyOf(handledTypes);
    }

    /**
     * What scenarios start unless they say otherwise: reliable port 7000, no sync lane, the policy
     * 2 s / 6 s / 1 s / auto-reconnect given explicitly, and sessions kept for at least an hour, longer
     * than any scenario, so that no normative check depends on whether or when an implementation evicts.
     */
    public static ServerSpec defaults() {
        return new ServerSpec(7000, null, PolicySpec.defaults(), SCENARIO_RESUME_WINDOW_MS, null, false, false, List.of());
    }

    /** An hour: longer than any scenario or generated history. */
    public static final long SCENARIO_RESUME_WINDOW_MS = 3_600_000L;

    public ServerSpec withSyncPort(Integer port) {
        return new ServerSpec(reliablePort, port, policy, resumeGraceMs, maxPeers, queuedDispatch, failSyncStart, handledTypes);
    }

    public ServerSpec withReliablePort(int port) {
        return new ServerSpec(port, syncPort, policy, resumeGraceMs, maxPeers, queuedDispatch, failSyncStart, handledTypes);
    }

    public ServerSpec withPolicy(PolicySpec p) {
        return new ServerSpec(reliablePort, syncPort, p, resumeGraceMs, maxPeers, queuedDispatch, failSyncStart, handledTypes);
    }

    public ServerSpec withResumeGraceMs(long ms) {
        return new ServerSpec(reliablePort, syncPort, policy, ms, maxPeers, queuedDispatch, failSyncStart, handledTypes);
    }

    public ServerSpec withMaxPeers(Integer max) {
        return new ServerSpec(reliablePort, syncPort, policy, resumeGraceMs, max, queuedDispatch, failSyncStart, handledTypes);
    }

    public ServerSpec withQueuedDispatch(boolean queued) {
        return new ServerSpec(reliablePort, syncPort, policy, resumeGraceMs, maxPeers, queued, failSyncStart, handledTypes);
    }

    public ServerSpec withFailSyncStart(boolean fail) {
        return new ServerSpec(reliablePort, syncPort, policy, resumeGraceMs, maxPeers, queuedDispatch, fail, handledTypes);
    }

    public ServerSpec withHandledTypes(List<Integer> types) {
        return new ServerSpec(reliablePort, syncPort, policy, resumeGraceMs, maxPeers, queuedDispatch, failSyncStart, types);
    }
}
