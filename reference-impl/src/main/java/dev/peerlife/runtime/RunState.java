package dev.peerlife.runtime;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The one field guarding start and stop of a runtime, host or entry point: NEW, RUNNING, STOPPED.
 * Start moves NEW to RUNNING once; stop moves to STOPPED once and reports whether it did the move.
 */
final class RunState {

    enum Phase { NEW, RUNNING, STOPPED }

    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.NEW);
    private final String owner;

    RunState(String owner) {
        this.owner = owner;
    }

    void beginStart() {
        if (!phase.compareAndSet(Phase.NEW, Phase.RUNNING)) {
            throw new IllegalStateException(owner + " cannot start: it is " + phase.get());
        }
    }

    /** Returns true for the one caller that moves a running (or failed-starting) owner to STOPPED. */
    boolean beginStop() {
        Phase previous = phase.getAndSet(Phase.STOPPED);
        return previous == Phase.RUNNING;
    }

    boolean isRunning() {
        return phase.get() == Phase.RUNNING;
    }
}
