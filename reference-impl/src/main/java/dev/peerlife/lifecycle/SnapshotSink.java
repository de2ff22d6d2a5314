package dev.peerlife.lifecycle;

/**
 * Where a host's metrics go: after every event of a session (each transition, each heartbeat sent or
 * answered) its manager records a {@link SessionSnapshot} taken in the same step as the event, so a
 * snapshot always shows the state, RTT, liveness and server tick the event left behind. A client
 * runtime records its one session, a server host every session it manages, each snapshot naming its
 * peer. Register with {@link SessionManager#addSnapshotSink} or
 * {@link MultiSessionManager#addSnapshotSink}, or give one to an entry point's configuration.
 *
 * <p>Threading: as for {@link SessionListener}: called after the lifecycle lock is released, one
 * call at a time per manager, in event order, on whichever thread caused or drained the event. A
 * sink that throws is logged and skipped.
 */
@FunctionalInterface
public interface SnapshotSink {

    void record(SessionSnapshot snapshot);
}
