package dev.peerlife.conformance.controls;

import dev.peerlife.conformance.reference.ReferenceSut;
import dev.peerlife.conformance.spi.PeerInput;

/** Negative control: a transport connect logs the peer in at once, the bug NSL-2 exists to catch. */
public class LoginOnConnectSut extends ReferenceSut {

    @Override
    public void serverInput(PeerInput input) {
        super.serverInput(input);
        if (input.kind() == PeerInput.Kind.CONNECT) {
            super.serverInput(PeerInput.of(PeerInput.Kind.LOGIN_STARTED, input.peer()));
            super.serverInput(PeerInput.of(PeerInput.Kind.LOGIN_SUCCEEDED, input.peer()));
        }
    }
}
