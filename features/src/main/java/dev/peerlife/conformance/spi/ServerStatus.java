package dev.peerlife.conformance.spi;

import java.util.List;

/**
 * The server as a whole: the server that runs, or, when no server runs, the last start attempt
 * (after a failed start its lanes show what was started and stopped during the rollback).
 *
 * @param running whether the entry point reports the server running
 * @param exposesCoordinator whether the started host exposes its multi-session coordinator
 * @param lanes each transport lane with its start attempts (a start that threw counts) and stops
 * @param cleanedUp peers the host's cleanup hook ran for, oldest first (capability "admission")
 * @param rejectedConnections connections the host's admission refused (capability "admission")
 * @param refusals each refusal with the reason the peer was given; empty when the implementation
 *     does not report reasons
 */
public record ServerStatus(boolean running, boolean exposesCoordinator, List<LaneStatus> lanes,
                           List<String> cleanedUp, long rejectedConnections, List<RefusalView> refusals) {
    public ServerStatus {
        lanes = lanes == null ? List.of() : List.copyOf(lanes);
        cleanedUp = cleanedUp == null ? List.of() : List.copyOf(cleanedUp);
        refusals = refusals == null ? List.of() : List.copyOf(refusals);
    }

    public LaneStatus lane(String name) {
        return lanes.stream().filter(l -> l.lane().equals(name)).findFirst().orElse(null);
    }
}
