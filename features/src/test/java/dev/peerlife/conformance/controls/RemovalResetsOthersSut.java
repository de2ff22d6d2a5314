package dev.peerlife.conformance.controls;

import dev.peerlife.conformance.reference.ReferenceSut;
import dev.peerlife.conformance.spi.PeerInput;
import dev.peerlife.conformance.spi.SessionView;

/**
 * Negative control: removing one peer resets every other peer's session (their transports are
 * bounced), the bug MSL-3 exists to catch.
 */
public class RemovalResetsOthersSut extends ReferenceSut {

    @Override
    public void serverInput(PeerInput input) {
        super.serverInput(input);
        if (input.kind() == PeerInput.Kind.REMOVE) {
            for (SessionView other : sessions()) {
                super.serverInput(new PeerInput(PeerInput.Kind.DISCONNECT, other.peer(), "reset", null, null, null));
                super.serverInput(PeerInput.of(PeerInput.Kind.CONNECT, other.peer()));
            }
        }
    }
}
