package dev.peerlife.conformance.steps;

import dev.peerlife.conformance.spi.EventView;
import io.cucumber.datatable.DataTable;
import io.cucumber.java.en.Then;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.peerlife.conformance.steps.World.check;
import static dev.peerlife.conformance.steps.World.words;

/** The server's lifecycle events and removal notices, per peer. */
public class EventSteps {

    private final World world;

    public EventSteps(World world) {
        this.world = world;
    }

    @Then("the events of peer {string} include {word}")
    public void eventsInclude(String peer, String kind) {
        check(world.kinds(peer).contains(kind), "peer " + peer + " has no " + kind + " event: " + world.kinds(peer));
    }

    @Then("no event of peer {string} is {word}")
    public void noEventOfKind(String peer, String kind) {
        check(!world.kinds(peer).contains(kind), "peer " + peer + " has a " + kind + " event: " + world.kinds(peer));
    }

    /**
     * The peer's lifecycle events (removal notices aside), exactly. Columns kind, previous and current
     * are required; time and reason are optional, and an empty cell in them is not checked.
     */
    @Then("the events of peer {string} are:")
    public void eventsAre(String peer, DataTable table) {
        compare(peer, world.lifecycleEvents(peer), table);
    }

    /** As above, with removal notices (kind Removed) in their place among the events. */
    @Then("the events of peer {string}, removal notices included, are:")
    public void allEventsAre(String peer, DataTable table) {
        compare(peer, world.allEvents(peer), table);
    }

    private void compare(String peer, List<EventView> actual, DataTable table) {
        List<Map<String, String>> rows = table.asMaps();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < Math.max(rows.size(), actual.size()); i++) {
            if (i >= rows.size()) {
                problems.add("#" + (i + 1) + " unexpected " + line(actual.get(i)));
                continue;
            }
            Map<String, String> row = rows.get(i);
            if (i >= actual.size()) {
                problems.add("#" + (i + 1) + " missing " + row);
                continue;
            }
            EventView e = actual.get(i);
            boolean ok = e.kind().equals(row.get("kind")) && e.previous().equals(row.get("previous"))
                    && e.current().equals(row.get("current"));
            String time = row.get("time");
            if (time != null && !time.isBlank()) {
                ok &= e.timeMs() == Long.parseLong(time.strip());
            }
            String reason = row.get("reason");
            if (reason != null && !reason.isBlank()) {
                ok &= reason.equals(e.reason());
            }
            if (!ok) {
                problems.add("#" + (i + 1) + " is " + line(e) + ", expected " + row);
            }
        }
        check(problems.isEmpty(), "events of peer " + peer + " differ:\n  " + String.join("\n  ", problems)
                + "\n  all: " + actual.stream().map(EventSteps::line).toList());
    }

    @Then("^the events of peer \"([^\"]+)\" end with (.+)$")
    public void eventsEndWith(String peer, String kinds) {
        List<String> expected = words(kinds);
        List<String> actual = world.kinds(peer);
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

    @Then("^the (\\w+) event of peer \"([^\"]+)\" has time (\\d+)$")
    public void eventHasTime(String kind, String peer, long time) {
        EventView event = event(peer, kind);
        check(event.timeMs() == time, "expected " + kind + " at " + time + ", got " + event);
    }

    @Then("the last event of peer {string} is {word} from {word} to {word}")
    public void lastEvent(String peer, String kind, String from, String to) {
        EventView last = last(world.lifecycleEvents(peer), peer);
        check(last.kind().equals(kind) && last.previous().equals(from) && last.current().equals(to),
                "the last event of peer " + peer + " is " + line(last));
    }

    @Then("the last event of peer {string} is Disconnected with a reason")
    public void lastDisconnectedWithReason(String peer) {
        EventView last = last(world.lifecycleEvents(peer), peer);
        check(last.kind().equals("Disconnected") && last.reason() != null && !last.reason().isBlank(),
                "the last event of peer " + peer + " is " + line(last));
    }

    @Then("the first event of peer {string} comes from the state {word}")
    public void firstEventFrom(String peer, String state) {
        List<EventView> events = world.lifecycleEvents(peer);
        check(!events.isEmpty(), "peer " + peer + " has no events");
        check(events.get(0).previous().equals(state), "the first event of peer " + peer + " is " + line(events.get(0)));
    }

    @Then("every heartbeat event of peer {string} keeps the state {word}")
    public void heartbeatsKeepState(String peer, String state) {
        keepsState(world.lifecycleEvents(peer), "peer " + peer, state);
    }

    static void keepsState(List<EventView> events, String who, String state) {
        List<EventView> heartbeats = events.stream().filter(e -> e.kind().startsWith("Heartbeat")).toList();
        check(!heartbeats.isEmpty(), who + " has no heartbeat events");
        for (EventView e : heartbeats) {
            check(e.previous().equals(state) && e.current().equals(state), "a heartbeat changed state: " + line(e));
        }
    }

    @Then("every server event names a peer")
    public void everyEventNamesAPeer() {
        for (EventView e : world.sut.serverEvents()) {
            check(e.peer() != null && !e.peer().isBlank(), "an event names no peer: " + e);
        }
    }

    @Then("^every server event names one of the peers (.+)$")
    public void everyEventNamesAKnownPeer(String peers) {
        Set<String> known = Set.copyOf(words(peers));
        for (EventView e : world.sut.serverEvents()) {
            check(e.peer() != null && known.contains(e.peer()), "an event names no peer of " + known + ": " + e);
        }
    }

    @Then("the events of each peer form a chain in which every previous state is the prior current state")
    public void chains() {
        Map<String, EventView> last = new HashMap<>();
        for (EventView e : world.sut.serverEvents()) {
            if (e.kind().equals(EventView.REMOVED)) {
                last.remove(e.peer());
                continue;
            }
            EventView prior = last.put(e.peer(), e);
            String expectedPrevious = prior == null ? "Disconnected" : prior.current();
            check(e.previous().equals(expectedPrevious), "event " + line(e) + " follows " + (prior == null ? "nothing" : line(prior)));
        }
    }

    /** NSL-5: each hosted session's end is observable, as a Disconnected event or a removal notice. */
    @Then("every peer that had a session ended with a Disconnected event or a removal notice")
    public void everyPeerEnded() {
        check(!world.peersWithSessions.isEmpty(), "no peer had a session");
        for (String peer : world.peersWithSessions) {
            EventView last = last(world.allEvents(peer), peer);
            check(last.kind().equals(EventView.REMOVED) || last.kind().equals("Disconnected"),
                    "the end of peer " + peer + "'s session is not observable: its last event is " + line(last));
        }
    }

    @Then("the last event of peer {string} is Disconnected with the reason {string}, followed by a removal notice with the reason {string}")
    public void disconnectedThenRemoved(String peer, String reason, String removalReason) {
        List<EventView> events = world.allEvents(peer);
        check(events.size() >= 2, "peer " + peer + " has events " + events.stream().map(EventSteps::line).toList());
        EventView disconnected = events.get(events.size() - 2);
        EventView removed = events.get(events.size() - 1);
        check(disconnected.kind().equals("Disconnected") && reason.equals(disconnected.reason()),
                "expected Disconnected (" + reason + ") before the removal notice, got " + line(disconnected));
        check(removed.kind().equals(EventView.REMOVED) && removalReason.equals(removed.reason()),
                "expected a removal notice (" + removalReason + ") last, got " + line(removed));
    }

    @Then("peer {string} ended with a Disconnected event followed by a removal notice")
    public void endedDisconnectedThenRemoved(String peer) {
        List<EventView> events = world.allEvents(peer);
        check(events.size() >= 2 && events.get(events.size() - 2).kind().equals("Disconnected")
                        && events.get(events.size() - 1).kind().equals(EventView.REMOVED),
                "peer " + peer + " ended with " + events.stream().map(EventSteps::line).toList());
    }

    @Then("^peer \"([^\"]+)\" has exactly (\\d+) Disconnected events?, followed by a removal notice$")
    public void exactlyDisconnectedThenRemoved(String peer, int count) {
        List<EventView> events = world.allEvents(peer);
        long disconnected = events.stream().filter(e -> e.kind().equals("Disconnected")).count();
        check(disconnected == count, "peer " + peer + " has " + disconnected + " Disconnected events: "
                + events.stream().map(EventSteps::line).toList());
        check(!events.isEmpty() && events.get(events.size() - 1).kind().equals(EventView.REMOVED),
                "peer " + peer + " has no removal notice last: " + events.stream().map(EventSteps::line).toList());
    }

    /** The session the peer opened with its last connect has not ended: no Disconnected, no removal notice since. */
    @Then("peer {string} has had no Disconnected event and no removal notice since it last connected")
    public void noEndSinceLastConnect(String peer) {
        List<EventView> events = world.allEvents(peer);
        int lastConnect = -1;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).kind().equals("TransportConnected")) {
                lastConnect = i;
            }
        }
        check(lastConnect >= 0, "peer " + peer + " never connected: " + events.stream().map(EventSteps::line).toList());
        for (EventView e : events.subList(lastConnect + 1, events.size())) {
            check(!e.kind().equals("Disconnected") && !e.kind().equals(EventView.REMOVED),
                    "the session peer " + peer + " opened at " + events.get(lastConnect).timeMs() + " ended: " + line(e));
        }
    }

    @Then("no event of peer {string} goes from a state to the same state, other than a heartbeat")
    public void noSelfTransitions(String peer) {
        for (EventView e : world.lifecycleEvents(peer)) {
            check(e.kind().startsWith("Heartbeat") || !e.previous().equals(e.current()),
                    "an input was published as a self-transition: " + line(e));
        }
    }

    private EventView event(String peer, String kind) {
        return world.lifecycleEvents(peer).stream().filter(e -> e.kind().equals(kind)).findFirst()
                .orElseThrow(() -> new AssertionError("peer " + peer + " has no " + kind + " event: " + world.kinds(peer)));
    }

    private static EventView last(List<EventView> events, String peer) {
        check(!events.isEmpty(), "peer " + peer + " has no events");
        return events.get(events.size() - 1);
    }

    static String line(EventView e) {
        return e.kind() + " " + e.previous() + "->" + e.current() + " @" + e.timeMs()
                + (e.reason() == null ? "" : " (" + e.reason() + ")");
    }
}
