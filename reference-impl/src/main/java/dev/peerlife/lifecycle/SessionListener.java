package dev.peerlife.lifecycle;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Observes sessions: a lambda receives every event ({@code manager.addListener(e -> log(e))});
 * {@link #onRemoved} and {@link #wantsHeartbeatEvents} have defaults, and {@link #removals} makes
 * a listener for removal notices alone.
 *
 * <p>Threading: calls come on whichever thread fed the input or ran the evaluation that caused
 * them, never while a lifecycle lock is held, one call at a time per manager, in the order the
 * transitions happened. A listener may call back into the manager. A listener that throws is logged
 * and skipped; the lifecycle goes on.
 */
@FunctionalInterface
public interface SessionListener {

    /** A session changed state, or a heartbeat was recorded. */
    void onEvent(SessionEvent event);

    /** A session was removed from a {@link MultiSessionManager}. */
    default void onRemoved(SessionRemoved removed) {
    }

    /**
     * Whether this listener wants HeartbeatSent and HeartbeatReceived events. Heartbeats are by far
     * the most frequent input; when no listener of a {@link MultiSessionManager} wants them, the
     * coordinator builds no notice for them at all. Asked once, when the listener is added.
     */
    default boolean wantsHeartbeatEvents() {
        return true;
    }

    /** A listener that hears only removal notices: {@code addListener(SessionListener.removals(r -> ...))}. */
    static SessionListener removals(Consumer<SessionRemoved> action) {
        Objects.requireNonNull(action, "action");
        return new SessionListener() {
            @Override
            public void onEvent(SessionEvent event) {
            }

            @Override
            public void onRemoved(SessionRemoved removed) {
                action.accept(removed);
            }

            @Override
            public boolean wantsHeartbeatEvents() {
                return false;
            }
        };
    }
}
