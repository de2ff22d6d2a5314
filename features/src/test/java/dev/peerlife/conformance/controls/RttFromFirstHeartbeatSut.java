package dev.peerlife.conformance.controls;

import dev.peerlife.conformance.model.Fault;

import java.util.Set;

/**
 * Negative control, RTT from the wrong heartbeat: every answer is measured from the first heartbeat
 * sent on the connection instead of the one it answers; right for the first round trip only (NSL-2).
 */
public class RttFromFirstHeartbeatSut extends ModelSut {

    public RttFromFirstHeartbeatSut() {
        super(Set.of(), Set.of(Fault.RTT_FROM_FIRST_HEARTBEAT));
    }
}
