package dev.peerlife.conformance.controls;

import dev.peerlife.conformance.reference.ReferenceSut;
import dev.peerlife.conformance.spi.EventView;
import dev.peerlife.conformance.spi.SessionView;

import java.util.List;
import java.util.Optional;

/**
 * Negative control: stopping the server stops its transports but leaves the managed sessions
 * behind, the bug MSL-4 and SRE-4 exist to catch.
 */
public class StopLeavesSessionsSut extends ReferenceSut {

    private List<SessionView> leftBehind;

    @Override
    public void reset() {
        super.reset();
        leftBehind = null;
    }

    @Override
    public void startServer(dev.peerlife.conformance.spi.ServerSpec spec) {
        leftBehind = null;
        super.startServer(spec);
    }

    @Override
    public void stopServer() {
        if (leftBehind == null && server != null && server.isRunning()) {
            leftBehind = super.sessions();
        }
        super.stopServer();
    }

    @Override
    public List<SessionView> sessions() {
        return leftBehind != null ? leftBehind : super.sessions();
    }

    @Override
    public Optional<SessionView> lookup(String peer) {
        return leftBehind != null ? leftBehind.stream().filter(s -> s.peer().equals(peer)).findFirst() : super.lookup(peer);
    }

    @Override
    public List<EventView> serverEvents() {
        return super.serverEvents().stream().filter(e -> !e.kind().equals(EventView.REMOVED)).toList();
    }
}
