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
import dev.peerlife.transport.SessionBound;
import dev.peerlife.transport.Transport;
import dev.peerlife.transport.TransportListener;
import dev.peerlife.wire.ProtocolCodec;
import dev.peerlife.wire.ProtocolMessage;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

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
    public static final int DEFAULT_MAX_MALFORMED_FRAMES = 16;

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
    /** Where each peer's sync traffic last came from, for replies on that lane. */
    private final Map<PeerId, ConnectionId> syncConnectionOf = new ConcurrentHashMap<>();
    private final AtomicLong unknownSyncFrames = new AtomicLong();
    private final AtomicLong rejectedConnections = new AtomicLong();
    private final LifecycleClock clock;
    private final LoginAuthenticator authenticator;
    private final LongSupplier serverTick;
    private final long loginTimeoutMs;
    private final int maxMalformedFrames;
    private final SecureRandom tokens = new SecureRandom();
    /** Token (hex) to the session it resumes, and back; both guarded by {@code admissionLock}. */
    private final Map<String, PeerId> sessionOfToken = new java.util.HashMap<>();
    private final Map<PeerId, String> tokenOfSession = new java.util.HashMap<>();
    /** Identities being created by a login right now; guarded by {@code admissionLock}. */
    private final Set<PeerId> claimed = new HashSet<>();
    /** Connections that must log in by the given time (only with a login timeout). */
    private final Map<ConnectionId, Long> loginDeadlines = new ConcurrentHashMap<>();
    /** Connections that have logged in. */
    private final Set<ConnectionId> loggedIn = ConcurrentHashMap.newKeySet();

    private ServerNetworkHost(Builder b) {
        this.lanes = new TransportLanes(b.reliable, b.sync);
        this.sessions = MultiSessionManager.builder().policy(b.policy).clock(b.clock)
                .resumeGraceMs(b.resumeGraceMs).build();
        this.router = new MessageRouter(b.dispatcher);
        this.hooks = b.hooks;
        this.identity = b.identity;
        this.maxFrameBytes = b.maxFrameBytes;
        this.clock = b.clock;
        this.authenticator = b.authenticator;
        this.serverTick = b.serverTick == null ? b.clock::nowMs : b.serverTick;
        this.loginTimeoutMs = b.loginTimeoutMs;
        this.maxMalformedFrames = b.maxMalformedFrames;
        this.sessions.addListener(new SessionListener() {
            @Override
            public void onRemoved(SessionRemoved removed) {
                forgetToken(removed.peer());
                syncConnectionOf.remove(removed.peer());
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

    /**
     * Applies time rules to the due sessions and closes connections that missed their login
     * deadline; returns milliseconds until the next deadline.
     */
    public long evaluate() {
        long delay = sessions.evaluate();
        if (!loginDeadlines.isEmpty()) {
            long nowMs = clock.nowMs();
            for (Map.Entry<ConnectionId, Long> e : loginDeadlines.entrySet()) {
                long left = e.getValue() - nowMs;
                if (left <= 0) {
                    loginDeadlines.remove(e.getKey());
                    closeWithNotice(e.getKey(), "login timeout: no login within " + loginTimeoutMs + " ms");
                } else {
                    delay = Math.min(delay, left);
                }
            }
        }
        return delay;
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
        if (!lanes.hasSync()) {
            send(peer, envelope);
            return;
        }
        ConnectionId connection = syncConnectionOf.getOrDefault(peer, connectionOf.get(peer));
        if (connection != null) {
            lanes.syncOrReliable().send(connection, EnvelopeCodec.encode(envelope));
        }
    }

    /** Sync-lane frames that named no admitted session (unknown token or peer), or could not be read. */
    public long unknownSyncFrames() {
        return unknownSyncFrames.get();
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

    /** The reliable lane's bound port, when its transport listens on one. */
    public java.util.OptionalInt reliablePort() {
        return lanes.reliable() instanceof dev.peerlife.transport.BoundTransport b
                ? java.util.OptionalInt.of(b.port()) : java.util.OptionalInt.empty();
    }

    /** The sync lane's bound port, when there is one and it listens on a port. */
    public java.util.OptionalInt syncPort() {
        return lanes.hasSync() && lanes.syncOrReliable() instanceof dev.peerlife.transport.BoundTransport b
                ? java.util.OptionalInt.of(b.port()) : java.util.OptionalInt.empty();
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

    private void receive(ConnectionId connection, PeerId peer, byte[] frame) {
        Envelope envelope;
        try {
            envelope = EnvelopeCodec.decode(frame, maxFrameBytes);
        } catch (MalformedFrameException e) {
            malformed(connection, peer, e.getMessage());
            return;
        }
        if (!ProtocolCodec.isProtocolType(envelope.type())) {
            sessions.onTransportActivity(peer);
            router.route(peer, envelope);
            return;
        }
        ProtocolMessage message;
        try {
            message = ProtocolCodec.decode(envelope);
        } catch (MalformedFrameException e) {
            malformed(connection, peer, e.getMessage());
            return;
        }
        if (message instanceof ProtocolMessage.LoginRequest login) {
            sessions.onTransportActivity(peer);
            login(connection, peer, login);
        } else if (message instanceof ProtocolMessage.Heartbeat heartbeat) {
            sessions.onTransportActivity(peer);
            sessions.onHeartbeatReceived(peer);
            reply(connection, new ProtocolMessage.HeartbeatAck(heartbeat.clientTimeMs(), serverTick.getAsLong()));
        } else if (message instanceof ProtocolMessage.Disconnect disconnect) {
            lanes.reliable().close(connection, "peer disconnected: " + disconnect.reason());
        } else {
            malformed(connection, peer, "a client may not send " + message.getClass().getSimpleName());
        }
    }

    /** Counts a bad frame for {@code peer}; past the limit, closes its connection with the reason. */
    private void malformed(ConnectionId connection, PeerId peer, String why) {
        long count = malformedByPeer.computeIfAbsent(peer, p -> new AtomicLong()).incrementAndGet();
        if (connection != null && count > maxMalformedFrames) {
            closeWithNotice(connection, "too many malformed frames (" + count + "; last: " + why + ")");
        }
    }

    /**
     * A login on {@code connection}, whose session is {@code current}. Fresh: the authenticator
     * decides and the session takes the player id as identity. Resume: a valid token hands the
     * connection the session it names. See docs/wire-protocol.md.
     */
    private void login(ConnectionId connection, PeerId current, ProtocolMessage.LoginRequest request) {
        if (loggedIn.contains(connection)) {
            malformed(connection, current, "a second login on a logged-in connection");
            return;
        }
        sessions.onLoginStarted(current);
        PeerId target;
        String refusal = null;
        boolean resume = request.resuming();
        synchronized (admissionLock) {
            if (resume) {
                target = sessionOfToken.get(HexFormat.of().formatHex(request.resumeToken()));
                if (target == null || sessions.lookup(target).isEmpty()) {
                    refusal = "invalid or expired session token";
                }
            } else {
                target = PeerId.of(request.playerId());
                if (!target.equals(current) && (claimed.contains(target) || sessions.lookup(target).isPresent())) {
                    refusal = "player " + target + " already has a session; resume it with its token";
                }
            }
            if (refusal == null && !target.equals(current)) {
                claimed.add(target);
            }
        }
        if (refusal == null && !resume) {
            Admission decision = authenticator.authenticate(request.playerId());
            if (!decision.accepted()) {
                refusal = decision.reason();
            }
        }
        if (refusal != null) {
            synchronized (admissionLock) {
                claimed.remove(target);
            }
            sessions.onLoginFailed(current, refusal);
            reply(connection, new ProtocolMessage.LoginRejected(refusal));
            return;
        }
        byte[] token;
        try {
            token = resume ? request.resumeToken() : newToken(target);
            if (!target.equals(current)) {
                rebind(connection, current, target, resume);
            } else {
                sessions.onLoginSucceeded(current);
            }
        } finally {
            synchronized (admissionLock) {
                claimed.remove(target);
            }
        }
        loggedIn.add(connection);
        loginDeadlines.remove(connection);
        reply(connection, new ProtocolMessage.LoginAccepted(target.value(), token));
    }

    /** Moves {@code connection} from its provisional session to {@code target}, which then logs in. */
    private void rebind(ConnectionId connection, PeerId provisional, PeerId target, boolean resume) {
        ConnectionId previous = connectionOf.get(target);
        if (previous != null && !previous.equals(connection)) {
            peerOf.remove(previous);
            connectionOf.remove(target, previous);
            sessions.onTransportDisconnected(target, "superseded by a resumed connection");
            closeWithNotice(previous, "superseded by a resumed connection");
        }
        peerOf.put(connection, target);
        connectionOf.remove(provisional, connection);
        connectionOf.put(target, connection);
        sessions.remove(provisional, (resume ? "resumed as " : "identified as ") + target);
        sessions.onTransportConnected(target);
        sessions.onLoginStarted(target);
        sessions.onLoginSucceeded(target);
    }

    private byte[] newToken(PeerId target) {
        byte[] token = new byte[ProtocolMessage.TOKEN_BYTES];
        tokens.nextBytes(token);
        String hex = HexFormat.of().formatHex(token);
        synchronized (admissionLock) {
            String old = tokenOfSession.put(target, hex);
            if (old != null) {
                sessionOfToken.remove(old);
            }
            sessionOfToken.put(hex, target);
        }
        return token;
    }

    private void forgetToken(PeerId peer) {
        synchronized (admissionLock) {
            String token = tokenOfSession.remove(peer);
            if (token != null) {
                sessionOfToken.remove(token);
            }
        }
    }

    private void reply(ConnectionId connection, ProtocolMessage message) {
        lanes.reliable().send(connection, EnvelopeCodec.encode(ProtocolCodec.encode(message)));
    }

    /** Tells the peer why, then closes its connection. */
    private void closeWithNotice(ConnectionId connection, String reason) {
        reply(connection, new ProtocolMessage.Disconnect(reason));
        lanes.reliable().close(connection, reason);
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
                closeWithNotice(connection, "admission refused: " + admission.reason());
                return;
            }
            peerOf.put(connection, peer);
            if (loginTimeoutMs > 0) {
                loginDeadlines.put(connection, clock.nowMs() + loginTimeoutMs);
            }
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
                receive(connection, peer, frame);
            }
        }

        @Override
        public void onMalformed(ConnectionId connection, String reason) {
            PeerId peer = peerOf.get(connection);
            if (peer != null) {
                malformed(connection, peer, reason);
            }
        }

        @Override
        public void onDisconnected(ConnectionId connection, String reason) {
            loginDeadlines.remove(connection);
            loggedIn.remove(connection);
            PeerId peer = peerOf.remove(connection);
            if (peer != null) {
                connectionOf.remove(peer, connection);
                sessions.onTransportDisconnected(peer, reason);
            }
        }
    }

    /**
     * The sync lane carries datagrams for peers the reliable lane already admitted; it opens no
     * session. A datagram names its session by token ({@code token:HEX}, UDP) or by the same
     * connection name as the reliable lane (in-memory).
     */
    private final class SyncInbound implements TransportListener {
        @Override
        public void onReceive(ConnectionId connection, byte[] frame) {
            PeerId peer;
            if (connection.value().startsWith(SessionBound.TOKEN_CONNECTION_PREFIX)) {
                synchronized (admissionLock) {
                    peer = sessionOfToken.get(connection.value().substring(SessionBound.TOKEN_CONNECTION_PREFIX.length()));
                }
            } else {
                peer = identity.apply(connection);
            }
            if (peer == null || !connectionOf.containsKey(peer)) {
                unknownSyncFrames.incrementAndGet();
                return;
            }
            if (runState.isRunning()) {
                syncConnectionOf.put(peer, connection);
                receive(null, peer, frame);
            }
        }

        @Override
        public void onMalformed(ConnectionId connection, String reason) {
            unknownSyncFrames.incrementAndGet();
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
        private long loginTimeoutMs;
        private int maxMalformedFrames = DEFAULT_MAX_MALFORMED_FRAMES;

        private Builder() {
        }

        /** Decides fresh logins; by default any non-blank player id is accepted. */
        public Builder authenticator(LoginAuthenticator authenticator) {
            this.authenticator = authenticator;
            return this;
        }

        /** The tick each heartbeat ack carries; by default the clock's milliseconds. */
        public Builder serverTick(LongSupplier serverTick) {
            this.serverTick = serverTick;
            return this;
        }

        /** Closes a connection that has not logged in this long after connecting; 0 (default): never. */
        public Builder loginTimeoutMs(long loginTimeoutMs) {
            this.loginTimeoutMs = loginTimeoutMs;
            return this;
        }

        /** How many malformed frames one peer may send before it is disconnected. */
        public Builder maxMalformedFrames(int maxMalformedFrames) {
            this.maxMalformedFrames = maxMalformedFrames;
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
            Checks.notNull("authenticator", authenticator);
            Checks.atLeast("loginTimeoutMs", loginTimeoutMs, 0);
            Checks.atLeast("maxMalformedFrames", maxMalformedFrames, 0);
            if (Objects.equals(sync, reliable)) {
                throw new ConfigurationException("sync", "must be a different transport from reliable, or unset");
            }
            return new ServerNetworkHost(this);
        }
    }
}
