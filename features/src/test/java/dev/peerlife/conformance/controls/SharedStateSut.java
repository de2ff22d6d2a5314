package dev.peerlife.conformance.controls;

import dev.peerlife.conformance.reference.ReferenceSut;
import dev.peerlife.conformance.spi.EventView;
import dev.peerlife.conformance.spi.SessionView;

import java.util.List;
import java.util.Optional;

/**
 * Negative control: one runtime-level state for all peers. Every peer reports the state of whichever
 * session changed last, the bug MSL-1 exists to catch.
 */
public class SharedStateSut extends ReferenceSut {

    private Optional<String> runtimeState() {
        List<EventView> events = serverEvents().stream().filter(e -> !e.kind().equals(EventView.REMOVED)).toList();
        return events.isEmpty() ? Optional.empty() : Optional.of(events.get(events.size() - 1).current());
    }

    private SessionView shared(SessionView own) {
        return new SessionView(own.peer(), runtimeState().orElse(own.state()), own.rttMs(), own.lastServerTick(),
                own.lastFailureReason());
    }

    @Override
    public Optional<SessionView> lookup(String peer) {
        return super.lookup(peer).map(this::shared);
    }

    @Override
    public List<SessionView> sessions() {
        return super.sessions().stream().map(this::shared).toList();
    }
}
