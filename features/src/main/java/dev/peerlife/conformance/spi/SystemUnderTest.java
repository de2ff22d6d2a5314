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

    /** The server's lifecycle events and removal notices, oldest first. */
    List<EventView> serverEvents();

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
