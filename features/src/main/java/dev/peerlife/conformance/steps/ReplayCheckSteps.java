package dev.peerlife.conformance.steps;

import dev.peerlife.conformance.spi.EventView;
import dev.peerlife.conformance.spi.PeerInput;
import dev.peerlife.conformance.spi.SessionView;
import io.cucumber.java.en.Then;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import static dev.peerlife.conformance.steps.World.check;

/**
 * Checks that compare the scenario so far with replays of it: what the properties check on a
 * history, stated for the one history a counterexample holds. They replay the scenario's own
 * script in fresh worlds through the SPI, so they apply to any implementation.
 */
public class ReplayCheckSteps {

    private final World world;

    public ReplayCheckSteps(World world) {
        this.world = world;
    }

    /** MSL-1, MSL-2, PRO-2: each peer, played alone with the host-wide steps, ends as it did among the others. */
    @Then("each peer's events and end state are those it has when it runs alone")
    public void eachPeerAsIfAlone() {
        Map<String, List<String>> together = new TreeMap<>();
        Map<String, SessionView> togetherEnd = new TreeMap<>();
        List<World.Action> script = List.copyOf(world.script);
        Set<String> peers = peers(script);
        for (String peer : peers) {
            together.put(peer, timed(world.lifecycleEvents(peer)));
            togetherEnd.put(peer, world.sut.lookup(peer).orElse(null));
        }
        List<String> problems = new ArrayList<>();
        for (String peer : peers) {
            world.replay(script.stream().filter(a -> a.input() == null || a.input().peer().equals(peer)).toList());
            List<String> alone = timed(world.lifecycleEvents(peer));
            SessionView aloneEnd = world.sut.lookup(peer).orElse(null);
            if (!alone.equals(together.get(peer)) || !Objects.equals(aloneEnd, togetherEnd.get(peer))) {
                problems.add(peer + " with the others: " + together.get(peer) + ", ends " + togetherEnd.get(peer)
                        + "; alone: " + alone + ", ends " + aloneEnd);
            }
        }
        check(problems.isEmpty(), String.join("\n", problems));
    }

    /** MSL-3: the scenario without the last removal of the peer ends the same for every other peer. */
    @Then("no peer other than {string} changed because of its removal")
    public void removalChangedNoOther(String victim) {
        List<World.Action> script = List.copyOf(world.script);
        int removal = -1;
        for (int i = 0; i < script.size(); i++) {
            PeerInput in = script.get(i).input();
            if (in != null && in.kind() == PeerInput.Kind.REMOVE && in.peer().equals(victim)) {
                removal = i;
            }
        }
        check(removal >= 0, "the scenario never removes peer " + victim);
        Set<String> others = peers(script);
        others.remove(victim);
        Map<String, List<String>> with = new TreeMap<>();
        Map<String, SessionView> withEnd = new TreeMap<>();
        for (String peer : others) {
            with.put(peer, timed(world.lifecycleEvents(peer)));
            withEnd.put(peer, world.sut.lookup(peer).orElse(null));
        }
        List<World.Action> without = new ArrayList<>(script);
        without.remove(removal);
        world.replay(without);
        List<String> problems = new ArrayList<>();
        for (String peer : others) {
            List<String> events = timed(world.lifecycleEvents(peer));
            SessionView end = world.sut.lookup(peer).orElse(null);
            if (!events.equals(with.get(peer)) || !Objects.equals(end, withEnd.get(peer))) {
                problems.add("removing " + victim + " changed " + peer + ": without the removal " + events + ", ends " + end
                        + "; with it " + with.get(peer) + ", ends " + withEnd.get(peer));
            }
        }
        check(problems.isEmpty(), String.join("\n", problems));
    }

    /** NSL-1: every event carries the clock reading of the call that caused it. */
    @Then("every server event carries the time of the step that caused it")
    public void eventTimes() {
        List<EventView> events = world.sut.serverEvents();
        int from = 0;
        for (World.Action a : world.script) {
            for (int i = from; i < Math.min(a.eventsAfter(), events.size()); i++) {
                EventView e = events.get(i);
                check(e.timeMs() == a.nowAfter(), "event " + EventSteps.line(e) + " of peer " + e.peer()
                        + " carries time " + e.timeMs() + "; the step that caused it happened at " + a.nowAfter());
            }
            from = Math.max(from, a.eventsAfter());
        }
    }

    private static Set<String> peers(List<World.Action> script) {
        Set<String> peers = new LinkedHashSet<>();
        script.stream().filter(a -> a.input() != null).forEach(a -> peers.add(a.input().peer()));
        return peers;
    }

    private static List<String> timed(List<EventView> events) {
        return events.stream().map(EventSteps::line).toList();
    }
}
