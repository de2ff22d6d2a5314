package dev.peerlife.runtime;

import dev.peerlife.lifecycle.ClockSync;
import dev.peerlife.lifecycle.ConfigurationException;
import dev.peerlife.lifecycle.LifecycleClock;
import dev.peerlife.lifecycle.SessionPolicy;
import dev.peerlife.lifecycle.SnapshotSink;
import dev.peerlife.transport.EnvelopeCodec;
import dev.peerlife.transport.TransportFactory;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * Everything the server runtime entry point needs (SRE-1). {@link #validate()} runs before any
 * resource starts and throws {@link ConfigurationException} naming the first bad field. Immutable;
 * build with {@link #builder()}.
 */
public final class ServerRuntimeConfig {

    private final int reliablePort;
    private final OptionalInt syncPort;
    private final SessionPolicy policy;
    private final LifecycleClock clock;
    private final Dispatcher dispatcher;
    private final TransportFactory transportFactory;
    private final ServerHostHooks hooks;
    private final long resumeGraceMs;
    private final int maxFrameBytes;
    private final LoginAuthenticator authenticator;
    private final long loginTimeoutMs;
    private final int maxMalformedFrames;
    private final long malformedDecayMs;
    private final int maxPendingLogins;
    private final int maxSessions;
    private final Supplier<ClockSync> clockSync;
    private final SnapshotSink snapshotSink;

    private ServerRuntimeConfig(Builder b) {
        this.reliablePort = b.reliablePort;
        this.syncPort = b.syncPort;
        this.policy = b.policy;
        this.clock = b.clock;
        this.dispatcher = b.dispatcher;
        this.transportFactory = b.transportFactory;
        this.hooks = b.hooks;
        this.resumeGraceMs = b.resumeGraceMs;
        this.maxFrameBytes = b.maxFrameBytes;
        this.authenticator = b.authenticator;
        this.loginTimeoutMs = b.loginTimeoutMs;
        this.maxMalformedFrames = b.maxMalformedFrames;
        this.malformedDecayMs = b.malformedDecayMs;
        this.maxPendingLogins = b.maxPendingLogins;
        this.maxSessions = b.maxSessions;
        this.clockSync = b.clockSync;
        this.snapshotSink = b.snapshotSink;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Checks every field; throws {@link ConfigurationException} naming the first bad one. */
    public ServerRuntimeConfig validate() {
        Checks.port("reliablePort", reliablePort);
        if (syncPort.isPresent()) {
            Checks.port("syncPort", syncPort.getAsInt());
            if (syncPort.getAsInt() == reliablePort && reliablePort != 0) {
                throw new ConfigurationException("syncPort", "must differ from reliablePort, both were " + reliablePort);
            }
        }
        Checks.notNull("policy", policy);
        Checks.notNull("clock", clock);
        Checks.notNull("dispatcher", dispatcher);
        Checks.notNull("transportFactory", transportFactory);
        Checks.notNull("hooks", hooks);
        Checks.atLeast("resumeGraceMs", resumeGraceMs, 1);
        Checks.atLeast("maxFrameBytes", maxFrameBytes, EnvelopeCodec.HEADER_BYTES);
        Checks.notNull("authenticator", authenticator);
        Checks.atLeast("loginTimeoutMs", loginTimeoutMs, 0);
        Checks.atLeast("maxMalformedFrames", maxMalformedFrames, 0);
        Checks.atLeast("malformedDecayMs", malformedDecayMs, 0);
        Checks.atLeast("maxPendingLogins", maxPendingLogins, 1);
        Checks.atLeast("maxSessions", maxSessions, 1);
        Checks.notNull("clockSync", clockSync);
        return this;
    }

    /** Makes each hosted session's clock sync. */
    public Supplier<ClockSync> clockSync() {
        return clockSync;
    }

    /** Where the host records a snapshot of each session after each of its events, if anywhere. */
    public Optional<SnapshotSink> snapshotSink() {
        return Optional.ofNullable(snapshotSink);
    }

    public long malformedDecayMs() {
        return malformedDecayMs;
    }

    public int maxPendingLogins() {
        return maxPendingLogins;
    }

    public int maxSessions() {
        return maxSessions;
    }

    public LoginAuthenticator authenticator() {
        return authenticator;
    }

    public long loginTimeoutMs() {
        return loginTimeoutMs;
    }

    public int maxMalformedFrames() {
        return maxMalformedFrames;
    }

    public int reliablePort() {
        return reliablePort;
    }

    public OptionalInt syncPort() {
        return syncPort;
    }

    public SessionPolicy policy() {
        return policy;
    }

    public LifecycleClock clock() {
        return clock;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    public TransportFactory transportFactory() {
        return transportFactory;
    }

    public ServerHostHooks hooks() {
        return hooks;
    }

    public long resumeGraceMs() {
        return resumeGraceMs;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    public static final class Builder {
        private int reliablePort;
        private OptionalInt syncPort = OptionalInt.empty();
        private SessionPolicy policy = SessionPolicy.defaults();
        private LifecycleClock clock = LifecycleClock.monotonic();
        private Dispatcher dispatcher = new QueuedDispatcher();
        private TransportFactory transportFactory;
        private ServerHostHooks hooks = ServerHostHooks.none();
        private long resumeGraceMs = ServerNetworkHost.DEFAULT_RESUME_GRACE_MS;
        private int maxFrameBytes = ServerNetworkHost.DEFAULT_MAX_FRAME_BYTES;
        private LoginAuthenticator authenticator = LoginAuthenticator.acceptAny();
        private long loginTimeoutMs = ServerNetworkHost.DEFAULT_LOGIN_TIMEOUT_MS;
        private int maxMalformedFrames = ServerNetworkHost.DEFAULT_MAX_MALFORMED_FRAMES;
        private long malformedDecayMs = ServerNetworkHost.DEFAULT_MALFORMED_DECAY_MS;
        private int maxPendingLogins = ServerNetworkHost.DEFAULT_MAX_PENDING_LOGINS;
        private int maxSessions = ServerNetworkHost.DEFAULT_MAX_SESSIONS;
        private Supplier<ClockSync> clockSync = ClockSync::lastSampleWins;
        private SnapshotSink snapshotSink;

        private Builder() {
        }

        /** Makes each session's clock sync (NSL-2); by default {@link ClockSync#lastSampleWins()}. */
        public Builder clockSync(Supplier<ClockSync> clockSync) {
            this.clockSync = clockSync;
            return this;
        }

        /** Records a snapshot of every hosted session after each of its events (metrics); none by default. */
        public Builder snapshotSink(SnapshotSink snapshotSink) {
            this.snapshotSink = snapshotSink;
            return this;
        }

        /** Every this many milliseconds one counted bad frame of a connection is forgotten; 0: never. */
        public Builder malformedDecayMs(long malformedDecayMs) {
            this.malformedDecayMs = malformedDecayMs;
            return this;
        }

        /** How many connections may wait to log in at once; past it the one waiting longest is closed. */
        public Builder maxPendingLogins(int maxPendingLogins) {
            this.maxPendingLogins = maxPendingLogins;
            return this;
        }

        /** How many sessions the host keeps, live or in their resume window. */
        public Builder maxSessions(int maxSessions) {
            this.maxSessions = maxSessions;
            return this;
        }

        public Builder authenticator(LoginAuthenticator authenticator) {
            this.authenticator = authenticator;
            return this;
        }

        /** Closes connections that have not logged in this long after connecting; default 10 s; 0: never. */
        public Builder loginTimeoutMs(long loginTimeoutMs) {
            this.loginTimeoutMs = loginTimeoutMs;
            return this;
        }

        public Builder maxMalformedFrames(int maxMalformedFrames) {
            this.maxMalformedFrames = maxMalformedFrames;
            return this;
        }

        /** The reliable lane's port; 0 picks any free port. */
        public Builder reliablePort(int port) {
            this.reliablePort = port;
            return this;
        }

        /** Adds a sync lane at {@code port} (0: any free port); it must differ from the reliable port. */
        public Builder syncPort(int port) {
            this.syncPort = OptionalInt.of(port);
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

        /**
         * How message handlers run; by default a {@link QueuedDispatcher} drained by the runtime
         * handle's {@link ServerRuntime#drainMessages()} on the host's loop, so handlers and lifecycle
         * updates share one thread. (The original system's entry point runs them at once, on the
         * receiving thread; pass {@link Dispatcher#immediate()} for that.)
         */
        public Builder dispatcher(Dispatcher dispatcher) {
            this.dispatcher = dispatcher;
            return this;
        }

        public Builder transportFactory(TransportFactory transportFactory) {
            this.transportFactory = transportFactory;
            return this;
        }

        public Builder hooks(ServerHostHooks hooks) {
            this.hooks = hooks;
            return this;
        }

        public Builder resumeGraceMs(long resumeGraceMs) {
            this.resumeGraceMs = resumeGraceMs;
            return this;
        }

        public Builder maxFrameBytes(int maxFrameBytes) {
            this.maxFrameBytes = maxFrameBytes;
            return this;
        }

        /** Builds the configuration; it is validated when the runtime starts, or by {@link #validate()}. */
        public ServerRuntimeConfig build() {
            return new ServerRuntimeConfig(this);
        }
    }
}
