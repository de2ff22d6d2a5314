package dev.peerlife.testing;

import dev.peerlife.lifecycle.LifecycleEvent;
import dev.peerlife.lifecycle.LifecycleEventKind;
import dev.peerlife.lifecycle.PeerId;
import dev.peerlife.lifecycle.SessionEvent;
import dev.peerlife.lifecycle.SessionListener;
import dev.peerlife.lifecycle.SessionRemoved;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records every notice and checks the event contract as it goes: for each peer, an event's
 * previous state is the prior event's current state. A violation is kept and reported by
 * {@link #assertChainsConsistent()}.
 */
public final class RecordingListener implements SessionListener {

    private final List<SessionEvent> events = new ArrayList<>();
    private final List<SessionRemoved> removals = new ArrayList<>();
    private final Map<PeerId, LifecycleEvent> lastByPeer = new HashMap<>();
    private final List<String> violations = new ArrayList<>();

    @Override
    public synchronized void onEvent(SessionEvent event) {
        LifecycleEvent last = lastByPeer.get(event.peer());
        if (last != null && last.current() != event.event().previous()) {
            violations.add(event + " follows " + last);
        }
        lastByPeer.put(event.peer(), event.event());
        events.add(event);
    }

    @Override
    public synchronized void onRemoved(SessionRemoved removed) {
        lastByPeer.remove(removed.peer());
        removals.add(removed);
    }

    public synchronized List<SessionEvent> events() {
        return List.copyOf(events);
    }

    public synchronized List<LifecycleEvent> eventsOf(PeerId peer) {
        return events.stream().filter(e -> e.peer().equals(peer)).map(SessionEvent::event).toList();
    }

    public synchronized List<LifecycleEventKind> kindsOf(PeerId peer) {
        return eventsOf(peer).stream().map(LifecycleEvent::kind).toList();
    }

    public synchronized List<SessionRemoved> removals() {
        return List.copyOf(removals);
    }

    public synchronized void clear() {
        events.clear();
        removals.clear();
    }

    public synchronized void assertChainsConsistent() {
        if (!violations.isEmpty()) {
            throw new AssertionError("event chain broken: " + violations);
        }
    }
}
