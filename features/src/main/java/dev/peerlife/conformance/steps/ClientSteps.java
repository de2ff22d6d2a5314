package dev.peerlife.conformance.steps;

import dev.peerlife.conformance.spi.ClientInput;
import dev.peerlife.conformance.spi.ClientSpec;
import dev.peerlife.conformance.spi.EventView;
import dev.peerlife.conformance.spi.MessageView;
import dev.peerlife.conformance.spi.PolicySpec;
import dev.peerlife.conformance.spi.SessionView;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import java.util.List;

import static dev.peerlife.conformance.steps.World.check;
import static dev.peerlife.conformance.steps.World.words;

/** The client runtime (capability "client"): its single session, its heartbeats, its messages. */
public class ClientSteps {

    private final World world;

    public ClientSteps(World world) {
        this.world = world;
    }

    // ---------------------------------------------------------------- start and stop

    @Given("a client runtime named {string} starts against the server")
    public void clientStarts(String name) {
        start(new ClientSpec(name, PolicySpec.defaults(), true, List.of()));
    }

    @Given("a client runtime named {string} handling message type {int} starts against the server")
    public void clientHandlingStarts(String name, int type) {
        start(new ClientSpec(name, PolicySpec.defaults(), true, List.of(type)));
    }

    @Given("a client runtime named {string} without a policy starts against the server")
    public void clientWithoutPolicy(String name) {
        start(new ClientSpec(name, null, true, List.of()));
    }

    @Given("^a client runtime named \"([^\"]+)\" with heartbeat interval (\\d+) ms, timeout (\\d+) ms, reconnect delay (\\d+) ms and auto-reconnect (on|off) starts against the server$")
    public void clientWithPolicy(String name, long interval, long timeout, long delay, String auto) {
        start(new ClientSpec(name, new PolicySpec(interval, timeout, delay, auto.equals("on")), true, List.of()));
    }

    private void start(ClientSpec spec) {
        world.sut.startClient(spec);
        world.peersWithSessions.add(spec.name());
    }

    @When("the client runtime stops")
    public void clientStops() {
        world.sut.stopClient();
    }

    // ---------------------------------------------------------------- inputs and time

    @When("the client logs in")
    public void clientLogsIn() {
        world.sut.clientInput(ClientInput.of(ClientInput.Kind.LOGIN_STARTED));
        world.sut.clientInput(ClientInput.of(ClientInput.Kind.LOGIN_SUCCEEDED));
    }

    @When("^the client (?:sends|tries to send) a heartbeat$")
    public void clientSendsHeartbeat() {
        world.sut.clientInput(ClientInput.of(ClientInput.Kind.HEARTBEAT_SENT));
    }

    @When("the client receives a heartbeat answer with server tick {long}")
    public void clientReceivesHeartbeat(long tick) {
        world.sut.clientInput(new ClientInput(ClientInput.Kind.HEARTBEAT_RECEIVED, null, tick, null, null));
    }

    @When("^(\\d+) (ms|second|seconds) pass(?:es)? and the client evaluates its session( until it settles)?$")
    public void timePassesForClient(long amount, String unit, String settle) {
        world.advance(unit.equals("ms") ? amount : amount * 1_000);
        if (settle != null) {
            world.settleClient();
        } else {
            world.sut.evaluateClient();
        }
    }

    @When("^the client sends a message of type (\\d+) with payload \"([^\"]*)\"( on the sync lane)?$")
    public void clientSends(int type, String payload, String syncLane) {
        world.sut.clientInput(new ClientInput(syncLane == null ? ClientInput.Kind.SEND : ClientInput.Kind.SEND_SYNC,
                null, null, type, payload));
    }

    // ---------------------------------------------------------------- the client session

    @Then("the client session is in state {word}")
    public void clientState(String state) {
        SessionView session = world.sut.clientSession();
        check(session.state().equals(state), "the client session is " + session.state() + ", expected " + state);
    }

    @Then("^the client session is in one of the states (.+)$")
    public void clientInOneOf(String states) {
        List<String> allowed = words(states);
        SessionView session = world.sut.clientSession();
        check(allowed.contains(session.state()), "the client session is " + session.state() + ", expected one of " + allowed);
    }

    @Then("no heartbeat is due for the client")
    public void noHeartbeatDue() {
        check(!world.sut.clientHeartbeatDue(), "a heartbeat is due for the client");
    }

    @Then("a heartbeat is due for the client")
    public void heartbeatDue() {
        check(world.sut.clientHeartbeatDue(), "no heartbeat is due for the client");
    }

    @Then("the client session has RTT {long} ms and last server tick {long}")
    public void clientRtt(long rtt, long tick) {
        SessionView session = world.sut.clientSession();
        check(Long.valueOf(rtt).equals(session.rttMs()) && Long.valueOf(tick).equals(session.lastServerTick()),
                "the client session: " + session);
    }

    @Then("the client session has no RTT")
    public void clientNoRtt() {
        SessionView session = world.sut.clientSession();
        check(session.rttMs() == null, "the client session has RTT " + session.rttMs() + ", expected none");
    }

    // ---------------------------------------------------------------- client events

    @Then("no client event is {word}")
    public void noClientEvent(String kind) {
        check(!kinds().contains(kind), "the client has a " + kind + " event: " + kinds());
    }

    @Then("the client events include {word}")
    public void clientEventsInclude(String kind) {
        check(kinds().contains(kind), "the client has no " + kind + " event: " + kinds());
    }

    @Then("the first client event comes from the state {word}")
    public void firstClientEvent(String state) {
        List<EventView> events = world.sut.clientEvents();
        check(!events.isEmpty(), "the client has no events");
        check(events.get(0).previous().equals(state), "the first client event is " + EventSteps.line(events.get(0)));
    }

    @Then("the last client event is {word}")
    public void lastClientEvent(String kind) {
        List<String> kinds = kinds();
        check(!kinds.isEmpty() && kinds.get(kinds.size() - 1).equals(kind), "the client events are " + kinds);
    }

    @Then("every heartbeat event of the client keeps the state {word}")
    public void clientHeartbeatsKeepState(String state) {
        EventSteps.keepsState(world.sut.clientEvents(), "the client", state);
    }

    @Then("the client handled a message of type {int} with payload {string}")
    public void clientHandled(int type, String payload) {
        List<MessageView> received = world.sut.clientReceived();
        check(received.stream().anyMatch(m -> m.type() == type && m.payload().equals(payload)),
                "the client's handlers ran for " + received);
    }

    private List<String> kinds() {
        return world.sut.clientEvents().stream().map(EventView::kind).toList();
    }
}
