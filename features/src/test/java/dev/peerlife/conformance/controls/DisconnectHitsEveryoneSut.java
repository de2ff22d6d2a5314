package dev.peerlife.conformance.controls;

import dev.peerlife.conformance.reference.ReferenceSut;
import dev.peerlife.conformance.spi.PeerInput;
import dev.peerlife.conformance.spi.SessionView;

import java.util.List;

/**
 * Negative control: when one peer's connection drops, every other peer is dropped with it, as a
 * runtime with one transport for all peers would; the bug MSL-2 exists to catch (rules per session).
 * The virtual-time simulator's cut-off-and-refused scenario catches it (unfaulted peers leave
 * LoggedIn); the suite's scenarios never drop one peer among several logged-in ones.
 */
public class DisconnectHitsEveryoneSut extends ReferenceSut {

    @Override
    public void serverInput(PeerInput input) {
        boolean before = input.kind() == PeerInput.Kind.DISCONNECT && lookup(input.peer())
                .map(s -> !s.state().equals("Disconnected")).orElse(false);
        super.serverInput(input);
        if (before) {
            List<SessionView> all = sessions();
            for (SessionView s : all) {
                if (!s.peer().equals(input.peer()) && !s.state().equals("Disconnected")) {
                    super.serverInput(new PeerInput(PeerInput.Kind.DISCONNECT, s.peer(), "runtime transport dropped", null, null, null));
                }
            }
        }
    }
}
