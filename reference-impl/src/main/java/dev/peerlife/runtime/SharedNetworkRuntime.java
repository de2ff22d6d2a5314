package dev.peerlife.runtime;

import dev.peerlife.lifecycle.ConfigurationException;
import dev.peerlife.lifecycle.LifecycleClock;
import dev.peerlife.lifecycle.PeerId;
import dev.peerlife.lifecycle.SessionManager;
import dev.peerlife.lifecycle.SessionPolicy;
import dev.peerlife.transport.ConnectionId;
import dev.peerlife.transport.Envelope;
import dev.peerlife.transport.EnvelopeCodec;
import dev.peerlife.transport.MalformedFrameException;
import dev.peerlife.transport.Transport;
import dev.peerlife.transport.TransportListener;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The client's composition (SNF-1, PRO-1): a reliable transport, an optional sync transport,
 * message routing through the host's dispatcher, and exactly one {@link SessionManager} for the
 * session with the server. Starting reports TransportConnected (not logged in); stopping reports
 * Disconnected.
 *
 * <p>Threading: start, stop and update from the host's thread; send from any thread. Inbound
 * frames arrive on transport threads and reach handlers through the dispatcher.
 */
public final class SharedNetworkRuntime implements AutoCloseable {

    private final TransportLanes lanes;
    private final SessionManager session;
    private final MessageRouter router;
    private final int maxFrameBytes;
    private final RunState runState = new RunState("client runtime");
    private final AtomicLong malformedFrames = new AtomicLong();

    private SharedNetworkRuntime(Builder b) {
        this.lanes = new TransportLanes(b.reliable, b.sync);
        this.session = new SessionManager(b.server, b.policy, b.clock);
        this.router = new MessageRouter(b.dispatcher);
        this.maxFrameBytes = b.maxFrameBytes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts both transports and reports TransportConnected. A failed start leaves nothing running. */
    public void start() {
        runState.beginStart();
        TransportListener listener = new Inbound();
        try {
            lanes.start(listener, listener);
        } catch (RuntimeException | Error e) {
            runState.beginStop();
            throw e;
        }
        session.onTransportConnected();
    }

    /** Reports Disconnected and stops both transports. Idempotent. */
    public void stop() {
        if (runState.beginStop()) {
            session.onTransportDisconnected("runtime stopped");
            lanes.stop();
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

    public MessageRouter router() {
        return router;
    }

    public void send(Envelope envelope) {
        lanes.reliable().sendToAll(EnvelopeCodec.encode(envelope));
    }

    /** Sends on the sync lane, or on the reliable one when there is no sync transport. */
    public void sendSync(Envelope envelope) {
        lanes.syncOrReliable().sendToAll(EnvelopeCodec.encode(envelope));
    }

    /**
     * Applies the session's time rules now and returns milliseconds until the next timeout,
     * reconnect or heartbeat deadline ({@link Long#MAX_VALUE} when none).
     */
    public long update() {
        return Math.min(session.evaluate(), session.millisUntilHeartbeatDue());
    }

    /** Inbound frames that were not valid envelopes, and were dropped. */
    public long malformedFrames() {
        return malformedFrames.get();
    }

    private final class Inbound implements TransportListener {
        @Override
        public void onReceive(ConnectionId connection, byte[] frame) {
            if (!runState.isRunning()) {
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
            router.route(session.peer(), envelope);
        }

        @Override
        public void onDisconnected(ConnectionId connection, String reason) {
            if (runState.isRunning()) {
                session.onTransportDisconnected(reason);
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
            Checks.notNull("reliable", reliable);
            Checks.notNull("policy", policy);
            Checks.notNull("clock", clock);
            Checks.notNull("dispatcher", dispatcher);
            Checks.notNull("server", server);
            Checks.atLeast("maxFrameBytes", maxFrameBytes, EnvelopeCodec.HEADER_BYTES);
            if (sync == reliable) {
                throw new ConfigurationException("sync", "must be a different transport from reliable, or unset");
            }
            return new SharedNetworkRuntime(this);
        }
    }
}
