package dev.peerlife.lifecycle;

import java.util.Objects;
import java.util.Optional;

/**
 * One lifecycle event of one session (NSL-1): its kind, the state before and after, the clock time
 * at which it happened and an optional reason. Heartbeat events have {@code previous == current}.
 * Immutable.
 */
public record LifecycleEvent(
        LifecycleEventKind kind,
        SessionState previous,
        SessionState current,
        long timeMs,
        String reason) {

    public LifecycleEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(current, "current");
    }

    /** The reason, when the event has one (login failure, timeout, disconnect, reconnect). */
    public Optional<String> reasonText() {
        return Optional.ofNullable(reason);
    }

    @Override
    public String toString() {
        return kind.specName() + " " + previous.specName() + "->" + current.specName() + " @" + timeMs
                + (reason == null ? "" : " (" + reason + ")");
    }
}
