package dev.peerlife.lifecycle;

/**
 * Observes sessions. Every method has a no-op default.
 *
 * <p>Threading: calls come on whichever thread fed the input or ran the evaluation that caused
 * them, never while a lifecycle lock is held, one call at a time per manager, in the order the
 * transitions happened. A listener may call back into the manager. A listener that throws is logged
 * and skipped; the lifecycle goes on.
 */
public interface SessionListener {

    /** A session changed state, or a heartbeat was recorded. */
    default void onEvent(SessionEvent event) {
    }

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
}
