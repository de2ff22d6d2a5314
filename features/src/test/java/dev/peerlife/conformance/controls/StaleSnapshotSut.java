package dev.peerlife.conformance.controls;

import dev.peerlife.conformance.reference.ReferenceSut;
import dev.peerlife.conformance.spi.SessionView;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Negative control, stale snapshots: the host caches each session's snapshot and refreshes it only
 * when the session's state changes. Heartbeats keep the state, so the RTT and server tick a heartbeat
 * answer sets stay invisible until the next transition (NSL-2).
 */
public class StaleSnapshotSut extends ReferenceSut {

    private final Map<String, SessionView> cache = new HashMap<>();

    @Override
    public void reset() {
        super.reset();
        cache.clear();
    }

    private SessionView cached(SessionView fresh) {
        return cache.compute(fresh.peer(), (peer, old) -> old != null && old.state().equals(fresh.state()) ? old : fresh);
    }

    @Override
    public Optional<SessionView> lookup(String peer) {
        return super.lookup(peer).map(this::cached);
    }

    @Override
    public List<SessionView> sessions() {
        return super.sessions().stream().map(this::cached).toList();
    }
}
