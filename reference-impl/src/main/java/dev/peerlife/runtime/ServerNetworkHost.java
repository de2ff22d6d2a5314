package dev.peerlife.runtime;

import dev.peerlife.lifecycle.ClockSync;
import dev.peerlife.lifecycle.ConfigurationException;
import dev.peerlife.lifecycle.LifecycleClock;
import dev.peerlife.lifecycle.MultiSessionManager;
import dev.peerlife.lifecycle.PeerId;
import dev.peerlife.lifecycle.SessionEvent;
import dev.peerlife.lifecycle.SessionListener;
import dev.peerlife.lifecycle.SessionPolicy;
import dev.peerlife.lifecycle.SessionRemoved;
import dev.peerlife.runtime.internal.WireSessions;
import dev.peerlife.transport.BoundTransport;
import dev.peerlife.transport.ConnectionId;
import dev.peerlife.transport.Envelope;
import dev.peerlife.transport.EnvelopeCodec;
import dev.peerlife.transport.Transport;
import dev.peerlife.transport.TransportListener;
import dev.peerlife.transport.TransportRole;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The server's multi-session composition (SNF-2, PRO-4): the same transport contract, envelope and
 * handler contract as the client, with a {@link MultiSessionManager} in place of the single session.
 * It composes the lanes, the coordinator it owns, the message router and the wire session layer
 * (which connection belongs to which session: login, tokens, resume, admission and budgets, in
 * {@code runtime.internal}), and lets the server plug in admission and cleanup through
 * {@link ServerHostHooks}.
 *
 * <p>Identity, login and resume follow {@code docs/identity-and-reconnect.md}: on an anonymous
 * transport (TCP) a connection has no session until a login binds it; on a transport whose
 * connections name their peer (the in-memory network) the name is the session. A session that
 * leaves the live states is kept for the resume window and evicted when it ends.
 *
 * <p>Threading: transport events arrive on transport threads; {@link #evaluate()} runs on the host's
 * lifecycle loop; both may run at once. Connections are closed outside every lifecycle lock.
 */
public final class ServerNetworkHost implements AutoCloseable {

    public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;
    public static final long DEFAULT_RESUME_GRACE_MS = 30_000;
    public static final int DEFAULT_MAX_MALFORMED_FRAMES = 16;
    public static final long DEFAULT_MALFORMED_DECAY_MS = 10_000;
    public static final long DEFAULT_LOGIN_TIMEOUT_MS = 10_000;
    public static final int DEFAULT_MAX_PENDING_LOGINS = 1_024;
    public static final int DEFAULT_MAX_SESSIONS = 65_536;

    private final TransportLanes lanes;
    private final MultiSessionManager sessions;
    private final MessageRouter router;
    private final WireSessions wire;
    private final RunState runState = new RunState("server host");

    private ServerNetworkHost(Builder b) {
        this.lanes = new TransportLanes(b.reliable, b.sync);
        this.sessions = MultiSessionManager.builder().policy(b.policy).clock(b.clock)
                .resumeGraceMs(b.resumeGraceMs).clockSync(b.clockSync).build();
        this.router = new MessageRouter(b.dispatcher);
        this.wire = new WireSessions(sessions, b.reliable, router::route, b.hooks, b.authenticator, b.clock,
                b.serverTick == null ? b.clock::nowMs : b.serverTick, b.identity,
                new WireSessions.Limits(b.loginTimeoutMs, b.maxPendingLogins, b.maxSessions, b.maxMalformedFrames,
                        b.malformedDecayMs, b.maxFrameBytes));
        ServerHostHooks hooks = b.hooks;
        this.sessions.addListener(new SessionListener() {
            @Override
            public void onEvent(SessionEvent event) {
                wire.onEvent(event);
            }

            @Override
            public void onRemoved(SessionRemoved removed) {
                wire.onRemoved(removed);
                hooks.onSessionRemoved(removed);
            }

            @Override
            public boolean wantsHeartbeatEvents() {
                return false;
            }
        });
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the reliable transport, then the sync one if any. If the sync one fails, both are
     * stopped again and the failure rethrown.
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
     * Refuses new connections and logins, clears every managed session (each connection is closed
     * with the reason "host stopped") and closes the coordinator so that no racing connection can
     * open a session afterwards, then stops the transports. Idempotent: a second call does nothing.
     */
    public void stop() {
        if (runState.beginStop()) {
            wire.stop();
            try {
                sessions.close("host stopped");
            } finally {
                try {
                    lanes.stop();
                } finally {
                    wire.clear();
                }
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

    /**
     * The transport that carries {@code lane}: the reliable transport for {@link TransportRole#RELIABLE};
     * for {@link TransportRole#SYNC} the sync transport, or, without one, the reliable transport,
     * which then carries both lanes (NSL-4, SNF-5).
     */
    public Transport transport(TransportRole lane) {
        return lanes.lane(lane);
    }

    /**
     * Applies time rules to the due sessions and closes connections that missed their login
     * deadline; returns milliseconds until the next deadline.
     */
    public long evaluate() {
        return Math.min(sessions.evaluate(), wire.expireLogins());
    }

    /** Sends to one peer on the reliable lane; a no-op if the peer has no open connection. */
    public void send(PeerId peer, Envelope envelope) {
        ConnectionId connection = wire.connectionOf(peer);
        if (connection != null) {
            lanes.reliable().send(connection, EnvelopeCodec.encode(envelope));
        }
    }

    /** Sends to one peer on the sync lane (or the reliable one when there is none). */
    public void sendSync(PeerId peer, Envelope envelope) {
        if (!lanes.hasSync()) {
            send(peer, envelope);
            return;
        }
        ConnectionId connection = wire.syncConnectionOf(peer);
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
            wire.closeConnectionOf(peer, reason);
        }
        return had;
    }

    /** Bad frames counted for {@code peer}'s current session (malformed, oversized, out of place). */
    public long malformedFrames(PeerId peer) {
        return wire.malformedFrames(peer);
    }

    /** Sync-lane frames that named no live session (unknown token or peer), or could not be read. */
    public long unknownSyncFrames() {
        return wire.unknownSyncFrames();
    }

    /** Connections and logins refused by admission or by a budget (login queue, session table). */
    public long rejectedConnections() {
        return wire.refusedConnections();
    }

    /** The round-trip time {@code peer}'s client reported in its last heartbeat, if any. */
    public OptionalLong reportedRttMs(PeerId peer) {
        long rtt = wire.reportedRttMs(peer);
        return rtt < 0 ? OptionalLong.empty() : OptionalLong.of(rtt);
    }

    /** Sizes and counters of the host's wire tables, at one moment. */
    public WireStats wireStats() {
        return new WireStats(wire.openConnections(), wire.pendingLogins(), wire.livePlayers(), wire.sessionRecords(),
                wire.tokens(), sessions.size(), wire.refusedConnections(), wire.refusedLogins(), wire.malformedFrames(),
                wire.unknownSyncFrames(), wire.framesWithoutConnection());
    }

    /** The reliable lane's bound port, when its transport listens on one. */
    public OptionalInt reliablePort() {
        return lanes.reliable() instanceof BoundTransport b ? OptionalInt.of(b.port()) : OptionalInt.empty();
    }

    /** The sync lane's bound port, when there is one and it listens on a port. */
    public OptionalInt syncPort() {
        return lanes.hasSync() && lanes.syncOrReliable() instanceof BoundTransport b
                ? OptionalInt.of(b.port()) : OptionalInt.empty();
    }

    private final class ReliableInbound implements TransportListener {
        @Override
        public void onConnected(ConnectionId connection) {
            onConnected(connection, 0);
        }

        @Override
        public void onConnected(ConnectionId connection, long acceptOrder) {
            if (runState.isRunning()) {
                wire.onConnected(connection, acceptOrder);
            }
        }

        @Override
        public void onReceive(ConnectionId connection, byte[] frame) {
            // Once stopping, connects are no longer taken, so their frames are not either.
            if (runState.isRunning()) {
                wire.onReceive(connection, frame);
            }
        }

        @Override
        public void onMalformed(ConnectionId connection, String reason) {
            wire.onMalformed(connection, reason);
        }

        @Override
        public void onDisconnected(ConnectionId connection, String reason) {
            wire.onDisconnected(connection, reason);
        }
    }

    /**
     * The sync lane carries datagrams for sessions the reliable lane bound; it opens no session. A
     * datagram names its session by token ({@code token:HEX@ADDRESS}, UDP) or by the same connection
     * name as the reliable lane (in-memory).
     */
    private final class SyncInbound implements TransportListener {
        @Override
        public void onReceive(ConnectionId connection, byte[] frame) {
            wire.onSyncReceive(connection, frame);
        }

        @Override
        public void onMalformed(ConnectionId connection, String reason) {
            wire.onSyncMalformed();
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
        private LoginAuthenticator authenticator = LoginAuthenticator.acceptAny();
        private LongSupplier serverTick;
        private long loginTimeoutMs = DEFAULT_LOGIN_TIMEOUT_MS;
        private int maxMalformedFrames = DEFAULT_MAX_MALFORMED_FRAMES;
        private long malformedDecayMs = DEFAULT_MALFORMED_DECAY_MS;
        private int maxPendingLogins = DEFAULT_MAX_PENDING_LOGINS;
        private int maxSessions = DEFAULT_MAX_SESSIONS;
        private Supplier<ClockSync> clockSync = ClockSync::lastSampleWins;

        private Builder() {
        }

        /** Makes each session's clock sync; by default {@link ClockSync#lastSampleWins()}. */
        public Builder clockSync(Supplier<ClockSync> clockSync) {
            this.clockSync = clockSync;
            return this;
        }

        /** Decides fresh logins; by default any valid player id is accepted. */
        public Builder authenticator(LoginAuthenticator authenticator) {
            this.authenticator = authenticator;
            return this;
        }

        /** The tick each heartbeat ack carries; by default the clock's milliseconds. */
        public Builder serverTick(LongSupplier serverTick) {
            this.serverTick = serverTick;
            return this;
        }

        /**
         * Closes a connection that has not logged in this long after connecting (anonymous
         * transports); default 10 s; 0: never, for tests only.
         */
        public Builder loginTimeoutMs(long loginTimeoutMs) {
            this.loginTimeoutMs = loginTimeoutMs;
            return this;
        }

        /**
         * How many bad frames one connection may have counted at once before it is disconnected
         * (default 16); see {@link #malformedDecayMs}.
         */
        public Builder maxMalformedFrames(int maxMalformedFrames) {
            this.maxMalformedFrames = maxMalformedFrames;
            return this;
        }

        /** Every this many milliseconds one counted bad frame is forgotten (default 10 s; 0: never). */
        public Builder malformedDecayMs(long malformedDecayMs) {
            this.malformedDecayMs = malformedDecayMs;
            return this;
        }

        /**
         * How many connections may wait to log in at once (default 1,024); past it the one waiting
         * longest is closed.
         */
        public Builder maxPendingLogins(int maxPendingLogins) {
            this.maxPendingLogins = maxPendingLogins;
            return this;
        }

        /**
         * How many sessions the host keeps, live or waiting in their resume window (default
         * 65,536); when full, the session waiting longest makes room for a new player, and when all
         * are live a new player is refused.
         */
        public Builder maxSessions(int maxSessions) {
            this.maxSessions = maxSessions;
            return this;
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

        /**
         * Maps a connection of a transport whose connection ids name their peer to the session
         * identity; by default its connection id. Anonymous transports take the player id of the
         * login instead.
         */
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
            Checks.notNull("authenticator", authenticator);
            Checks.atLeast("loginTimeoutMs", loginTimeoutMs, 0);
            Checks.atLeast("maxMalformedFrames", maxMalformedFrames, 0);
            Checks.atLeast("malformedDecayMs", malformedDecayMs, 0);
            Checks.atLeast("maxPendingLogins", maxPendingLogins, 1);
            Checks.atLeast("maxSessions", maxSessions, 1);
            Checks.notNull("clockSync", clockSync);
            if (Objects.equals(sync, reliable)) {
                throw new ConfigurationException("sync", "must be a different transport from reliable, or unset");
            }
            return new ServerNetworkHost(this);
        }
    }
}
