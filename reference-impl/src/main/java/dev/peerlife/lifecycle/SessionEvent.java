package dev.peerlife.lifecycle;

import java.util.Objects;

/** A lifecycle event together with the remote identity of the session it belongs to (PRO-3). */
public record SessionEvent(PeerId peer, LifecycleEvent event) {
    public SessionEvent {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(event, "event");
    }

    @Override
    public String toString() {
        return peer + ": " + event;
    }
}
