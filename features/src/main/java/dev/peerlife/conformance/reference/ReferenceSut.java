package dev.peerlife.conformance.reference;

import dev.peerlife.conformance.spi.Capability;
import dev.peerlife.conformance.spi.ClientInput;
import dev.peerlife.conformance.spi.ClientSpec;
import dev.peerlife.conformance.spi.EventView;
import dev.peerlife.conformance.spi.LaneStatus;
import dev.peerlife.conformance.spi.MessageView;
import dev.peerlife.conformance.spi.PeerInput;
import dev.peerlife.conformance.spi.PolicySpec;
import dev.peerlife.conformance.spi.RefusalView;
import dev.peerlife.conformance.spi.ServerSpec;
import dev.peerlife.conformance.spi.ServerStatus;
import dev.peerlife.conformance.spi.SessionView;
import dev.peerlife.conformance.spi.SutDescription;
import dev.peerlife.conformance.spi.SutException;
import dev.peerlife.conformance.spi.SystemUnderTest;
import dev.peerlife.lifecycle.ConfigurationException;
import dev.peerlife.lifecycle.LifecycleClock;
import dev.peerlife.lifecycle.PeerId;
import dev.peerlife.lifecycle.SessionEvent;
import dev.peerlife.lifecycle.SessionListener;
import dev.peerlife.lifecycle.SessionPolicy;
import dev.peerlife.lifecycle.SessionRemoved;
import dev.peerlife.lifecycle.SessionSnapshot;
import dev.peerlife.runtime.Admission;
import dev.peerlife.runtime.ClientRuntimeConfig;
import dev.peerlife.runtime.Dispatcher;
import dev.peerlife.runtime.QueuedDispatcher;
import dev.peerlife.runtime.ServerHostHooks;
import dev.peerlife.runtime.ServerRuntime;
import dev.peerlife.runtime.ServerRuntimeConfig;
import dev.peerlife.runtime.SharedNetworkRuntime;
import dev.peerlife.transport.ConnectionId;
import dev.peerlife.transport.Envelope;
import dev.peerlife.transport.InMemoryNetwork;
import dev.peerlife.transport.RemotePeer;
import dev.peerlife.transport.Transport;
import dev.peerlife.transport.TransportException;
import dev.peerlife.transport.TransportFactory;
import dev.peerlife.transport.TransportListener;
import dev.peerlife.transport.TransportRole;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reference implementation behind the suite's SPI, on its public API only: the server runtime
 * entry point on an in-memory network, scripted remote peers, and a client runtime. Ports are
 * addresses on the in-memory network. Login and heartbeat signals go to the host's coordinator
 * through its per-peer notify calls (the wire protocol carries them once it exists).
 *
 * <p>Open for extension so that the suite's negative controls can break one rule at a time.
 */
public class ReferenceSut implements SystemUnderTest {

    public static final String NAME = "reference";

    protected final AtomicLong nowMs = new AtomicLong();
    protected final LifecycleClock clock = nowMs::get;
    private InMemoryNetwork network;
    protected ServerRuntime server;
    private ServerSpec serverSpec;
    private final Map<String, Lane> lanes = new HashMap<>();
    private final Map<String, RemotePeer> remotes = new HashMap<>();
    private final Map<String, RemotePeer> syncRemotes = new HashMap<>();
    private final List<EventView> serverEvents = Collections.synchronizedList(new ArrayList<>());
    /** How many of the first server events were let go ({@link #serverEventsRead}); guarded by serverEvents. */
    private int serverEventsDropped;
    private final List<MessageView> serverReceived = Collections.synchronizedList(new ArrayList<>());
    private final List<String> cleanedUp = Collections.synchronizedList(new ArrayList<>());
    private final List<RefusalView> refusals = Collections.synchronizedList(new ArrayList<>());
    private SharedNetworkRuntime client;
    private final List<EventView> clientEvents = Collections.synchronizedList(new ArrayList<>());
    private final List<MessageView> clientReceived = Collections.synchronizedList(new ArrayList<>());

    @Override
    public SutDescription describe() {
        return new SutDescription(NAME, version(), List.of(Capability.CLIENT, Capability.SYNC_LANE,
                Capability.MESSAGES, Capability.QUEUED_DISPATCH, Capability.ADMISSION, Capability.TRANSPORT_FAULTS));
    }

    private static String version() {
        String v = ServerRuntime.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public void reset() {
        close();
        nowMs.set(0);
        network = new InMemoryNetwork();
        server = null;
        serverSpec = null;
        lanes.clear();
        remotes.clear();
        syncRemotes.clear();
        synchronized (serverEvents) {
            serverEvents.clear();
            serverEventsDropped = 0;
        }
        serverReceived.clear();
        cleanedUp.clear();
        refusals.clear();
        client = null;
        clientEvents.clear();
        clientReceived.clear();
    }

    @Override
    public void advanceClock(long ms) {
        nowMs.addAndGet(ms);
    }

    // ---- server ----

    @Override
    public void startServer(ServerSpec spec) {
        if (server != null && server.isRunning()) {
            // One server per world: the running one stays exactly as it is (docs/driver-protocol.md).
            throw SutException.failed("a server is already running; stop it first");
        }
        // A new attempt: what serverStatus reports from now on is this attempt, not an earlier server.
        server = null;
        serverSpec = null;
        lanes.clear();
        ServerRuntime started;
        // Port 0 means "any free port" to the library, for embedding and tests; a peer cannot be told
        // that address, so over the SPI it is invalid like any port outside 1..65535 (REF-9).
        if (spec.reliablePort() == 0) {
            throw SutException.rejected("reliablePort", "reliablePort: must be a port in 1..65535, was 0");
        }
        if (spec.syncPort() != null && spec.syncPort() == 0) {
            throw SutException.rejected("syncPort", "syncPort: must be a port in 1..65535, was 0");
        }
        try {
            ServerRuntimeConfig.Builder config = ServerRuntimeConfig.builder()
                    .reliablePort(spec.reliablePort())
                    .clock(clock)
                    .transportFactory(countingFactory(spec.failSyncStart()))
                    .dispatcher(spec.queuedDispatch() ? new QueuedDispatcher() : Dispatcher.immediate())
                    .hooks(hooks(spec.maxPeers()));
            if (spec.syncPort() != null) {
                config.syncPort(spec.syncPort());
            }
            if (spec.resumeGraceMs() != 0) {
                config.resumeGraceMs(spec.resumeGraceMs()); // a negative one is rejected, naming the field
            }
            if (spec.policy() != null) {
                config.policy(policy(spec.policy()));
            }
            started = ServerRuntime.start(configure(config).build());
        } catch (ConfigurationException e) {
            throw SutException.rejected(e.field(), e.getMessage());
        } catch (RuntimeException e) {
            throw SutException.failed(e.getMessage());
        }
        server = started;
        serverSpec = spec;
        // Two listeners, in this order: each notice reaches both before the next, so the events and
        // the removal notices keep their order in serverEvents.
        server.sessions().addListener(event -> serverEvents.add(view(event)));
        server.sessions().addListener(SessionListener.removals(removed -> {
            String state = removed.last().state().specName();
            serverEvents.add(new EventView(removed.peer().value(), EventView.REMOVED, state, state,
                    removed.timeMs(), removed.reason()));
        }));
        for (int type : spec.handledTypes()) {
            server.host().router().register(type, (from, message) ->
                    serverReceived.add(new MessageView(from.value(), message.type(), text(message))));
        }
    }

    /**
     * The last word on the server's configuration before it starts; the default changes nothing. For
     * subclasses that need a limit the SPI does not carry, such as the simulator's 100,000-peer
     * benchmark, which needs more than the default session table of 65,536.
     */
    protected ServerRuntimeConfig.Builder configure(ServerRuntimeConfig.Builder config) {
        return config;
    }

    /** Policy from the suite's spec; the reference validates it as it is built (NSL-8). */
    protected SessionPolicy policy(PolicySpec spec) {
        return SessionPolicy.builder()
                .heartbeatIntervalMs(spec.heartbeatIntervalMs())
                .heartbeatTimeoutMs(spec.heartbeatTimeoutMs())
                .reconnectDelayMs(spec.reconnectDelayMs())
                .autoReconnect(spec.autoReconnect())
                .build();
    }

    private ServerHostHooks hooks(Integer maxPeers) {
        ServerHostHooks limit = maxPeers == null ? ServerHostHooks.none() : ServerHostHooks.maxPeers(maxPeers);
        return new ServerHostHooks() {
            @Override
            public Admission admit(PeerId peer, int managedSessions) {
                return limit.admit(peer, managedSessions);
            }

            @Override
            public void onSessionRemoved(SessionRemoved removed) {
                cleanedUp.add(removed.peer().value());
            }
        };
    }

    @Override
    public void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @Override
    public ServerStatus serverStatus() {
        List<LaneStatus> laneViews = new ArrayList<>();
        for (String name : List.of("reliable", "sync")) {
            Lane lane = lanes.get(name);
            if (lane != null) {
                laneViews.add(new LaneStatus(name, lane.starts, lane.stops, lane.running, lane.frames.get()));
            }
        }
        boolean running = server != null && server.isRunning();
        boolean exposes = server != null && server.host().sessions() != null;
        return new ServerStatus(running, exposes, laneViews, List.copyOf(cleanedUp),
                server == null ? 0 : server.host().rejectedConnections(), List.copyOf(refusals));
    }

    @Override
    public void serverInput(PeerInput input) {
        requireServer();
        PeerId peer = PeerId.of(input.peer());
        switch (input.kind()) {
            case CONNECT -> connect(input.peer());
            case DISCONNECT -> remote(input.peer()).disconnect();
            case SEND -> sendIfConnected(remote(input.peer()), input);
            // Without a sync transport the reliable one carries the sync lane too (NSL-4, SNF-5).
            case SEND_SYNC -> sendIfConnected(serverSpec.syncPort() == null ? remote(input.peer()) : syncRemote(input.peer()), input);
            case LOGIN_STARTED -> server.sessions().onLoginStarted(peer);
            case LOGIN_SUCCEEDED -> server.sessions().onLoginSucceeded(peer);
            case LOGIN_FAILED -> server.sessions().onLoginFailed(peer, input.reason());
            case HEARTBEAT_SENT -> server.sessions().onHeartbeatSent(peer);
            case HEARTBEAT_RECEIVED -> {
                if (input.serverTick() == null) {
                    server.sessions().onHeartbeatReceived(peer);
                } else {
                    server.sessions().onHeartbeatReceived(peer, input.serverTick());
                }
            }
            case REMOVE -> server.host().disconnect(peer, input.reason());
        }
    }

    @Override
    public void evaluateServer() {
        requireServer();
        server.update();
    }

    @Override
    public Optional<SessionView> lookup(String peer) {
        if (server == null) {
            return Optional.empty();
        }
        return server.sessions().lookup(PeerId.of(peer)).map(ReferenceSut::view);
    }

    @Override
    public List<SessionView> sessions() {
        if (server == null) {
            return List.of();
        }
        return server.sessions().sessions().stream().map(ReferenceSut::view).toList();
    }

    @Override
    public List<EventView> serverEvents() {
        return List.copyOf(serverEvents);
    }

    @Override
    public List<EventView> serverEventsFrom(int from) {
        synchronized (serverEvents) {
            int size = serverEvents.size();
            int at = Math.max(0, from - serverEventsDropped);
            return at >= size ? List.of() : List.copyOf(serverEvents.subList(at, size));
        }
    }

    /** Lets read events go in slices of at least 1,024, so that trimming the list's head stays cheap. */
    @Override
    public void serverEventsRead(int upTo) {
        synchronized (serverEvents) {
            int read = Math.min(upTo - serverEventsDropped, serverEvents.size());
            if (read >= 1_024) {
                serverEvents.subList(0, read).clear();
                serverEventsDropped += read;
            }
        }
    }

    @Override
    public List<MessageView> serverReceived() {
        return List.copyOf(serverReceived);
    }

    @Override
    public void serverSend(String peer, int type, String payload) {
        requireServer();
        server.host().send(PeerId.of(peer), envelope(type, payload));
    }

    @Override
    public int drainServer() {
        requireServer();
        // Handlers still queued when the server stopped belong to a host that is gone: they never run.
        return server.isRunning() ? server.drainMessages() : 0;
    }

    // ---- client ----

    /**
     * The client through its entry point, on the in-memory network: handlers run at once (the suite
     * reads what arrived right after it was sent), and the runtime does not redial by itself (the
     * suite observes Reconnecting as the session manager leaves it).
     */
    @Override
    public void startClient(ClientSpec spec) {
        requireServer();
        if (client != null) {
            client.stop(); // one client at a time: a new one replaces the old
        }
        ClientRuntimeConfig.Builder config = ClientRuntimeConfig.builder()
                .reliablePort(serverSpec.reliablePort())
                .transportFactory(network.clientFactory(spec.name()))
                .clock(clock)
                .dispatcher(Dispatcher.immediate())
                .redial(false)
                .listener(event -> clientEvents.add(view(event)));
        if (spec.withSync() && serverSpec.syncPort() != null) {
            config.syncPort(serverSpec.syncPort());
        }
        try {
            if (spec.policy() != null) {
                config.policy(policy(spec.policy()));
            }
            client = SharedNetworkRuntime.start(config.build());
        } catch (ConfigurationException e) {
            throw SutException.rejected(e.field(), e.getMessage());
        } catch (TransportException e) {
            throw SutException.failed(e.getMessage());
        }
        for (int type : spec.handledTypes()) {
            client.router().register(type, (from, message) ->
                    clientReceived.add(new MessageView(from.value(), message.type(), text(message))));
        }
    }

    @Override
    public void clientInput(ClientInput input) {
        requireClient();
        switch (input.kind()) {
            case LOGIN_STARTED -> client.session().onLoginStarted();
            case LOGIN_SUCCEEDED -> client.session().onLoginSucceeded();
            case LOGIN_FAILED -> client.session().onLoginFailed(input.reason());
            case HEARTBEAT_SENT -> client.session().onHeartbeatSent();
            case HEARTBEAT_RECEIVED -> {
                if (input.serverTick() == null) {
                    client.session().onHeartbeatReceived();
                } else {
                    client.session().onHeartbeatReceived(input.serverTick());
                }
            }
            case SEND -> client.send(envelope(input.type(), input.payload()));
            case SEND_SYNC -> client.sendSync(envelope(input.type(), input.payload()));
        }
    }

    @Override
    public void evaluateClient() {
        requireClient();
        client.update();
    }

    @Override
    public SessionView clientSession() {
        requireClient();
        return view(client.session().snapshot());
    }

    @Override
    public List<EventView> clientEvents() {
        return List.copyOf(clientEvents);
    }

    @Override
    public List<MessageView> clientReceived() {
        return List.copyOf(clientReceived);
    }

    @Override
    public boolean clientHeartbeatDue() {
        requireClient();
        return client.session().isHeartbeatDue();
    }

    @Override
    public void stopClient() {
        if (client != null) {
            client.stop();
        }
    }

    @Override
    public void close() {
        if (client != null) {
            client.stop();
        }
        if (server != null) {
            server.stop();
        }
    }

    // ---- helpers ----

    private void requireServer() {
        if (server == null) {
            throw SutException.failed("no server has been started");
        }
    }

    private void requireClient() {
        if (client == null) {
            throw SutException.failed("no client has been started");
        }
    }

    private RemotePeer remote(String name) {
        return remotes.computeIfAbsent(name, n -> network.peer(n, "tcp:" + serverSpec.reliablePort()));
    }

    /**
     * Connects the peer; a refusal by the host's admission is recorded with the reason the peer was
     * told. A peer whose connection is open opens a new one, as a reconnecting client does.
     */
    private void connect(String name) {
        RemotePeer peer = remote(name);
        if (peer.isConnected()) {
            peer.disconnect();
        }
        long refusedBefore = server.host().rejectedConnections();
        peer.connect();
        if (server.host().rejectedConnections() > refusedBefore) {
            List<String> reasons = peer.closeReasons();
            refusals.add(new RefusalView(name, reasons.isEmpty() ? null : reasons.get(reasons.size() - 1)));
        }
    }

    /** A peer whose connection the server has closed cannot send: its message is lost, as on a real network. */
    private static void sendIfConnected(RemotePeer peer, PeerInput input) {
        if (peer.isConnected()) {
            peer.send(envelope(input.type(), input.payload()));
        }
    }

    private RemotePeer syncRemote(String name) {
        RemotePeer peer = syncRemotes.computeIfAbsent(name, n -> network.peer(n, "udp:" + serverSpec.syncPort()));
        if (!peer.isConnected()) {
            peer.connect();
        }
        return peer;
    }

    private static Envelope envelope(Integer type, String payload) {
        return new Envelope(type == null ? Envelope.FIRST_APPLICATION_TYPE : type,
                (payload == null ? "" : payload).getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Envelope message) {
        return new String(message.payload(), StandardCharsets.UTF_8);
    }

    protected static SessionView view(SessionSnapshot s) {
        return new SessionView(s.peer().value(), s.state().specName(),
                s.rttMs().isPresent() ? s.rttMs().getAsLong() : null,
                s.lastServerTick().isPresent() ? s.lastServerTick().getAsLong() : null,
                s.lastFailureReason().orElse(null));
    }

    protected static EventView view(SessionEvent e) {
        return new EventView(e.peer().value(), e.event().kind().specName(), e.event().previous().specName(),
                e.event().current().specName(), e.event().timeMs(), e.event().reason());
    }

    private TransportFactory countingFactory(boolean failSyncStart) {
        TransportFactory inner = network.serverFactory();
        return (role, port) -> {
            String name = role == TransportRole.RELIABLE ? "reliable" : "sync";
            Lane lane = new Lane(inner.create(role, port), failSyncStart && role == TransportRole.SYNC);
            lanes.put(name, lane);
            return lane;
        };
    }

    /** A server transport that counts starts, stops and inbound frames. */
    private static final class Lane implements Transport {
        private final Transport delegate;
        private final boolean failStart;
        int starts;
        int stops;
        boolean running;
        final AtomicLong frames = new AtomicLong();

        Lane(Transport delegate, boolean failStart) {
            this.delegate = delegate;
            this.failStart = failStart;
        }

        @Override
        public void start(TransportListener listener) {
            starts++;
            if (failStart) {
                throw new TransportException("injected failure: the sync transport could not start");
            }
            delegate.start(new TransportListener() {
                @Override
                public void onConnected(ConnectionId connection) {
                    listener.onConnected(connection);
                }

                @Override
                public void onReceive(ConnectionId connection, byte[] frame) {
                    frames.incrementAndGet();
                    listener.onReceive(connection, frame);
                }

                @Override
                public void onDisconnected(ConnectionId connection, String reason) {
                    listener.onDisconnected(connection, reason);
                }
            });
            running = true;
        }

        @Override
        public void stop() {
            stops++;
            running = false;
            delegate.stop();
        }

        @Override
        public void send(ConnectionId to, byte[] frame) {
            delegate.send(to, frame);
        }

        @Override
        public void sendToAll(byte[] frame) {
            delegate.sendToAll(frame);
        }

        @Override
        public void close(ConnectionId connection, String reason) {
            delegate.close(connection, reason);
        }
    }
}
