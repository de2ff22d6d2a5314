package dev.peerlife.runtime;

import dev.peerlife.lifecycle.ConfigurationException;
import dev.peerlife.lifecycle.LifecycleClock;
import dev.peerlife.lifecycle.SessionPolicy;
import dev.peerlife.transport.EnvelopeCodec;
import dev.peerlife.transport.TransportFactory;

import java.util.OptionalInt;

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
        return this;
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
        private long loginTimeoutMs;
        private int maxMalformedFrames = ServerNetworkHost.DEFAULT_MAX_MALFORMED_FRAMES;

        private Builder() {
        }

        public Builder authenticator(LoginAuthenticator authenticator) {
            this.authenticator = authenticator;
            return this;
        }

        /** Closes connections that have not logged in this long after connecting; 0: never. */
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

        /** How message handlers run; by default a {@link QueuedDispatcher} drained by the runtime handle. */
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
