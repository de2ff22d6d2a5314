package dev.peerlife.simulator.virtual;

import dev.peerlife.internal.SessionStateMachine;
import dev.peerlife.simulator.Simulation;

import java.util.ArrayList;
import java.util.List;

/**
 * One simulated peer: its client's session (the reference client's state machine, driven by the
 * engine as the client runtime drives it), its connection as each end knows it, its two links with
 * the faults on them, and its timeline. Plain data; only the engine's thread touches it.
 */
final class VirtualPeer {

    final int index;
    final String id;
    SessionStateMachine client;

    /** The connection the client holds (0: none); connections are numbered per peer from 1. */
    int clientConn;
    /** The connection the server side knows as this peer's (0: none). */
    int serverConn;
    int lastConn;
    /** The client runtime's redial state, as the reference client keeps it. */
    boolean dropped;
    int failedAttempts;
    long nextAttemptAtMs;
    /** A dropped client redials no sooner than its host's next drive. */
    long redialNotBeforeMs;
    /** When the engine last asked to run this client's update (a wake-up at another time is stale). */
    long wakeAtMs = Long.MAX_VALUE;

    /** The server's state for this peer, from the implementation's events (null: no session). */
    String serverState;
    /** Whether the engine fed a connect or disconnect of this peer in the step being applied. */
    boolean fedConnectionChange;
    boolean bothLoggedIn;

    /** Disabled proxy faults on now (reconnects are refused while any is). */
    int disabled;
    final Link up = new Link();
    final Link down = new Link();

    /** Marks on the world clock; turned into scenario-clock marks at the end. */
    final List<Simulation.Mark> marks = new ArrayList<>();

    VirtualPeer(int index, String id) {
        this.index = index;
        this.id = id;
    }

    /** One direction of the peer's proxy: the faults on it and what FIFO delivery needs. */
    static final class Link {
        final List<ActiveFault> faults = new ArrayList<>(1);
        /** The latest arrival scheduled on this link, and its tie key: deliveries never overtake. */
        long lastArrivalMs = Long.MIN_VALUE;
        long lastTie;
        /** bandwidth: when the link has sent what it was given so far. */
        long busyUntilMs;
        /** The latest arrival scheduled without a latency toxic (where a lifted latency's messages queue up). */
        long lastUnheldArrivalMs = Long.MIN_VALUE;
        long lastUnheldTie;
    }

    /**
     * A fault on a link, with what it counts: limit_data's bytes on the connection {@code conn} since
     * the fault began or that connection opened; reset_peer's armed connection.
     */
    static final class ActiveFault {
        final int planIndex;
        final String toxic;
        final long a;
        final long b;
        long bytes;
        int conn;

        ActiveFault(int planIndex, String toxic, long a, long b) {
            this.planIndex = planIndex;
            this.toxic = toxic;
            this.a = a;
            this.b = b;
        }
    }
}
