package dev.peerlife.conformance.spi;

import java.util.List;

/**
 * How to start a server.
 *
 * @param reliablePort the reliable lane's port (0: any free port)
 * @param syncPort the sync lane's port, or null for none
 * @param policy session policy, or null for the implementation's defaults
 * @param resumeGraceMs how long a session that left the live states waits for its peer; 0: the
 *     implementation's default
 * @param maxPeers an admission limit, or null for none (capability "admission")
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

    public static ServerSpec defaults() {
        return new ServerSpec(7000, null, PolicySpec.defaults(), 0, null, false, false, List.of());
    }

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
