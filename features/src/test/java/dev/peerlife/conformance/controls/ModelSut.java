package dev.peerlife.conformance.controls;

import dev.peerlife.conformance.model.Alternative;
import dev.peerlife.conformance.model.Fault;
import dev.peerlife.conformance.model.ProfileModel;
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

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A second implementation of the whole SPI, independent of the reference's code: the lifecycle of
 * {@link ProfileModel} behind a server with lanes, handlers, admission and a client runtime, all in
 * memory. With no alternative it should match the reference profile everywhere; with alternatives
 * (system property {@code peerlife.model.alternatives}: enum names separated by commas, or
 * {@code original} for every alternative REQUIREMENTS.md documents as the original system's) it
 * decides those REF decisions differently and must stay CONFORMANT, differing on exactly their IDs.
 */
public class ModelSut implements SystemUnderTest {

    public static final String PROPERTY = "peerlife.model.alternatives";

    private final Set<Alternative> alternatives;
    private final Set<Fault> faults;
    private long nowMs;
    private ProfileModel server;
    private ServerSpec spec;
    private boolean running;
    private boolean exposes;
    private final List<Lane> lanes = new ArrayList<>();
    private final List<String> cleanedUp = new ArrayList<>();
    private final List<RefusalView> refusals = new ArrayList<>();
    private long rejected;
    private final List<MessageView> serverReceived = new ArrayList<>();
    /** Events of the servers this world ran before the current one: events are kept until reset. */
    private final List<EventView> earlierEvents = new ArrayList<>();
    private final Deque<MessageView> queued = new ArrayDeque<>();
    private ProfileModel clientModel;
    private ProfileModel.Session client;
    private ClientSpec clientSpec;
    private boolean clientRunning;
    private final List<EventView> clientEvents = new ArrayList<>();
    private final List<MessageView> clientReceived = new ArrayList<>();

    public ModelSut() {
        this(parse(System.getProperty(PROPERTY, "")));
    }

    public ModelSut(Set<Alternative> alternatives) {
        this(alternatives, Set.of());
    }

    /** With one planted fault, for a negative control: see {@link Fault}. */
    protected ModelSut(Set<Alternative> alternatives, Set<Fault> faults) {
        this.alternatives = alternatives.isEmpty() ? EnumSet.noneOf(Alternative.class) : EnumSet.copyOf(alternatives);
        this.faults = faults.isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(faults);
    }

    /** Parses "A,B" (enum names), "original" (every documented original alternative) or "" (none). */
    public static Set<Alternative> parse(String value) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        if (value.trim().equals("original")) {
            return Arrays.stream(Alternative.values()).filter(Alternative::original)
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(Alternative.class)));
        }
        Set<Alternative> out = EnumSet.noneOf(Alternative.class);
        for (String name : value.split(",")) {
            out.add(Alternative.valueOf(name.trim().toUpperCase(Locale.ROOT)));
        }
        return out;
    }

    /** The REF IDs this instance decides differently from the reference. */
    public Set<String> differingIds() {
        return alternatives.stream().map(Alternative::refId).collect(Collectors.toCollection(TreeSet::new));
    }

    private boolean has(Alternative a) {
        return alternatives.contains(a);
    }

    @Override
    public SutDescription describe() {
        String name = (alternatives.isEmpty() ? "model" : "model+" + alternatives.stream()
                .map(a -> a.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining("+")))
                + faults.stream().map(f -> "!" + f.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining());
        return new SutDescription(name, "test", List.of(Capability.CLIENT, Capability.SYNC_LANE, Capability.MESSAGES,
                Capability.QUEUED_DISPATCH, Capability.ADMISSION, Capability.TRANSPORT_FAULTS));
    }

    @Override
    public void reset() {
        nowMs = 0;
        server = null;
        spec = null;
        running = false;
        exposes = false;
        lanes.clear();
        cleanedUp.clear();
        refusals.clear();
        rejected = 0;
        serverReceived.clear();
        earlierEvents.clear();
        queued.clear();
        clientModel = null;
        client = null;
        clientSpec = null;
        clientRunning = false;
        clientEvents.clear();
        clientReceived.clear();
    }

    @Override
    public void advanceClock(long ms) {
        nowMs += ms;
        if (server != null) {
            server.advance(ms);
        }
        if (clientModel != null) {
            clientModel.advance(ms);
        }
    }

    // ------------------------------------------------------------------ server

    @Override
    public void startServer(ServerSpec s) {
        if (running) {
            throw SutException.failed("a server is already running; stop it first");
        }
        // A new attempt: from here on serverStatus describes it, not the server that ran before.
        if (server != null) {
            earlierEvents.addAll(server.events());
            server = null;
        }
        lanes.clear();
        exposes = false;
        PolicySpec policy = s.policy() == null ? ProfileModel.defaults(alternatives) : s.policy();
        validate(s, policy);
        rejected = 0;
        queued.clear();
        exposes = false;
        Lane reliable = new Lane("reliable");
        lanes.add(reliable);
        reliable.starts++;
        reliable.running = true;
        if (s.syncPort() != null) {
            Lane sync = new Lane("sync");
            lanes.add(sync);
            sync.starts++;
            if (s.failSyncStart()) {
                sync.stops++;
                reliable.stops++;
                reliable.running = false;
                throw SutException.failed("injected failure: the sync transport could not start");
            }
            sync.running = true;
        }
        server = new ProfileModel(policy, alternatives, s.resumeGraceMs() > 0 ? s.resumeGraceMs() : 30_000, faults);
        server.advance(nowMs);
        spec = s;
        running = true;
        exposes = true;
    }

    private void validate(ServerSpec s, PolicySpec p) {
        if (p.heartbeatIntervalMs() <= 0) {
            throw SutException.rejected("heartbeatIntervalMs", "heartbeatIntervalMs: must be > 0");
        }
        if (p.heartbeatTimeoutMs() <= 0) {
            throw SutException.rejected("heartbeatTimeoutMs", "heartbeatTimeoutMs: must be > 0");
        }
        if (p.reconnectDelayMs() < 0) {
            throw SutException.rejected("reconnectDelayMs", "reconnectDelayMs: must be >= 0");
        }
        port("reliablePort", s.reliablePort());
        if (s.syncPort() != null) {
            port("syncPort", s.syncPort());
            if (s.syncPort() == s.reliablePort() && !has(Alternative.POSITIVE_PORTS_ONLY)) {
                throw SutException.rejected("syncPort", "syncPort: must differ from reliablePort");
            }
        }
        if (s.maxPeers() != null && s.maxPeers() < 1) {
            throw SutException.rejected("maxPeers", "maxPeers: must be >= 1");
        }
        if (s.resumeGraceMs() < 0) {
            throw SutException.rejected("resumeGraceMs", "resumeGraceMs: must be >= 0");
        }
    }

    private void port(String field, int port) {
        boolean ok = has(Alternative.POSITIVE_PORTS_ONLY) ? port > 0 : port >= 1 && port <= 65_535;
        if (!ok) {
            throw SutException.rejected(field, field + ": not a valid port: " + port);
        }
    }

    @Override
    public void stopServer() {
        if (!running) {
            return;
        }
        running = false;
        removing(() -> server.removeAll("host stopped"));
        if (clientRunning) {
            client.disconnected("host stopped");
            clientRunning = false;
        }
        for (int i = lanes.size() - 1; i >= 0; i--) {
            lanes.get(i).stops++;
            lanes.get(i).running = false;
        }
    }

    @Override
    public ServerStatus serverStatus() {
        return new ServerStatus(running, exposes, lanes.stream().map(Lane::view).toList(), cleanedUp, rejected, refusals);
    }

    @Override
    public void serverInput(PeerInput in) {
        requireServer();
        String peer = in.peer();
        switch (in.kind()) {
            case CONNECT -> connect(peer);
            case DISCONNECT -> removing(() -> server.disconnect(peer, in.reason()));
            case SEND -> receive(peer, lane("reliable"), in.type(), in.payload());
            case SEND_SYNC -> receive(peer, lane("sync") == null ? lane("reliable") : lane("sync"), in.type(), in.payload());
            case LOGIN_STARTED -> server.loginStarted(peer);
            case LOGIN_SUCCEEDED -> server.loginSucceeded(peer);
            case LOGIN_FAILED -> server.loginFailed(peer, in.reason());
            case HEARTBEAT_SENT -> server.heartbeatSent(peer);
            case HEARTBEAT_RECEIVED -> server.heartbeatReceived(peer, in.serverTick());
            case REMOVE -> removing(() -> server.remove(peer, in.reason()));
        }
    }

    private void connect(String peer) {
        if (spec.maxPeers() != null && server.session(peer) == null && server.sessions().size() >= spec.maxPeers()) {
            rejected++;
            refusals.add(new RefusalView(peer, has(Alternative.REFUSES_WITHOUT_REASON) ? null
                    : "server full: " + server.sessions().size() + " of " + spec.maxPeers() + " peers"));
            return;
        }
        server.connect(peer);
    }

    private void receive(String peer, Lane lane, Integer type, String payload) {
        lane.frames++;
        server.send(peer);
        int t = type == null ? 256 : type;
        if (spec.handledTypes().contains(t)) {
            MessageView m = new MessageView(peer, t, payload == null ? "" : payload);
            if (spec.queuedDispatch()) {
                queued.add(m);
            } else {
                serverReceived.add(m);
            }
        }
    }

    /** Runs a step that may remove sessions, and calls the host's cleanup hook for each removed peer. */
    private void removing(Runnable step) {
        Set<String> before = new TreeSet<>(server.sessions().keySet());
        step.run();
        before.removeAll(server.sessions().keySet());
        cleanedUp.addAll(before);
    }

    @Override
    public void evaluateServer() {
        requireServer();
        if (running) {
            removing(server::evaluate);
        }
    }

    @Override
    public Optional<SessionView> lookup(String peer) {
        if (server == null || !running) {
            return Optional.empty();
        }
        return Optional.ofNullable(server.session(peer)).map(ModelSut::view);
    }

    @Override
    public List<SessionView> sessions() {
        if (server == null || !running) {
            return List.of();
        }
        return server.sessions().values().stream().map(ModelSut::view).toList();
    }

    @Override
    public List<EventView> serverEvents() {
        List<EventView> all = new ArrayList<>(earlierEvents);
        if (server != null) {
            all.addAll(server.events());
        }
        return all;
    }

    @Override
    public List<MessageView> serverReceived() {
        return List.copyOf(serverReceived);
    }

    @Override
    public void serverSend(String peer, int type, String payload) {
        requireServer();
        if (clientRunning && clientSpec.name().equals(peer) && clientSpec.handledTypes().contains(type)) {
            clientReceived.add(new MessageView(peer, type, payload));
        }
    }

    @Override
    public int drainServer() {
        int n = queued.size();
        serverReceived.addAll(queued);
        queued.clear();
        return n;
    }

    // ------------------------------------------------------------------ client

    @Override
    public void startClient(ClientSpec s) {
        requireServer();
        PolicySpec policy = s.policy() == null ? ProfileModel.defaults(alternatives) : s.policy();
        clientModel = new ProfileModel(policy, alternatives, 0, faults);
        clientModel.advance(nowMs);
        clientEvents.clear();
        clientReceived.clear();
        client = clientModel.clientSession(s.name(), clientEvents::add);
        clientSpec = s;
        clientRunning = true;
        client.transportConnected();
        connect(s.name());
    }

    @Override
    public void clientInput(ClientInput in) {
        requireClient();
        switch (in.kind()) {
            case LOGIN_STARTED -> client.loginStarted();
            case LOGIN_SUCCEEDED -> client.loginSucceeded();
            case LOGIN_FAILED -> client.loginFailed(in.reason());
            case HEARTBEAT_SENT -> client.heartbeatSent();
            case HEARTBEAT_RECEIVED -> client.heartbeatReceived(in.serverTick());
            case SEND -> receive(clientSpec.name(), lane("reliable"), in.type(), in.payload());
            case SEND_SYNC -> receive(clientSpec.name(), clientSpec.withSync() && lane("sync") != null ? lane("sync")
                    : lane("reliable"), in.type(), in.payload());
        }
    }

    @Override
    public void evaluateClient() {
        requireClient();
        client.evaluate();
    }

    @Override
    public SessionView clientSession() {
        requireClient();
        return view(client);
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
        return client.isHeartbeatDue();
    }

    @Override
    public void stopClient() {
        if (client == null || !clientRunning) {
            return;
        }
        clientRunning = false;
        client.disconnected("client stopped");
        if (running) {
            removing(() -> server.disconnect(clientSpec.name(), "peer closed the connection"));
        }
    }

    @Override
    public void close() {
        stopClient();
        stopServer();
    }

    // ------------------------------------------------------------------ helpers

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

    private Lane lane(String name) {
        return lanes.stream().filter(l -> l.name.equals(name)).findFirst().orElse(null);
    }

    private static SessionView view(ProfileModel.Session s) {
        return new SessionView(s.peer, s.state, s.rtt, s.tick, s.failureReason);
    }

    private static final class Lane {
        final String name;
        int starts;
        int stops;
        boolean running;
        long frames;

        Lane(String name) {
            this.name = name;
        }

        LaneStatus view() {
            return new LaneStatus(name, starts, stops, running, frames);
        }
    }
}
