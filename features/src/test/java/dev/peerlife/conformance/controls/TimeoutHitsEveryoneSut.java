package dev.peerlife.conformance.controls;

import dev.peerlife.conformance.reference.ReferenceSut;
import dev.peerlife.conformance.spi.PeerInput;
import dev.peerlife.conformance.spi.SessionView;

import java.util.List;

/**
 * Negative control: when one peer times out, every peer is dropped with it, as a runtime with one
 * liveness clock for all peers would; the bug MSL-2 and PRO-2 exist to catch.
 */
public class TimeoutHitsEveryoneSut extends ReferenceSut {

    private static final List<String> OUT = List.of("TimedOut", "ReconnectPending", "Reconnecting");

    @Override
    public void evaluateServer() {
        super.evaluateServer();
        List<SessionView> all = sessions();
        if (all.stream().anyMatch(s -> OUT.contains(s.state()))) {
            for (SessionView s : all) {
                if (!OUT.contains(s.state()) && !s.state().equals("Disconnected")) {
                    super.serverInput(new PeerInput(PeerInput.Kind.DISCONNECT, s.peer(), "runtime timed out", null, null, null));
                }
            }
        }
    }
}
