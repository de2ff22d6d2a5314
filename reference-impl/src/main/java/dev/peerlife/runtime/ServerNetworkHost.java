package dev.peerlife.runtime;

import dev.peerlife.lifecycle.ConfigurationException;
import dev.peerlife.lifecycle.LifecycleClock;
import dev.peerlife.lifecycle.MultiSessionManager;
import dev.peerlife.lifecycle.PeerId;
import dev.peerlife.lifecycle.SessionListener;
import dev.peerlife.lifecycle.SessionPolicy;
import dev.peerlife.lifecycle.SessionRemoved;
import dev.peerlife.transport.ConnectionId;
import dev.peerlife.transport.Envelope;
import dev.peerlife.transport.EnvelopeCodec;
import dev.peerlife.transport.MalformedFrameException;
import dev.peerlife.transport.Transport;
import dev.peerlife.transport.TransportListener;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The server's multi-session composition (SNF-2, PRO-4): the same transport contract, envelope and
 * handler contract as the client, with a {@link MultiSessionManager} in place of the single session.
 * It feeds each connection's events into that peer's session only, routes messages, and lets the
 * server plug in admission and cleanup through {@link ServerHostHooks}.
 *
 * <p>Identity and server-side reconnect are described in {@code docs/identity-and-reconnect.md}:
 * each connection maps to a {@link PeerId}; a session that leaves the live states is kept for the
 * resume window, resumes if the same identity connects again, and is evicted when the window ends.
 *
 * <p>Threading: transport events arrive on transport threads; {@link #evaluate()} runs on the host's
 * lifecycle loop; both may run at once. Connections are closed outside every lifecycle lock.
 */
public final class ServerNetworkHost implements AutoCloseable {

    public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;
    public static final long DEFAULT_RESUME_GRACE_MS = 30_000;

    private final TransportLanes lanes;
    private final MultiSessionManager sessions;
    private final MessageRouter router;
    private final ServerHostHooks hooks;
    private final Function<ConnectionId, PeerId> identity;
    private final int maxFrameBytes;
    private final RunState runState = new RunState("server host");
    private final Object admissionLock = new Object();
    private final Map<ConnectionId, PeerId> peerOf = new ConcurrentHashMap<>();
    private final Map<PeerId, ConnectionId> connectionOf = new ConcurrentHashMap<>();
    private final Map<PeerId, AtomicLong> malformedByPeer = new ConcurrentHashMap<>();
    private final AtomicLong rejectedConnections = new AtomicLong();

    private ServerNetworkHost(Builder b) {
        this.lanes = new TransportLanes(b.reliable, b.sync);
        this.sessions = MultiSessionManager.builder().policy(b.policy).clock(b.clock)
                .resumeGraceMs(b.resumeGraceMs).build();
        this.router = new MessageRouter(b.dispatcher);
        this.hooks = b.hooks;
        this.identity = b.identity;
        this.maxFrameBytes = b.maxFrameBytes;
        this.sessions.addListener(new SessionListener() {
            @Override
            public void onRemoved(SessionRemoved removed) {
                closeConnectionOf(removed.peer(), removed.reason());
                hooks.onSessionRemoved(removed);
            }
        });
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the reliable transport, then the sync one if any. If the sync one fails, the reliable
     * one is stopped again and the failure rethrown.
     */
    public void start() {
        runState.beginStart();
        try {
            lanes.start(new ReliableInbound(), new SyncInbound());
        } catch (RuntimeException | Error e) {
            runState.beginStop();
            throw e;
        }
    }

    /**
     * Clears every managed session (each connection is closed with the reason "host stopped"), then
     * stops the transports. Idempotent: a second call does nothing.
     */
    public void stop() {
        if (runState.beginStop()) {
            try {
                sessions.removeAll("host stopped");
            } finally {
                lanes.stop();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    public boolean isRunning() {
        return runState.isRunning();
    }

    /** The coordinator this host owns: lookup, enumeration and per-peer event observation. */
    public MultiSessionManager sessions() {
        return sessions;
    }

    public MessageRouter router() {
        return router;
    }

    /** Applies time rules to the due sessions; returns milliseconds until the next deadline. */
    public long evaluate() {
        return sessions.evaluate();
    }

    /** Sends to one peer on the reliable lane; a no-op if the peer has no open connection. */
    public void send(PeerId peer, Envelope envelope) {
        ConnectionId connection = connectionOf.get(peer);
        if (connection != null) {
            lanes.reliable().send(connection, EnvelopeCodec.encode(envelope));
        }
    }

    /** Sends to one peer on the sync lane (or the reliable one when there is none). */
    public void sendSync(PeerId peer, Envelope envelope) {
        ConnectionId connection = connectionOf.get(peer);
        if (connection != null) {
            lanes.syncOrReliable().send(connection, EnvelopeCodec.encode(envelope));
        }
    }

    public void broadcast(Envelope envelope) {
        lanes.reliable().sendToAll(EnvelopeCodec.encode(envelope));
    }

    /**
     * Evicts one peer: its session is removed with {@code reason} and its connection closed. Other
     * peers are untouched. Returns whether the peer had a session.
     */
    public boolean disconnect(PeerId peer, String reason) {
        boolean had = sessions.remove(peer, reason);
        if (!had) {
            closeConnectionOf(peer, reason);
        }
        return had;
    }

    /** Frames from {@code peer} that were malformed or oversized, and were dropped. */
    public long malformedFrames(PeerId peer) {
        AtomicLong count = malformedByPeer.get(peer);
        return count == null ? 0 : count.get();
    }

    /** Connections refused by admission. */
    public long rejectedConnections() {
        return rejectedConnections.get();
    }

    private void closeConnectionOf(PeerId peer, String reason) {
        ConnectionId connection = connectionOf.remove(peer);
        if (connection != null) {
            peerOf.remove(connection);
            lanes.reliable().close(connection, reason);
        }
    }

    private void receive(PeerId peer, byte[] frame) {
        Envelope envelope;
        try {
            envelope = EnvelopeCodec.decode(frame, maxFrameBytes);
        } catch (MalformedFrameException e) {
            malformedByPeer.computeIfAbsent(peer, p -> new AtomicLong()).incrementAndGet();
            return;
        }
        sessions.onTransportActivity(peer);
        router.route(peer, envelope);
    }

    private final class ReliableInbound implements TransportListener {
        @Override
        public void onConnected(ConnectionId connection) {
            if (!runState.isRunning()) {
                return;
            }
            PeerId peer = identity.apply(connection);
            Admission admission;
            synchronized (admissionLock) {
                admission = sessions.lookup(peer).isPresent() ? Admission.accept()
                        : hooks.admit(peer, sessions.size());
                if (admission.accepted()) {
                    sessions.getOrCreate(peer);
                }
            }
            if (!admission.accepted()) {
                rejectedConnections.incrementAndGet();
                lanes.reliable().close(connection, "admission refused: " + admission.reason());
                return;
            }
            peerOf.put(connection, peer);
            ConnectionId previous = connectionOf.put(peer, connection);
            if (previous != null && !previous.equals(connection)) {
                peerOf.remove(previous);
                lanes.reliable().close(previous, "superseded by a new connection of " + peer);
            }
            sessions.onTransportConnected(peer);
        }

        @Override
        public void onReceive(ConnectionId connection, byte[] frame) {
            PeerId peer = peerOf.get(connection);
            if (peer != null && runState.isRunning()) {
                receive(peer, frame);
            }
        }

        @Override
        public void onDisconnected(ConnectionId connection, String reason) {
            PeerId peer = peerOf.remove(connection);
            if (peer != null) {
                connectionOf.remove(peer, connection);
                sessions.onTransportDisconnected(peer, reason);
            }
        }
    }

    /** The sync lane carries datagrams for peers the reliable lane already admitted; it opens no session. */
    private final class SyncInbound implements TransportListener {
        @Override
        public void onReceive(ConnectionId connection, byte[] frame) {
            PeerId peer = identity.apply(connection);
            if (runState.isRunning() && connectionOf.containsKey(peer)) {
                receive(peer, frame);
            }
        }
    }

    /** Configuration; {@link #build()} validates it and names the first bad field. */
    public static final class Builder {
        private Transport reliable;
        private Transport sync;
        private SessionPolicy policy = SessionPolicy.defaults();
        private LifecycleClock clock = LifecycleClock.monotonic();
        private Dispatcher dispatcher = Dispatcher.immediate();
        private ServerHostHooks hooks = ServerHostHooks.none();
        private Function<ConnectionId, PeerId> identity = connection -> PeerId.of(connection.value());
        private long resumeGraceMs = DEFAULT_RESUME_GRACE_MS;
        private int maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;

        private Builder() {
        }

        public Builder reliable(Transport reliable) {
            this.reliable = reliable;
            return this;
        }

        public Builder sync(Transport sync) {
            this.sync = sync;
            return this;
        }

        public Builder policy(SessionPolicy policy) {
            this.policy = policy;
            return this;
        }

        public Builder clock(LifecycleClock clock) {
            this.clock = clock;
            return this;
        }

        public Builder dispatcher(Dispatcher dispatcher) {
            this.dispatcher = dispatcher;
            return this;
        }

        public Builder hooks(ServerHostHooks hooks) {
            this.hooks = hooks;
            return this;
        }

        /** Maps a transport connection to the session identity; by default its connection id. */
        public Builder identity(Function<ConnectionId, PeerId> identity) {
            this.identity = identity;
            return this;
        }

        /** How long a session that left the live states waits for its peer to resume; > 0. */
        public Builder resumeGraceMs(long resumeGraceMs) {
            this.resumeGraceMs = resumeGraceMs;
            return this;
        }

        public Builder maxFrameBytes(int maxFrameBytes) {
            this.maxFrameBytes = maxFrameBytes;
            return this;
        }

        public ServerNetworkHost build() {
            Checks.notNull("reliable", reliable);
            Checks.notNull("policy", policy);
            Checks.notNull("clock", clock);
            Checks.notNull("dispatcher", dispatcher);
            Checks.notNull("hooks", hooks);
            Checks.notNull("identity", identity);
            Checks.atLeast("resumeGraceMs", resumeGraceMs, 1);
            Checks.atLeast("maxFrameBytes", maxFrameBytes, EnvelopeCodec.HEADER_BYTES);
            if (Objects.equals(sync, reliable)) {
                throw new ConfigurationException("sync", "must be a different transport from reliable, or unset");
            }
            return new ServerNetworkHost(this);
        }
    }
}
