package dev.peerlife.conformance.controls;

import dev.peerlife.conformance.model.Fault;

import java.util.Set;

/**
 * Negative control, RTT carried across a reconnect: RTT is measured from the oldest unanswered
 * heartbeat (REF-1's alternative, which is allowed), but a reconnect does not forget the heartbeats
 * that went out on the dropped connection, so the one heartbeat in flight on the new connection is
 * measured from one that can no longer be answered (NSL-2).
 */
public class RttAcrossReconnectSut extends ModelSut {

    public RttAcrossReconnectSut() {
        super(Set.of(), Set.of(Fault.RTT_ACROSS_RECONNECT));
    }
}
