package dev.peerlife.conformance.spi;

import java.util.List;

/**
 * The server as a whole.
 *
 * @param running whether the entry point reports the server running
 * @param exposesCoordinator whether the started host exposes its multi-session coordinator
 * @param lanes each transport lane with its start and stop counts
 * @param cleanedUp peers the host's cleanup hook was called for, oldest first
 * @param rejectedConnections connections refused by admission
 */
public record ServerStatus(boolean running, boolean exposesCoordinator, List<LaneStatus> lanes,
                           List<String> cleanedUp, long rejectedConnections) {
    public ServerStatus {
        lanes = List.copyOf(lanes);
        cleanedUp = List.copyOf(cleanedUp);
    }

    public LaneStatus lane(String name) {
        return lanes.stream().filter(l -> l.lane().equals(name)).findFirst().orElse(null);
    }
}
