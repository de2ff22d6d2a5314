package dev.peerlife.conformance.controls;

import dev.peerlife.conformance.model.Fault;

import java.util.Set;

/**
 * Negative control, a partial reset: a reconnect resets the session's state but not its liveness
 * clock, so a peer that comes back after a long absence times out at once instead of a timeout after
 * its connect (NSL-2).
 */
public class StaleLivenessOnReconnectSut extends ModelSut {

    public StaleLivenessOnReconnectSut() {
        super(Set.of(), Set.of(Fault.STALE_LIVENESS_ON_RECONNECT));
    }
}
