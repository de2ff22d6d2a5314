package dev.peerlife.runtime;

import dev.peerlife.lifecycle.MultiSessionManager;
import dev.peerlife.transport.Transport;
import dev.peerlife.transport.TransportRole;

import java.util.Objects;

/**
 * The server runtime entry point (MSL-4, SRE-1..5). {@link #start} validates the configuration,
 * creates the transports and the {@link ServerNetworkHost} with its own {@link MultiSessionManager},
 * and starts them; the returned handle drives message draining, lifecycle updates and shutdown.
 * Stopping clears every managed session; no caller removes peers one by one.
 *
 * <p>Threading: {@link #drainMessages()} and {@link #update()} belong to the host's loop thread;
 * {@link #stop()} may be called from any thread, any number of times.
 */
public final class ServerRuntime implements AutoCloseable {

    private final ServerRuntimeConfig config;
    private final ServerNetworkHost host;

    private ServerRuntime(ServerRuntimeConfig config, ServerNetworkHost host) {
        this.config = config;
        this.host = host;
    }

    /**
     * Starts a server. Validation happens before any resource is created. If any later step fails,
     * everything already started is stopped and the original failure is rethrown (rollback
     * failures are attached as suppressed); no partially running server remains.
     */
    public static ServerRuntime start(ServerRuntimeConfig config) {
        Objects.requireNonNull(config, "config").validate();
        Transport reliable = null;
        Transport sync = null;
        ServerNetworkHost host;
        try {
            reliable = config.transportFactory().create(TransportRole.RELIABLE, config.reliablePort());
            Objects.requireNonNull(reliable, "transportFactory returned no reliable transport");
            if (config.syncPort().isPresent()) {
                sync = config.transportFactory().create(TransportRole.SYNC, config.syncPort().getAsInt());
                Objects.requireNonNull(sync, "transportFactory returned no sync transport");
            }
            host = ServerNetworkHost.builder()
                    .reliable(reliable)
                    .sync(sync)
                    .policy(config.policy())
                    .clock(config.clock())
                    .dispatcher(config.dispatcher())
                    .hooks(config.hooks())
                    .resumeGraceMs(config.resumeGraceMs())
                    .maxFrameBytes(config.maxFrameBytes())
                    .authenticator(config.authenticator())
                    .loginTimeoutMs(config.loginTimeoutMs())
                    .maxMalformedFrames(config.maxMalformedFrames())
                    .malformedDecayMs(config.malformedDecayMs())
                    .maxPendingLogins(config.maxPendingLogins())
                    .maxSessions(config.maxSessions())
                    .clockSync(config.clockSync())
                    .build();
            config.snapshotSink().ifPresent(host.sessions()::addSnapshotSink);
        } catch (RuntimeException | Error failure) {
            // Nothing has started yet; stopping a created transport releases whatever it holds
            // (a no-op for one that never started, by the Transport contract).
            if (sync != null) {
                TransportLanes.stopQuietly(sync, failure);
            }
            if (reliable != null) {
                TransportLanes.stopQuietly(reliable, failure);
            }
            throw failure;
        }
        host.start(); // rolls back its own transports if one of them fails to start
        return new ServerRuntime(config, host);
    }

    /** The hosted server, with its coordinator. */
    public ServerNetworkHost host() {
        return host;
    }

    /** Shorthand for {@code host().sessions()}. */
    public MultiSessionManager sessions() {
        return host.sessions();
    }

    public ServerRuntimeConfig config() {
        return config;
    }

    /**
     * Runs queued message handlers, when the dispatcher queues them (the default); returns how many
     * ran. With {@link Dispatcher#immediate()} handlers ran on arrival and this returns 0.
     */
    public int drainMessages() {
        return config.dispatcher() instanceof QueuedDispatcher queued ? queued.drain() : 0;
    }

    /** Applies lifecycle time rules; returns milliseconds until the next deadline. */
    public long update() {
        return host.evaluate();
    }

    public boolean isRunning() {
        return host.isRunning();
    }

    /** Stops the server: every managed session cleared, each transport stopped once. Idempotent. */
    public void stop() {
        host.stop();
    }

    @Override
    public void close() {
        stop();
    }
}
