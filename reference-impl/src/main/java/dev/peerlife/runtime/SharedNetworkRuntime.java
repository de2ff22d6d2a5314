package dev.peerlife.runtime;

import dev.peerlife.lifecycle.ClockSync;
import dev.peerlife.lifecycle.ConfigurationException;
import dev.peerlife.lifecycle.LifecycleClock;
import dev.peerlife.lifecycle.PeerId;
import dev.peerlife.lifecycle.SessionManager;
import dev.peerlife.lifecycle.SessionPolicy;
import dev.peerlife.lifecycle.SessionState;
import dev.peerlife.transport.ConnectionId;
import dev.peerlife.transport.Envelope;
import dev.peerlife.transport.EnvelopeCodec;
import dev.peerlife.transport.MalformedFrameException;
import dev.peerlife.transport.SessionBound;
import dev.peerlife.transport.Transport;
import dev.peerlife.transport.TransportFactory;
import dev.peerlife.transport.TransportListener;
import dev.peerlife.transport.TransportRole;
import dev.peerlife.wire.ProtocolCodec;
import dev.peerlife.wire.ProtocolMessage;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The client's composition (SNF-1, PRO-1): a reliable transport, an optional sync transport,
 * message routing through the host's dispatcher, exactly one {@link SessionManager} for the session
 * with the server, and the {@link ClockSync} its server-tick samples go to (NSL-2). Starting reports
 * TransportConnected (not logged in); stopping reports Disconnected.
 *
 * <p>Two ways to get one: the client entry point {@link #start(ClientRuntimeConfig)}, which creates the
 * transports from a factory and ports and starts them (as {@link ServerRuntime#start} does for a
 * server), or {@link #builder()} with transports made by the caller, then {@link #start()}.
 *
 * <p>With a player id it speaks the wire protocol (docs/wire-protocol.md): it logs in after each
 * connect, sends heartbeats when due, takes RTT and server tick from the acks, and, with a dialer,
 * dials again when its session reaches Reconnecting, resuming its identity with the session token.
 *
 * <p>Threading: start, stop and update from the host's thread; send from any thread. Inbound
 * frames arrive on transport threads and reach handlers through the dispatcher.
 */
public final class SharedNetworkRuntime implements AutoCloseable {

    private static final long MAX_BACKOFF_MS = 30_000;
    private static final long MIN_BACKOFF_MS = 100;

    private final Transport sync;
    private final Supplier<Transport> dialer;
    private final ClockSync clockSync;
    private final SessionManager session;
    private final Dispatcher dispatcher;
    private final MessageRouter router;
    private final LifecycleClock clock;
    private final int maxFrameBytes;
    private final String playerId;
    private final RunState runState = new RunState("client runtime");
    private final AtomicLong malformedFrames = new AtomicLong();
    private volatile Transport reliable;
    private volatile byte[] token;
    private volatile String identity;
    private volatile String lastNotice;
    private volatile boolean dropped;
    /** Whether the login in flight presents a token. */
    private volatile boolean resuming;
    private int failedAttempts;
    private long nextAttemptAtMs;

    private SharedNetworkRuntime(Builder b) {
        this.reliable = b.reliable;
        this.sync = b.sync;
        this.dialer = b.dialer;
        this.clockSync = Objects.requireNonNull(b.clockSync.get(), "clockSync factory returned null");
        this.session = new SessionManager(b.server, b.policy, b.clock, clockSync);
        this.dispatcher = b.dispatcher;
        this.router = new MessageRouter(b.dispatcher);
        this.clock = b.clock;
        this.maxFrameBytes = b.maxFrameBytes;
        this.playerId = b.playerId;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The client entry point: validates {@code config} before anything is created, creates the
     * reliable transport (and the sync one, with a sync port) from its transport factory, and starts
     * the runtime, which reports TransportConnected and, with a player id, logs in. The factory also
     * dials each reconnect, unless {@link ClientRuntimeConfig.Builder#redial redial} is off. If a
     * step fails, whatever was created is stopped and the failure rethrown (rollback failures
     * attached as suppressed): no half-started client remains. {@link #stop()} is idempotent.
     *
     * @throws dev.peerlife.lifecycle.ConfigurationException naming the first bad field
     */
    public static SharedNetworkRuntime start(ClientRuntimeConfig config) {
        Objects.requireNonNull(config, "config").validate();
        TransportFactory factory = config.transportFactory();
        int port = config.reliablePort();
        Transport reliable = null;
        Transport syncTransport = null;
        SharedNetworkRuntime runtime;
        try {
            reliable = Objects.requireNonNull(factory.create(TransportRole.RELIABLE, port),
                    "transportFactory returned no reliable transport");
            if (config.syncPort().isPresent()) {
                syncTransport = Objects.requireNonNull(factory.create(TransportRole.SYNC, config.syncPort().getAsInt()),
                        "transportFactory returned no sync transport");
            }
            Builder builder = builder().reliable(reliable).sync(syncTransport).policy(config.policy())
                    .clock(config.clock()).dispatcher(config.dispatcher()).server(config.server())
                    .maxFrameBytes(config.maxFrameBytes()).clockSync(config.clockSync())
                    .playerId(config.playerId().orElse(null));
            if (config.redial()) {
                builder.dialer(() -> factory.create(TransportRole.RELIABLE, port));
            }
            runtime = builder.build();
            config.listener().ifPresent(runtime.session()::addListener);
            config.snapshotSink().ifPresent(runtime.session()::addSnapshotSink);
        } catch (RuntimeException | Error failure) {
            // Nothing has started; stopping a created transport releases whatever it holds.
            if (syncTransport != null) {
                TransportLanes.stopQuietly(syncTransport, failure);
            }
            if (reliable != null) {
                TransportLanes.stopQuietly(reliable, failure);
            }
            throw failure;
        }
        runtime.start(); // rolls back its own transports if the sync one fails to start
        return runtime;
    }

    /**
     * Starts both transports and reports TransportConnected; with a player id, sends the login. A
     * failed start leaves nothing running.
     */
    public void start() {
        runState.beginStart();
        Transport first = reliable != null ? reliable : dialer.get();
        reliable = first;
        try {
            new TransportLanes(first, sync).start(new Inbound(first), new Inbound(sync));
        } catch (RuntimeException | Error e) {
            runState.beginStop();
            throw e;
        }
        session.onTransportConnected();
        login();
    }

    /** Reports Disconnected, tells the server, and stops both transports. Idempotent. */
    public void stop() {
        if (runState.beginStop()) {
            session.onTransportDisconnected("runtime stopped");
            Transport current = reliable;
            if (playerId != null) {
                current.sendToAll(EnvelopeCodec.encode(ProtocolCodec.encode(new ProtocolMessage.Disconnect("client stopped"))));
            }
            new TransportLanes(current, sync).stop();
        }
    }

    @Override
    public void close() {
        stop();
    }

    public boolean isRunning() {
        return runState.isRunning();
    }

    /** The one session of this runtime, with the server. */
    public SessionManager session() {
        return session;
    }

    /** Where the session's server-tick samples go: heartbeat answers and {@link #onAuthoritativeTick}. */
    public ClockSync clockSync() {
        return clockSync;
    }

    /**
     * An authoritative state update from the server carried {@code serverTick}: a clock-sync sample,
     * and nothing else: the lifecycle is untouched. Returns whether the clock sync took it.
     */
    public boolean onAuthoritativeTick(long serverTick) {
        return clockSync.observe(serverTick, clock.nowMs());
    }

    /**
     * The transport that carries {@code lane} now: the reliable one (replaced at each reconnect) for
     * {@link TransportRole#RELIABLE}; for {@link TransportRole#SYNC} the sync transport, or, without
     * one, the reliable transport, which then carries both lanes (NSL-4, SNF-5).
     */
    public Transport transport(TransportRole lane) {
        return lane == TransportRole.SYNC && sync != null ? sync : reliable;
    }

    /**
     * Runs queued message handlers on the calling thread, when the dispatcher queues them; returns
     * how many ran (0 with {@link Dispatcher#immediate()}, whose handlers ran on arrival).
     */
    public int drainMessages() {
        return dispatcher instanceof QueuedDispatcher queued ? queued.drain() : 0;
    }

    public MessageRouter router() {
        return router;
    }

    /** The identity the server gave this client at its last accepted login, if any. */
    public String identity() {
        return identity;
    }

    /** The reason the server gave in its last Disconnect notice, if any. */
    public String lastServerNotice() {
        return lastNotice;
    }

    public void send(Envelope envelope) {
        reliable.sendToAll(EnvelopeCodec.encode(envelope));
    }

    /** Sends on the sync lane, or on the reliable one when there is no sync transport. */
    public void sendSync(Envelope envelope) {
        (sync == null ? reliable : sync).sendToAll(EnvelopeCodec.encode(envelope));
    }

    /**
     * Runs the client's lifecycle at the clock's current time: time rules, a heartbeat when one is
     * due, and, with a dialer, a reconnect attempt when the session is Reconnecting (or the
     * connection dropped and auto-reconnect is on) and the backoff allows. Returns milliseconds
     * until this next needs to run ({@link Long#MAX_VALUE} when nothing is pending).
     */
    public long update() {
        if (!runState.isRunning()) {
            return Long.MAX_VALUE;
        }
        long delay = session.evaluate();
        if (playerId != null && session.isHeartbeatDue()) {
            long lastRttMs = session.snapshot().rttMs().orElse(-1);
            // Record the heartbeat before it is on the wire: its ack may arrive before send returns.
            session.onHeartbeatSent();
            reliable.sendToAll(EnvelopeCodec.encode(ProtocolCodec.encode(new ProtocolMessage.Heartbeat(clock.nowMs(), lastRttMs))));
        }
        SessionState state = session.state();
        boolean wantsReconnect = state == SessionState.RECONNECTING
                || (state == SessionState.DISCONNECTED && dropped && session.policy().autoReconnect());
        if (dialer != null && wantsReconnect) {
            long wait = reconnect();
            delay = Math.min(delay, wait);
        }
        return Math.min(delay, session.millisUntilHeartbeatDue());
    }

    /** Dials again if the backoff allows; returns milliseconds until the next attempt may be made. */
    private synchronized long reconnect() {
        long nowMs = clock.nowMs();
        long wait = nextAttemptAtMs - nowMs;
        if (failedAttempts > 0 && wait > 0) {
            return wait;
        }
        Transport old = reliable;
        TransportLanes.stopQuietly(old, new RuntimeException("replacing the connection"));
        Transport fresh = dialer.get();
        reliable = fresh;
        try {
            fresh.start(new Inbound(fresh));
        } catch (RuntimeException e) {
            failedAttempts++;
            long backoff = Math.min(MAX_BACKOFF_MS,
                    Math.max(MIN_BACKOFF_MS, session.policy().reconnectDelayMs()) << Math.min(failedAttempts - 1, 16));
            nextAttemptAtMs = nowMs + backoff;
            session.onReconnectFailed("attempt " + failedAttempts + " failed: " + e.getMessage());
            return backoff;
        }
        failedAttempts = 0;
        dropped = false;
        session.onTransportConnected();
        login();
        return 0;
    }

    private void login() {
        if (playerId == null) {
            return;
        }
        byte[] resumeWith = token;
        resuming = resumeWith != null;
        session.onLoginStarted();
        reliable.sendToAll(EnvelopeCodec.encode(ProtocolCodec.encode(new ProtocolMessage.LoginRequest(playerId, resumeWith))));
    }

    /** Inbound frames that were not valid envelopes or lifecycle messages, and were dropped. */
    public long malformedFrames() {
        return malformedFrames.get();
    }

    private void onProtocol(ProtocolMessage message) {
        if (message instanceof ProtocolMessage.LoginAccepted accepted) {
            token = accepted.token();
            identity = accepted.peerId();
            if (sync instanceof SessionBound bound) {
                bound.bindSession(accepted.token());
            }
            session.onLoginSucceeded();
        } else if (message instanceof ProtocolMessage.LoginRejected rejected) {
            boolean wasResume = resuming;
            token = null;
            session.onLoginFailed(rejected.reason());
            if (wasResume) {
                // The session is gone (its resume window ended): start a new one on this connection.
                login();
            }
        } else if (message instanceof ProtocolMessage.HeartbeatAck ack) {
            session.onHeartbeatReceived(ack.serverTick());
        } else if (message instanceof ProtocolMessage.Disconnect notice) {
            lastNotice = notice.reason();
        } else {
            malformedFrames.incrementAndGet();
        }
    }

    /** Events of one transport; once that transport is replaced, its late events are ignored. */
    private final class Inbound implements TransportListener {
        private final Transport transport;

        Inbound(Transport transport) {
            this.transport = transport;
        }

        private boolean current() {
            return runState.isRunning() && (transport == reliable || transport == sync);
        }

        @Override
        public void onReceive(ConnectionId connection, byte[] frame) {
            if (!current()) {
                return;
            }
            Envelope envelope;
            try {
                envelope = EnvelopeCodec.decode(frame, maxFrameBytes);
            } catch (MalformedFrameException e) {
                malformedFrames.incrementAndGet();
                return;
            }
            session.onInboundActivity();
            if (ProtocolCodec.isProtocolType(envelope.type())) {
                try {
                    onProtocol(ProtocolCodec.decode(envelope));
                } catch (MalformedFrameException e) {
                    malformedFrames.incrementAndGet();
                }
                return;
            }
            router.route(session.peer(), envelope);
        }

        @Override
        public void onMalformed(ConnectionId connection, String reason) {
            malformedFrames.incrementAndGet();
        }

        @Override
        public void onDisconnected(ConnectionId connection, String reason) {
            if (transport == reliable && runState.isRunning()) {
                dropped = true;
                session.onTransportDisconnected(lastNotice != null ? reason + " (" + lastNotice + ")" : reason);
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
        private PeerId server = PeerId.of("server");
        private int maxFrameBytes = ServerNetworkHost.DEFAULT_MAX_FRAME_BYTES;
        private Supplier<Transport> dialer;
        private String playerId;
        private Supplier<ClockSync> clockSync = ClockSync::lastSampleWins;

        private Builder() {
        }

        /** Makes the runtime's clock sync (called once, at build); by default {@link ClockSync#lastSampleWins()}. */
        public Builder clockSync(Supplier<ClockSync> clockSync) {
            this.clockSync = clockSync;
            return this;
        }

        /**
         * Makes a new reliable transport for each connection attempt: the first one (when no
         * {@link #reliable} is given) and every reconnect. Without a dialer the runtime does not
         * reconnect by itself.
         */
        public Builder dialer(Supplier<Transport> dialer) {
            this.dialer = dialer;
            return this;
        }

        /** Logs in as this player after each connect, over the wire protocol; none: no login is sent. */
        public Builder playerId(String playerId) {
            this.playerId = playerId;
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

        /** The identity the session's events carry for the server; "server" by default. */
        public Builder server(PeerId server) {
            this.server = server;
            return this;
        }

        public Builder maxFrameBytes(int maxFrameBytes) {
            this.maxFrameBytes = maxFrameBytes;
            return this;
        }

        public SharedNetworkRuntime build() {
            if (reliable == null && dialer == null) {
                throw new ConfigurationException("reliable", "must be set, or a dialer given");
            }
            if (playerId != null && playerId.isBlank()) {
                throw new ConfigurationException("playerId", "must not be blank");
            }
            Checks.notNull("policy", policy);
            Checks.notNull("clock", clock);
            Checks.notNull("dispatcher", dispatcher);
            Checks.notNull("server", server);
            Checks.notNull("clockSync", clockSync);
            Checks.atLeast("maxFrameBytes", maxFrameBytes, EnvelopeCodec.HEADER_BYTES);
            if (sync != null && sync == reliable) {
                throw new ConfigurationException("sync", "must be a different transport from reliable, or unset");
            }
            return new SharedNetworkRuntime(this);
        }
    }
}
