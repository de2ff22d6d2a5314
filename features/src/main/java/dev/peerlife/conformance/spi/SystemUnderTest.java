package dev.peerlife.conformance.spi;

import java.util.List;
import java.util.Optional;

/**
 * What the conformance suite needs from an implementation, in the spec's words: a world with a
 * controllable clock, a server started through its runtime entry point, remote peers whose
 * transport, login, heartbeat and message activity the suite drives, an optional client runtime,
 * and views of sessions, events and transports. Nothing here names a class of any implementation.
 *
 * <p>Every scenario starts with {@link #reset()}: a new world whose clock reads 0, nothing running.
 * Methods that cannot do what is asked throw {@link SutException}; a method behind a capability the
 * implementation does not declare (see {@link Capability}) is never called.
 *
 * <p>The same operations travel over the driver protocol (docs/driver-protocol.md); a process
 * adapter implements this interface by sending them to a child process.
 */
public interface SystemUnderTest extends AutoCloseable {

    SutDescription describe();

    /** A fresh world: clock at 0 ms, no server, no client, no recorded events. */
    void reset();

    /** Moves the world's clock forward. Time passes only through this call. */
    void advanceClock(long ms);

    // ---- the server, through its runtime entry point ----

    /**
     * Starts a server; throws {@link SutException} of kind REJECTED (with the field) or FAILED. The
     * suite stops a running server before it starts another.
     */
    void startServer(ServerSpec spec);

    /** Stops the server; must be safe to call any number of times. */
    void stopServer();

    ServerStatus serverStatus();

    /** One input for one remote peer of the server. */
    void serverInput(PeerInput input);

    /** Applies the server's lifecycle time rules at the current clock. */
    void evaluateServer();

    Optional<SessionView> lookup(String peer);

    /** Every managed session, as the server's coordinator enumerates them. */
    List<SessionView> sessions();

    /** The server's lifecycle events and removal notices since reset, oldest first (less those let go after {@link #serverEventsRead}). */
    List<EventView> serverEvents();

    /**
     * The server's events from index {@code from} on, as {@link #serverEvents()} numbers them from 0:
     * for a caller that reads the events as they come, such as the virtual-time simulator. The default
     * copies the whole list and cuts it; an implementation that keeps its events in a list can answer
     * in time proportional to what is new.
     */
    default List<EventView> serverEventsFrom(int from) {
        List<EventView> all = serverEvents();
        return from >= all.size() ? List.of() : List.copyOf(all.subList(Math.max(0, from), all.size()));
    }

    /**
     * Tells the implementation that its caller has read the server's events before index
     * {@code upTo} (numbered as {@link #serverEventsFrom} numbers them) and will not ask for them
     * again, so it may let them go: a long simulation then holds only what it has not read yet.
     * Indexes keep counting from reset; {@link #serverEvents()} may then begin after the first event.
     * The default keeps every event.
     */
    default void serverEventsRead(int upTo) {
    }

    /**
     * One step of a simulation in one call: moves the clock forward by {@code advanceMs}, applies
     * {@code inputs} in order, evaluates the server when {@code evaluate}, and answers
     * {@link #serverEventsFrom(int) serverEventsFrom(eventsFrom)}. The default makes exactly those calls
     * one by one; the process adapter sends them as one {@code batch} request (docs/driver-protocol.md)
     * when its driver knows that operation. A failing call fails the step, as it would on its own.
     */
    default List<EventView> serverStep(long advanceMs, List<PeerInput> inputs, boolean evaluate, int eventsFrom) {
        if (advanceMs > 0) {
            advanceClock(advanceMs);
        }
        for (PeerInput input : inputs) {
            serverInput(input);
        }
        if (evaluate) {
            evaluateServer();
        }
        return serverEventsFrom(eventsFrom);
    }

    /** Application messages the server's handlers have run for, oldest first. */
    List<MessageView> serverReceived();

    void serverSend(String peer, int type, String payload);

    /** Runs the server's queued message handlers; returns how many ran. */
    int drainServer();

    // ---- the client runtime (capability "client") ----

    /** Starts a client runtime that connects to the running server under {@code spec.name()}. */
    void startClient(ClientSpec spec);

    void clientInput(ClientInput input);

    void evaluateClient();

    SessionView clientSession();

    List<EventView> clientEvents();

    List<MessageView> clientReceived();

    boolean clientHeartbeatDue();

    void stopClient();

    @Override
    void close();
}
