package dev.peerlife.runtime;

import dev.peerlife.lifecycle.ClockSync;
import dev.peerlife.lifecycle.ConfigurationException;
import dev.peerlife.lifecycle.LifecycleClock;
import dev.peerlife.lifecycle.PeerId;
import dev.peerlife.lifecycle.SessionListener;
import dev.peerlife.lifecycle.SessionPolicy;
import dev.peerlife.lifecycle.SnapshotSink;
import dev.peerlife.transport.EnvelopeCodec;
import dev.peerlife.transport.TransportFactory;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * Everything the client entry point {@link SharedNetworkRuntime#start(ClientRuntimeConfig)} needs:
 * the server's ports, a transport factory that dials them, the policy, clock and dispatcher, and
 * optionally a player id to log in with. {@link #validate()} runs before any transport is created
 * and throws {@link ConfigurationException} naming the first bad field. Immutable; build with
 * {@link #builder()}.
 */
public final class ClientRuntimeConfig {

    private final int reliablePort;
    private final OptionalInt syncPort;
    private final TransportFactory transportFactory;
    private final SessionPolicy policy;
    private final LifecycleClock clock;
    private final Dispatcher dispatcher;
    private final String playerId;
    private final PeerId server;
    private final int maxFrameBytes;
    private final Supplier<ClockSync> clockSync;
    private final boolean redial;
    private final SessionListener listener;
    private final SnapshotSink snapshotSink;

    private ClientRuntimeConfig(Builder b) {
        this.reliablePort = b.reliablePort;
        this.syncPort = b.syncPort;
        this.transportFactory = b.transportFactory;
        this.policy = b.policy;
        this.clock = b.clock;
        this.dispatcher = b.dispatcher;
        this.playerId = b.playerId;
        this.server = b.server;
        this.maxFrameBytes = b.maxFrameBytes;
        this.clockSync = b.clockSync;
        this.redial = b.redial;
        this.listener = b.listener;
        this.snapshotSink = b.snapshotSink;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Checks every field; throws {@link ConfigurationException} naming the first bad one. */
    public ClientRuntimeConfig validate() {
        Checks.serverPort("reliablePort", reliablePort);
        if (syncPort.isPresent()) {
            Checks.serverPort("syncPort", syncPort.getAsInt());
            if (syncPort.getAsInt() == reliablePort) {
                throw new ConfigurationException("syncPort", "must differ from reliablePort, both were " + reliablePort);
            }
        }
        Checks.notNull("transportFactory", transportFactory);
        Checks.notNull("policy", policy);
        Checks.notNull("clock", clock);
        Checks.notNull("dispatcher", dispatcher);
        if (playerId != null && playerId.isBlank()) {
            throw new ConfigurationException("playerId", "must not be blank");
        }
        Checks.notNull("server", server);
        Checks.atLeast("maxFrameBytes", maxFrameBytes, EnvelopeCodec.HEADER_BYTES);
        Checks.notNull("clockSync", clockSync);
        return this;
    }

    public int reliablePort() {
        return reliablePort;
    }

    public OptionalInt syncPort() {
        return syncPort;
    }

    public TransportFactory transportFactory() {
        return transportFactory;
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

    public Optional<String> playerId() {
        return Optional.ofNullable(playerId);
    }

    public PeerId server() {
        return server;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    public Supplier<ClockSync> clockSync() {
        return clockSync;
    }

    public boolean redial() {
        return redial;
    }

    public Optional<SessionListener> listener() {
        return Optional.ofNullable(listener);
    }

    public Optional<SnapshotSink> snapshotSink() {
        return Optional.ofNullable(snapshotSink);
    }

    public static final class Builder {
        private int reliablePort;
        private OptionalInt syncPort = OptionalInt.empty();
        private TransportFactory transportFactory;
        private SessionPolicy policy = SessionPolicy.defaults();
        private LifecycleClock clock = LifecycleClock.monotonic();
        private Dispatcher dispatcher = new QueuedDispatcher();
        private String playerId;
        private PeerId server = PeerId.of("server");
        private int maxFrameBytes = ServerNetworkHost.DEFAULT_MAX_FRAME_BYTES;
        private Supplier<ClockSync> clockSync = ClockSync::lastSampleWins;
        private boolean redial = true;
        private SessionListener listener;
        private SnapshotSink snapshotSink;

        private Builder() {
        }

        /** The server's reliable port, 1..65535; required. */
        public Builder reliablePort(int port) {
            this.reliablePort = port;
            return this;
        }

        /** Adds a sync lane to the server's sync port, 1..65535, different from the reliable one. */
        public Builder syncPort(int port) {
            this.syncPort = OptionalInt.of(port);
            return this;
        }

        /**
         * Makes the client's transports: {@code create(RELIABLE, reliablePort)} at start and at each
         * reconnect, {@code create(SYNC, syncPort)} once; for example
         * {@code NettyTransports.client("127.0.0.1", 65536)}. Required.
         */
        public Builder transportFactory(TransportFactory transportFactory) {
            this.transportFactory = transportFactory;
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
         * How message handlers run; by default a {@link QueuedDispatcher}, drained by
         * {@link SharedNetworkRuntime#drainMessages()} on the client's own loop, as on the server.
         */
        public Builder dispatcher(Dispatcher dispatcher) {
            this.dispatcher = dispatcher;
            return this;
        }

        /** Logs in as this player after each connect, over the wire protocol; none: no login is sent. */
        public Builder playerId(String playerId) {
            this.playerId = playerId;
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

        /** Makes the client's clock sync (NSL-2); by default {@link ClockSync#lastSampleWins()}. */
        public Builder clockSync(Supplier<ClockSync> clockSync) {
            this.clockSync = clockSync;
            return this;
        }

        /**
         * Whether {@link SharedNetworkRuntime#update()} dials a new reliable connection through the
         * factory when the session reaches Reconnecting (or the connection dropped and the policy
         * reconnects); default on. Off, the session stays Reconnecting until the host acts.
         */
        public Builder redial(boolean redial) {
            this.redial = redial;
            return this;
        }

        /** Registered on the session before it starts, so that it hears TransportConnected too. */
        public Builder listener(SessionListener listener) {
            this.listener = listener;
            return this;
        }

        /** Records a snapshot of the session after each of its events (metrics), from the start on. */
        public Builder snapshotSink(SnapshotSink snapshotSink) {
            this.snapshotSink = snapshotSink;
            return this;
        }

        /** Builds the configuration; it is validated when the client starts, or by {@link #validate()}. */
        public ClientRuntimeConfig build() {
            return new ClientRuntimeConfig(this);
        }
    }
}
