package dev.peerlife.conformance.steps;

import dev.peerlife.conformance.spi.MessageView;
import dev.peerlife.conformance.spi.RefusalView;
import dev.peerlife.conformance.spi.ServerStatus;
import dev.peerlife.conformance.spi.SessionView;
import io.cucumber.datatable.DataTable;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static dev.peerlife.conformance.steps.World.check;
import static dev.peerlife.conformance.steps.World.describe;
import static dev.peerlife.conformance.steps.World.words;

/** What the server's coordinator reports of its sessions, what its handlers ran for, and its host hooks. */
public class SessionSteps {

    private final World world;

    public SessionSteps(World world) {
        this.world = world;
    }

    // ---------------------------------------------------------------- enumeration and lookup

    @Then("^the server has (\\d+) managed sessions?$")
    public void sessionCount(int count) {
        List<SessionView> all = world.sut.sessions();
        check(all.size() == count, "expected " + count + " managed sessions, found " + describe(all));
    }

    @Then("the server has at least {int} managed sessions")
    public void atLeastSessions(int count) {
        List<SessionView> all = world.sut.sessions();
        check(all.size() >= count, "expected at least " + count + " managed sessions, found " + describe(all));
    }

    @Then("^peer \"([^\"]+)\" is in state (\\w+)(?: with failure reason \"([^\"]*)\")?$")
    public void peerInState(String peer, String state, String reason) {
        SessionView session = world.session(peer);
        check(session.state().equals(state), "peer " + peer + " is " + session.state() + ", expected " + state);
        if (reason != null) {
            check(reason.equals(session.lastFailureReason()), "peer " + peer + " has failure reason '"
                    + session.lastFailureReason() + "', expected '" + reason + "'");
        }
    }

    @Then("^peer \"([^\"]+)\" is in one of the states (.+)$")
    public void peerInOneOf(String peer, String states) {
        List<String> allowed = words(states);
        SessionView session = world.session(peer);
        check(allowed.contains(session.state()), "peer " + peer + " is " + session.state() + ", expected one of " + allowed);
    }

    @Then("peer {string} has no failure reason")
    public void noFailureReason(String peer) {
        String reason = world.session(peer).lastFailureReason();
        check(reason == null, "peer " + peer + " has the failure reason '" + reason + "'");
    }

    @Then("peer {string} does not have the failure reason {string}")
    public void notThisFailureReason(String peer, String reason) {
        String actual = world.session(peer).lastFailureReason();
        check(!reason.equals(actual), "peer " + peer + " took another peer's failure reason '" + actual + "'");
    }

    @Then("peer {string} has a failure reason")
    public void hasFailureReason(String peer) {
        String reason = world.session(peer).lastFailureReason();
        check(reason != null && !reason.isBlank(), "peer " + peer + " has no failure reason");
    }

    @Then("peer {string} has no session")
    public void noSession(String peer) {
        Optional<SessionView> session = world.sut.lookup(peer);
        check(session.isEmpty(), "peer " + peer + " has a session: " + session.orElse(null));
    }

    @Then("peer {string} has a session")
    public void hasSession(String peer) {
        world.session(peer);
    }

    @Then("peer {string} has no session or is in state Disconnected")
    public void goneOrDisconnected(String peer) {
        Optional<SessionView> session = world.sut.lookup(peer);
        check(session.isEmpty() || session.get().state().equals("Disconnected"),
                "peer " + peer + " is still " + session.map(SessionView::state).orElse("?"));
    }

    /** The table's state column may name alternatives the spec allows: "TransportConnected or LoginPending". */
    @Then("the enumeration holds exactly these sessions:")
    public void enumerationHolds(DataTable table) {
        Map<String, List<String>> expected = new HashMap<>();
        for (Map<String, String> row : table.asMaps()) {
            expected.put(row.get("peer"), List.of(row.get("state").split("\\s+or\\s+")));
        }
        Map<String, String> actual = new HashMap<>();
        for (SessionView view : world.enumeration) {
            check(actual.put(view.peer(), view.state()) == null, "peer " + view.peer() + " is enumerated twice");
        }
        check(actual.keySet().equals(expected.keySet()), "enumerated " + actual + ", expected " + expected);
        expected.forEach((peer, states) -> check(states.contains(actual.get(peer)),
                "peer " + peer + " is enumerated as " + actual.get(peer) + ", expected " + String.join(" or ", states)));
    }

    @Then("looking up peer {string} gives state {word}")
    public void lookupGives(String peer, String state) {
        peerInState(peer, state, null);
    }

    @Then("looking up peer {string} finds no session")
    public void lookupFindsNothing(String peer) {
        noSession(peer);
    }

    // ---------------------------------------------------------------- isolation without assuming other rules

    @Given("the state of each peer is noted")
    public void noteStates() {
        world.noted.clear();
        world.notedEvents.clear();
        for (SessionView v : world.sut.sessions()) {
            world.noted.put(v.peer(), v);
            world.notedEvents.put(v.peer(), world.allEvents(v.peer()).size());
        }
    }

    /** The peer's session is as noted: state, RTT, server tick and failure reason. */
    @Then("peer {string} is still in its noted state")
    public void stillNoted(String peer) {
        SessionView before = world.noted.get(peer);
        check(before != null, "peer " + peer + " had no session when the states were noted");
        SessionView now = world.session(peer);
        check(now.equals(before), "peer " + peer + " changed: it was " + before + ", it is " + now);
    }

    @Then("peer {string} has no new event since the states were noted")
    public void noNewEvents(String peer) {
        Integer before = world.notedEvents.get(peer);
        check(before != null, "peer " + peer + " had no session when the states were noted");
        List<dev.peerlife.conformance.spi.EventView> events = world.allEvents(peer);
        check(events.size() == before, "peer " + peer + " has new events: " + events.subList(before, events.size()));
    }

    /** Each session, as enumerated, shows the state its own peer's events lead to, not another peer's. */
    @Then("each peer's session shows the state of its own last event")
    public void eachShowsItsOwnState() {
        for (SessionView v : world.sut.sessions()) {
            List<dev.peerlife.conformance.spi.EventView> events = world.lifecycleEvents(v.peer());
            check(!events.isEmpty(), "peer " + v.peer() + " has a session but no event");
            String own = events.get(events.size() - 1).current();
            check(own.equals(v.state()), "peer " + v.peer() + " shows " + v.state() + ", but its own last event left it " + own);
        }
    }

    @Then("^the enumeration holds exactly the peers (.+)$")
    public void enumerationHoldsPeers(String peers) {
        List<String> enumerated = world.enumeration.stream().map(SessionView::peer).sorted().toList();
        List<String> expected = words(peers).stream().sorted().toList();
        check(enumerated.equals(expected), "enumerated " + enumerated + ", expected " + expected);
    }

    @Then("each enumerated session shows the state of that peer's own last event, and looking it up gives the same")
    public void enumeratedShowOwnState() {
        for (SessionView v : world.enumeration) {
            List<dev.peerlife.conformance.spi.EventView> events = world.lifecycleEvents(v.peer());
            check(!events.isEmpty(), "peer " + v.peer() + " is enumerated but has no event");
            String own = events.get(events.size() - 1).current();
            check(own.equals(v.state()), "peer " + v.peer() + " is enumerated as " + v.state() + ", but its own last event left it " + own);
            Optional<SessionView> looked = world.sut.lookup(v.peer());
            check(looked.isPresent() && looked.get().equals(v), "looking up " + v.peer() + " gives " + looked.orElse(null)
                    + ", the enumeration " + v);
        }
    }

    // ---------------------------------------------------------------- RTT and server tick

    @Then("peer {string} has RTT {long} ms and last server tick {long}")
    public void rttAndTick(String peer, long rtt, long tick) {
        SessionView session = world.session(peer);
        check(Long.valueOf(rtt).equals(session.rttMs()) && Long.valueOf(tick).equals(session.lastServerTick()),
                "peer " + peer + ": RTT " + session.rttMs() + ", last server tick " + session.lastServerTick()
                        + "; expected " + rtt + " and " + tick);
    }

    @Then("peer {string} has RTT {long} ms")
    public void rtt(String peer, long rtt) {
        SessionView session = world.session(peer);
        check(Long.valueOf(rtt).equals(session.rttMs()), "peer " + peer + " has RTT " + session.rttMs() + ", expected " + rtt);
    }

    @Then("peer {string} has no RTT")
    public void noRtt(String peer) {
        SessionView session = world.session(peer);
        check(session.rttMs() == null, "peer " + peer + " has RTT " + session.rttMs() + ", expected none");
    }

    @Then("peer {string} has last server tick {long}")
    public void lastServerTick(String peer, long tick) {
        SessionView session = world.session(peer);
        check(Long.valueOf(tick).equals(session.lastServerTick()), "peer " + peer + " has last server tick "
                + session.lastServerTick() + ", expected " + tick);
    }

    @Then("^peer \"([^\"]+)\" has RTT (none|-?\\d+) and last server tick (none|-?\\d+)$")
    public void rttAndTickOrNone(String peer, String rtt, String tick) {
        SessionView session = world.session(peer);
        check(Objects.equals(rtt.equals("none") ? null : Long.valueOf(rtt), session.rttMs()),
                "peer " + peer + " has RTT " + session.rttMs() + ", expected " + rtt);
        check(Objects.equals(tick.equals("none") ? null : Long.valueOf(tick), session.lastServerTick()),
                "peer " + peer + " has last server tick " + session.lastServerTick() + ", expected " + tick);
    }

    // ---------------------------------------------------------------- messages

    @Then("the server has handled {int} messages")
    public void serverHandledCount(int count) {
        List<MessageView> received = world.sut.serverReceived();
        check(received.size() == count, "the server's handlers ran for " + received);
    }

    @Then("the server handled a message of type {int} with payload {string} from peer {string}")
    public void serverHandled(int type, String payload, String peer) {
        MessageView expected = new MessageView(peer, type, payload);
        check(world.sut.serverReceived().contains(expected), "the server's handlers ran for " + world.sut.serverReceived()
                + ", not for " + expected);
    }

    @Then("the drain ran {int} handlers")
    public void drainRan(int count) {
        check(world.lastDrain == count, "the drain reported " + world.lastDrain + " handlers, expected " + count);
    }

    // ---------------------------------------------------------------- host hooks

    @Then("^the server refused (\\d+) connections?$")
    public void refused(long count) {
        check(world.sut.serverStatus().rejectedConnections() == count,
                "the server refused " + world.sut.serverStatus().rejectedConnections() + " connection(s)");
    }

    @Then("the refusal of peer {string} gives a reason")
    public void refusalReason(String peer) {
        List<RefusalView> refusals = world.sut.serverStatus().refusals();
        check(refusals.stream().anyMatch(r -> r.peer().equals(peer) && r.reason() != null && !r.reason().isBlank()),
                "no refusal of peer " + peer + " with a reason among " + refusals);
    }

    @Then("the host's cleanup ran for peer {string}")
    public void cleanupRan(String peer) {
        ServerStatus status = world.sut.serverStatus();
        check(status.cleanedUp().contains(peer), "cleanup ran for " + status.cleanedUp() + ", not for " + peer);
    }

    @Then("the host's cleanup did not run for peer {string}")
    public void cleanupDidNotRun(String peer) {
        ServerStatus status = world.sut.serverStatus();
        check(!status.cleanedUp().contains(peer), "cleanup ran for " + peer + ": " + status.cleanedUp());
    }
}
