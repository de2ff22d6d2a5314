package dev.peerlife.conformance.steps;

import dev.peerlife.conformance.spi.ClientInput;
import dev.peerlife.conformance.spi.ClientSpec;
import dev.peerlife.conformance.spi.EventView;
import dev.peerlife.conformance.spi.LaneStatus;
import dev.peerlife.conformance.spi.MessageView;
import dev.peerlife.conformance.spi.PeerInput;
import dev.peerlife.conformance.spi.PolicySpec;
import dev.peerlife.conformance.spi.ServerSpec;
import dev.peerlife.conformance.spi.ServerStatus;
import dev.peerlife.conformance.spi.SessionView;
import dev.peerlife.conformance.spi.SutException;
import dev.peerlife.conformance.spi.SystemUnderTest;
import io.cucumber.datatable.DataTable;
import io.cucumber.java.Before;
import io.cucumber.java.Scenario;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.opentest4j.TestAbortedException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.peerlife.conformance.spi.PeerInput.Kind.CONNECT;
import static dev.peerlife.conformance.spi.PeerInput.Kind.DISCONNECT;
import static dev.peerlife.conformance.spi.PeerInput.Kind.HEARTBEAT_RECEIVED;
import static dev.peerlife.conformance.spi.PeerInput.Kind.LOGIN_FAILED;
import static dev.peerlife.conformance.spi.PeerInput.Kind.LOGIN_STARTED;
import static dev.peerlife.conformance.spi.PeerInput.Kind.LOGIN_SUCCEEDED;
import static dev.peerlife.conformance.spi.PeerInput.Kind.REMOVE;
import static dev.peerlife.conformance.spi.PeerInput.Kind.SEND;
import static dev.peerlife.conformance.spi.PeerInput.Kind.SEND_SYNC;

/**
 * The suite's steps. They speak of peers, policies, time and the server's view of its sessions,
 * and reach the implementation only through {@link SystemUnderTest}. A new instance serves each
 * scenario.
 */
public class ConformanceSteps {

    private static final String CAPABILITY_TAG = "@requires-";

    private SystemUnderTest sut;
    private ServerSpec serverSpec = ServerSpec.defaults();
    private SutException startFailure;
    private List<SessionView> enumeration;
    private final Set<String> peersWithSessions = new LinkedHashSet<>();

    @Before
    public void resetWorld(Scenario scenario) {
        sut = SharedSut.get();
        for (String tag : scenario.getSourceTagNames()) {
            if (tag.startsWith(CAPABILITY_TAG)) {
                String capability = tag.substring(CAPABILITY_TAG.length());
                if (!sut.describe().can(capability)) {
                    throw new TestAbortedException("unsupported: " + sut.describe().name()
                            + " does not declare the capability '" + capability + "'");
                }
            }
        }
        sut.reset();
    }

    // ---------------------------------------------------------------- server start and stop

    @Given("a server started through its runtime entry point with the default policy")
    public void aServerWithDefaults() {
        start(ServerSpec.defaults());
    }

    @Given("^a server started through its runtime entry point handling message types? ([\\d, ]+)$")
    public void aServerHandling(String types) {
        start(ServerSpec.defaults().withHandledTypes(ints(types)));
    }

    @Given("^a server started through its runtime entry point with queued dispatch handling message types? ([\\d, ]+)$")
    public void aQueuedServer(String types) {
        start(ServerSpec.defaults().withQueuedDispatch(true).withHandledTypes(ints(types)));
    }

    @Given("^a server started through its runtime entry point with a sync lane(?:, handling message types? ([\\d, ]+))?$")
    public void aServerWithSyncLane(String types) {
        start(ServerSpec.defaults().withSyncPort(7001).withHandledTypes(types == null ? List.of() : ints(types)));
    }

    @Given("^a server started through its runtime entry point with heartbeat interval (\\d+) ms, timeout (\\d+) ms, reconnect delay (\\d+) ms, auto-reconnect (on|off) and a resume window of (\\d+) ms$")
    public void aServerWithPolicyAndWindow(long interval, long timeout, long delay, String auto, long windowMs) {
        start(ServerSpec.defaults().withPolicy(new PolicySpec(interval, timeout, delay, auto.equals("on")))
                .withResumeGraceMs(windowMs));
    }

    @When("the server is restarted")
    public void restartSame() {
        restart(serverSpec);
    }

    @Given("^the server is restarted with a limit of (\\d+) peers?$")
    public void restartWithLimit(int max) {
        restart(serverSpec.withMaxPeers(max));
    }

    @Given("^the server is restarted with heartbeat interval (\\d+) ms, timeout (\\d+) ms, reconnect delay (\\d+) ms and auto-reconnect (on|off)$")
    public void restartWithPolicy(long interval, long timeout, long delay, String auto) {
        restart(serverSpec.withPolicy(new PolicySpec(interval, timeout, delay, auto.equals("on"))));
    }

    @Given("the server is restarted keeping sessions that left the live states for {int} seconds before evicting them")
    public void restartWithResumeWindow(int seconds) {
        restart(serverSpec.withResumeGraceMs(seconds * 1_000L));
    }

    @When("^a server is started with (\\w+) set to (-?\\d+)$")
    public void startWithField(String field, long value) {
        sut.stopServer();
        PolicySpec p = PolicySpec.defaults();
        ServerSpec spec = ServerSpec.defaults();
        spec = switch (field) {
            case "heartbeatIntervalMs" -> spec.withPolicy(new PolicySpec(value, p.heartbeatTimeoutMs(), p.reconnectDelayMs(), p.autoReconnect()));
            case "heartbeatTimeoutMs" -> spec.withPolicy(new PolicySpec(p.heartbeatIntervalMs(), value, p.reconnectDelayMs(), p.autoReconnect()));
            case "reconnectDelayMs" -> spec.withPolicy(new PolicySpec(p.heartbeatIntervalMs(), p.heartbeatTimeoutMs(), value, p.autoReconnect()));
            case "reliablePort" -> spec.withReliablePort((int) value);
            case "syncPort" -> spec.withSyncPort((int) value);
            default -> throw new IllegalArgumentException("the suite knows no field " + field);
        };
        tryStart(spec);
    }

    @When("a server is started with a sync lane whose transport fails to start")
    public void startWithFailingSync() {
        tryStart(ServerSpec.defaults().withSyncPort(7001).withFailSyncStart(true));
    }

    @When("the server is stopped")
    public void stopServer() {
        sut.stopServer();
    }

    private void start(ServerSpec spec) {
        serverSpec = spec;
        sut.startServer(spec);
    }

    private void restart(ServerSpec spec) {
        sut.stopServer();
        start(spec);
    }

    private void tryStart(ServerSpec spec) {
        serverSpec = spec;
        try {
            sut.startServer(spec);
            startFailure = null;
        } catch (SutException e) {
            startFailure = e;
        }
    }

    @Then("the start is rejected naming the field {string}")
    public void startRejected(String field) {
        check(startFailure != null, "the start succeeded; expected a rejection naming " + field);
        check(startFailure.kind() == SutException.Kind.REJECTED,
                "the start failed as " + startFailure.kind() + " (" + startFailure.getMessage() + "), not as a rejection of " + field);
        check(field.equals(startFailure.field()), "the rejection names the field '" + startFailure.field()
                + "', expected '" + field + "': " + startFailure.getMessage());
    }

    @Then("the start fails with the implementation's own failure, not a configuration rejection")
    public void startFailed() {
        check(startFailure != null, "the start succeeded although the sync transport could not start");
        check(startFailure.kind() == SutException.Kind.FAILED, "expected the original startup failure, got "
                + startFailure.kind() + ": " + startFailure.getMessage());
        check(startFailure.getMessage() != null && !startFailure.getMessage().isBlank(), "the failure has no message");
    }

    @Then("no server is running")
    public void noServerRunning() {
        check(!sut.serverStatus().running(), "a server is running");
    }

    @Then("the server is running")
    public void serverRunning() {
        check(sut.serverStatus().running(), "the server is not running");
    }

    @Then("the server is not running")
    public void serverNotRunning() {
        noServerRunning();
    }

    @Then("the hosted server exposes its multi-session coordinator")
    public void exposesCoordinator() {
        check(sut.serverStatus().exposesCoordinator(), "the started host does not expose its multi-session coordinator");
    }

    @Then("no transport was started")
    public void noTransportStarted() {
        for (LaneStatus lane : sut.serverStatus().lanes()) {
            check(lane.starts() == 0, "the " + lane.lane() + " lane was started " + lane.starts() + " time(s)");
        }
    }

    @Then("^the (reliable|sync) lane was started once and is running$")
    public void laneRunning(String name) {
        LaneStatus lane = lane(name);
        check(lane.starts() == 1 && lane.running(), "the " + name + " lane: " + lane);
    }

    @Then("the reliable lane was started once and stopped once and is not running")
    public void reliableRolledBack() {
        LaneStatus lane = lane("reliable");
        check(lane.starts() == 1 && lane.stops() == 1 && !lane.running(), "the reliable lane: " + lane);
    }

    @Then("there is no sync lane")
    public void noSyncLane() {
        check(sut.serverStatus().lane("sync") == null, "a sync lane exists: " + sut.serverStatus().lane("sync"));
    }

    @Then("the reliable lane and the sync lane are running")
    public void bothLanesRunning() {
        check(lane("reliable").running() && lane("sync").running(), "lanes: " + sut.serverStatus().lanes());
    }

    @Then("the reliable lane and the sync lane were each stopped once")
    public void bothStoppedOnce() {
        for (String name : List.of("reliable", "sync")) {
            LaneStatus lane = lane(name);
            check(lane.stops() == 1 && !lane.running(), "the " + name + " lane: " + lane);
        }
    }

    @Then("^the (reliable|sync) lane received (\\d+) frames?$")
    public void laneFrames(String name, long frames) {
        check(lane(name).framesReceived() == frames, "the " + name + " lane: " + lane(name));
    }

    private LaneStatus lane(String name) {
        LaneStatus lane = sut.serverStatus().lane(name);
        check(lane != null, "the implementation reports no " + name + " lane");
        return lane;
    }

    // ---------------------------------------------------------------- peers

    @Given("peer {string} connects")
    public void peerConnects(String peer) {
        input(PeerInput.of(CONNECT, peer));
    }

    @When("peer {string} disconnects")
    public void peerDisconnects(String peer) {
        input(new PeerInput(DISCONNECT, peer, "peer closed the connection", null, null, null));
    }

    @Given("peer {string} has connected and logged in")
    public void peerConnectedAndLoggedIn(String peer) {
        peerConnects(peer);
        peerLogsIn(peer);
    }

    @When("peer {string} logs in")
    public void peerLogsIn(String peer) {
        input(PeerInput.of(LOGIN_STARTED, peer));
        input(PeerInput.of(LOGIN_SUCCEEDED, peer));
    }

    @When("peer {string} starts logging in")
    public void peerStartsLogin(String peer) {
        input(PeerInput.of(LOGIN_STARTED, peer));
    }

    @When("the login of peer {string} succeeds")
    public void loginSucceeds(String peer) {
        input(PeerInput.of(LOGIN_SUCCEEDED, peer));
    }

    @When("the server is told the login of peer {string} succeeded without it having started")
    public void prematureLoginSuccess(String peer) {
        input(PeerInput.of(LOGIN_SUCCEEDED, peer));
    }

    @When("the login of peer {string} fails because {string}")
    public void loginFailsAlone(String peer, String reason) {
        input(new PeerInput(LOGIN_FAILED, peer, reason, null, null, null));
    }

    @When("the server sends a heartbeat to peer {string}")
    public void heartbeatTo(String peer) {
        input(PeerInput.of(PeerInput.Kind.HEARTBEAT_SENT, peer));
    }

    @When("the server evaluates its sessions")
    public void evaluate() {
        sut.evaluateServer();
    }

    @When("peer {string} fails to log in because {string}")
    public void loginFails(String peer, String reason) {
        input(PeerInput.of(LOGIN_STARTED, peer));
        input(new PeerInput(LOGIN_FAILED, peer, reason, null, null, null));
    }

    @When("^the server receives a heartbeat from peer \"([^\"]+)\"(?: with server tick (\\d+))?$")
    public void heartbeatFrom(String peer, Long tick) {
        input(new PeerInput(HEARTBEAT_RECEIVED, peer, null, tick, null, null));
    }

    @When("^peer \"([^\"]+)\" sends a message of type (\\d+) with payload \"([^\"]*)\"( on the sync lane)?$")
    public void peerSends(String peer, int type, String payload, String syncLane) {
        input(new PeerInput(syncLane == null ? SEND : SEND_SYNC, peer, null, null, type, payload));
    }

    @When("the server removes peer {string} because {string}")
    public void removePeer(String peer, String reason) {
        input(new PeerInput(REMOVE, peer, reason, null, null, null));
    }

    @When("^(\\d+) seconds pass one by one while only peer \"([^\"]+)\" sends (heartbeats|application messages), the server evaluating each second$")
    public void secondsPassWithOneActivePeer(int seconds, String peer, String what) {
        for (int i = 0; i < seconds; i++) {
            sut.advanceClock(1_000);
            if (what.equals("heartbeats")) {
                input(new PeerInput(HEARTBEAT_RECEIVED, peer, null, null, null, null));
            } else {
                input(new PeerInput(SEND, peer, null, null, 256, "tick " + i));
            }
            sut.evaluateServer();
        }
    }

    @When("^(\\d+) (ms|second|seconds) pass(?:es)?( and the server evaluates its sessions)?$")
    public void timePasses(long amount, String unit, String evaluate) {
        sut.advanceClock(unit.equals("ms") ? amount : amount * 1_000);
        if (evaluate != null) {
            sut.evaluateServer();
        }
    }

    @When("the server's sessions are enumerated")
    public void enumerate() {
        enumeration = sut.sessions();
    }

    @When("the host drains its message queue")
    public void drain() {
        sut.drainServer();
    }

    @When("the server sends peer {string} a message of type {int} with payload {string}")
    public void serverSends(String peer, int type, String payload) {
        sut.serverSend(peer, type, payload);
    }

    private void input(PeerInput input) {
        sut.serverInput(input);
        if (input.kind() == CONNECT) {
            peersWithSessions.add(input.peer());
        }
    }

    // ---------------------------------------------------------------- session assertions

    @Then("the server has {int} managed sessions")
    public void sessionCount(int count) {
        List<SessionView> all = sut.sessions();
        check(all.size() == count, "expected " + count + " managed sessions, found " + describe(all));
    }

    @Then("the server has at least {int} managed sessions")
    public void atLeastSessions(int count) {
        List<SessionView> all = sut.sessions();
        check(all.size() >= count, "expected at least " + count + " managed sessions, found " + describe(all));
    }

    @Then("^peer \"([^\"]+)\" is in state (\\w+)(?: with failure reason \"([^\"]*)\")?$")
    public void peerInState(String peer, String state, String reason) {
        SessionView session = session(peer);
        check(session.state().equals(state), "peer " + peer + " is " + session.state() + ", expected " + state);
        if (reason != null) {
            check(reason.equals(session.lastFailureReason()), "peer " + peer + " has failure reason '"
                    + session.lastFailureReason() + "', expected '" + reason + "'");
        }
    }

    @Then("^peer \"([^\"]+)\" is in one of the states (.+)$")
    public void peerInOneOf(String peer, String states) {
        List<String> allowed = words(states);
        SessionView session = session(peer);
        check(allowed.contains(session.state()), "peer " + peer + " is " + session.state() + ", expected one of " + allowed);
    }

    @Then("peer {string} has no failure reason")
    public void noFailureReason(String peer) {
        String reason = session(peer).lastFailureReason();
        check(reason == null, "peer " + peer + " has the failure reason '" + reason + "'");
    }

    @Then("peer {string} has a failure reason")
    public void hasFailureReason(String peer) {
        String reason = session(peer).lastFailureReason();
        check(reason != null && !reason.isBlank(), "peer " + peer + " has no failure reason");
    }

    @Then("peer {string} has no session")
    public void noSession(String peer) {
        Optional<SessionView> session = sut.lookup(peer);
        check(session.isEmpty(), "peer " + peer + " has a session: " + session.orElse(null));
    }

    @Then("peer {string} has no session or is in state Disconnected")
    public void goneOrDisconnected(String peer) {
        Optional<SessionView> session = sut.lookup(peer);
        check(session.isEmpty() || session.get().state().equals("Disconnected"),
                "peer " + peer + " is still " + session.map(SessionView::state).orElse("?"));
    }

    @Then("the enumeration holds exactly these sessions:")
    public void enumerationHolds(DataTable table) {
        Map<String, String> expected = new HashMap<>();
        for (Map<String, String> row : table.asMaps()) {
            expected.put(row.get("peer"), row.get("state"));
        }
        Map<String, String> actual = new HashMap<>();
        for (SessionView view : enumeration) {
            check(actual.put(view.peer(), view.state()) == null, "peer " + view.peer() + " is enumerated twice");
        }
        check(actual.equals(expected), "enumerated " + actual + ", expected " + expected);
    }

    @Then("looking up peer {string} gives state {word}")
    public void lookupGives(String peer, String state) {
        peerInState(peer, state, null);
    }

    @Then("looking up peer {string} finds no session")
    public void lookupFindsNothing(String peer) {
        noSession(peer);
    }

    @Then("the session of peer {string} has last server tick {long}")
    public void lastServerTick(String peer, long tick) {
        SessionView session = session(peer);
        check(Long.valueOf(tick).equals(session.lastServerTick()), "peer " + peer + " has last server tick "
                + session.lastServerTick() + ", expected " + tick);
    }

    private SessionView session(String peer) {
        Optional<SessionView> session = sut.lookup(peer);
        check(session.isPresent(), "peer " + peer + " has no session; sessions: " + describe(sut.sessions()));
        return session.get();
    }

    // ---------------------------------------------------------------- event assertions

    @Then("the events of peer {string} include {word}")
    public void eventsInclude(String peer, String kind) {
        check(kinds(peer).contains(kind), "peer " + peer + " has no " + kind + " event: " + kinds(peer));
    }

    @Then("no event of peer {string} is {word}")
    public void noEventOfKind(String peer, String kind) {
        check(!kinds(peer).contains(kind), "peer " + peer + " has a " + kind + " event: " + kinds(peer));
    }

    @Then("the events of peer {string} are:")
    public void eventsAre(String peer, DataTable table) {
        List<String> expected = table.asMaps().stream()
                .map(r -> r.get("kind") + " " + r.get("previous") + "->" + r.get("current")).toList();
        List<String> actual = lifecycleEvents(peer).stream()
                .map(e -> e.kind() + " " + e.previous() + "->" + e.current()).toList();
        check(actual.equals(expected), "events of peer " + peer + ":\n  actual   " + actual + "\n  expected " + expected);
    }

    @Then("^the events of peer \"([^\"]+)\" end with (.+)$")
    public void eventsEndWith(String peer, String kinds) {
        List<String> expected = words(kinds);
        List<String> actual = kinds(peer);
        check(actual.size() >= expected.size()
                && actual.subList(actual.size() - expected.size(), actual.size()).equals(expected),
                "events of peer " + peer + " are " + actual + ", expected them to end with " + expected);
    }

    @Then("^the (\\w+) event of peer \"([^\"]+)\" has the reason \"([^\"]*)\" and time (\\d+)$")
    public void eventHasReasonAndTime(String kind, String peer, String reason, long time) {
        EventView event = event(peer, kind);
        check(reason.equals(event.reason()) && event.timeMs() == time, "expected " + kind + " with reason '"
                + reason + "' at " + time + ", got " + event);
    }

    @Then("^the (\\w+) event of peer \"([^\"]+)\" has a reason$")
    public void eventHasReason(String kind, String peer) {
        EventView event = event(peer, kind);
        check(event.reason() != null && !event.reason().isBlank(), "the " + kind + " event has no reason: " + event);
    }

    @Then("the last event of peer {string} is {word} from {word} to {word}")
    public void lastEvent(String peer, String kind, String from, String to) {
        List<EventView> events = lifecycleEvents(peer);
        check(!events.isEmpty(), "peer " + peer + " has no events");
        EventView last = events.get(events.size() - 1);
        check(last.kind().equals(kind) && last.previous().equals(from) && last.current().equals(to),
                "the last event of peer " + peer + " is " + last);
    }

    @Then("every heartbeat event of peer {string} keeps the state {word}")
    public void heartbeatsKeepState(String peer, String state) {
        List<EventView> heartbeats = lifecycleEvents(peer).stream().filter(e -> e.kind().startsWith("Heartbeat")).toList();
        check(!heartbeats.isEmpty(), "peer " + peer + " has no heartbeat events");
        for (EventView e : heartbeats) {
            check(e.previous().equals(state) && e.current().equals(state), "a heartbeat changed state: " + e);
        }
    }

    @Then("every server event names a peer")
    public void everyEventNamesAPeer() {
        for (EventView e : sut.serverEvents()) {
            check(e.peer() != null && !e.peer().isBlank(), "an event names no peer: " + e);
        }
    }

    @Then("the events of each peer form a chain in which every previous state is the prior current state")
    public void chains() {
        Map<String, EventView> last = new HashMap<>();
        for (EventView e : sut.serverEvents()) {
            if (e.kind().equals(EventView.REMOVED)) {
                last.remove(e.peer());
                continue;
            }
            EventView prior = last.put(e.peer(), e);
            String expectedPrevious = prior == null ? "Disconnected" : prior.current();
            check(e.previous().equals(expectedPrevious), "event " + e + " follows " + prior);
        }
    }

    @Then("every peer that had a session was removed by the shutdown")
    public void everyPeerRemoved() {
        Set<String> removed = sut.serverEvents().stream().filter(e -> e.kind().equals(EventView.REMOVED))
                .map(EventView::peer).collect(Collectors.toSet());
        check(removed.containsAll(peersWithSessions), "removed " + removed + ", but sessions existed for " + peersWithSessions);
    }

    @Then("^the server refused (\\d+) connections?$")
    public void refused(long count) {
        check(sut.serverStatus().rejectedConnections() == count,
                "the server refused " + sut.serverStatus().rejectedConnections() + " connection(s)");
    }

    @Then("the host's cleanup ran for peer {string}")
    public void cleanupRan(String peer) {
        ServerStatus status = sut.serverStatus();
        check(status.cleanedUp().contains(peer), "cleanup ran for " + status.cleanedUp() + ", not for " + peer);
    }

    private List<EventView> lifecycleEvents(String peer) {
        return sut.serverEvents().stream()
                .filter(e -> e.peer().equals(peer) && !e.kind().equals(EventView.REMOVED)).toList();
    }

    private List<String> kinds(String peer) {
        return lifecycleEvents(peer).stream().map(EventView::kind).toList();
    }

    private EventView event(String peer, String kind) {
        return lifecycleEvents(peer).stream().filter(e -> e.kind().equals(kind)).findFirst()
                .orElseThrow(() -> new AssertionError("peer " + peer + " has no " + kind + " event: " + kinds(peer)));
    }

    // ---------------------------------------------------------------- messages

    @Then("the server has handled {int} messages")
    public void serverHandledCount(int count) {
        List<MessageView> received = sut.serverReceived();
        check(received.size() == count, "the server's handlers ran for " + received);
    }

    @Then("the server handled a message of type {int} with payload {string} from peer {string}")
    public void serverHandled(int type, String payload, String peer) {
        MessageView expected = new MessageView(peer, type, payload);
        check(sut.serverReceived().contains(expected), "the server's handlers ran for " + sut.serverReceived()
                + ", not for " + expected);
    }

    // ---------------------------------------------------------------- the client runtime

    @Given("a client runtime named {string} starts against the server")
    public void clientStarts(String name) {
        sut.startClient(new ClientSpec(name, PolicySpec.defaults(), true, List.of()));
        peersWithSessions.add(name);
    }

    @Given("a client runtime named {string} handling message type {int} starts against the server")
    public void clientHandlingStarts(String name, int type) {
        sut.startClient(new ClientSpec(name, PolicySpec.defaults(), true, List.of(type)));
        peersWithSessions.add(name);
    }

    @Then("the client session is in state {word}")
    public void clientState(String state) {
        SessionView session = sut.clientSession();
        check(session.state().equals(state), "the client session is " + session.state() + ", expected " + state);
    }

    @When("the client logs in")
    public void clientLogsIn() {
        sut.clientInput(ClientInput.of(ClientInput.Kind.LOGIN_STARTED));
        sut.clientInput(ClientInput.of(ClientInput.Kind.LOGIN_SUCCEEDED));
    }

    @When("the client runtime stops")
    public void clientStops() {
        sut.stopClient();
    }

    @Then("no heartbeat is due for the client")
    public void noHeartbeatDue() {
        check(!sut.clientHeartbeatDue(), "a heartbeat is due for the client");
    }

    @Then("a heartbeat is due for the client")
    public void heartbeatDue() {
        check(sut.clientHeartbeatDue(), "no heartbeat is due for the client");
    }

    @When("^the client (?:sends|tries to send) a heartbeat$")
    public void clientSendsHeartbeat() {
        sut.clientInput(ClientInput.of(ClientInput.Kind.HEARTBEAT_SENT));
    }

    @When("the client receives a heartbeat answer with server tick {long}")
    public void clientReceivesHeartbeat(long tick) {
        sut.clientInput(new ClientInput(ClientInput.Kind.HEARTBEAT_RECEIVED, null, tick, null, null));
    }

    @Then("the client session has RTT {long} ms and last server tick {long}")
    public void clientRtt(long rtt, long tick) {
        SessionView session = sut.clientSession();
        check(Long.valueOf(rtt).equals(session.rttMs()) && Long.valueOf(tick).equals(session.lastServerTick()),
                "the client session: " + session);
    }

    @Then("no client event is {word}")
    public void noClientEvent(String kind) {
        List<String> kinds = sut.clientEvents().stream().map(EventView::kind).toList();
        check(!kinds.contains(kind), "the client has a " + kind + " event: " + kinds);
    }

    @Then("^the client events are (.+)$")
    public void clientEventsAre(String kinds) {
        List<String> actual = sut.clientEvents().stream().map(EventView::kind).toList();
        check(actual.equals(words(kinds)), "the client events are " + actual);
    }

    @When("^the client sends a message of type (\\d+) with payload \"([^\"]*)\"( on the sync lane)?$")
    public void clientSends(int type, String payload, String syncLane) {
        sut.clientInput(new ClientInput(syncLane == null ? ClientInput.Kind.SEND : ClientInput.Kind.SEND_SYNC,
                null, null, type, payload));
    }

    @Then("the client handled a message of type {int} with payload {string}")
    public void clientHandled(int type, String payload) {
        List<MessageView> received = sut.clientReceived();
        check(received.stream().anyMatch(m -> m.type() == type && m.payload().equals(payload)),
                "the client's handlers ran for " + received);
    }

    // ---------------------------------------------------------------- helpers

    private static void check(boolean condition, String failure) {
        if (!condition) {
            throw new AssertionError(failure);
        }
    }

    private static List<Integer> ints(String csv) {
        return Arrays.stream(csv.split("[,\\s]+")).filter(s -> !s.isBlank()).map(Integer::valueOf).toList();
    }

    private static List<String> words(String csv) {
        List<String> out = new ArrayList<>();
        for (String w : csv.split("[,\\s]+")) {
            if (!w.isBlank()) {
                out.add(w);
            }
        }
        return out;
    }

    private static String describe(List<SessionView> sessions) {
        return sessions.stream().map(s -> s.peer() + "=" + s.state()).toList().toString();
    }
}
