package dev.peerlife.lifecycle;

import java.util.Objects;

/**
 * Notice that a managed session left the coordinator: removed explicitly, evicted when its resume
 * window ended, or cleared at shutdown. {@code last} is its final snapshot.
 */
public record SessionRemoved(PeerId peer, String reason, long timeMs, SessionSnapshot last) {
    public SessionRemoved {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(last, "last");
    }
}
