package dev.peerlife.conformance.controls;

import dev.peerlife.conformance.model.Fault;

import java.util.Set;

/**
 * Negative control, an off-by-one boundary: the heartbeat timeout fires only once it has strictly
 * passed ({@code now - lastLiveness > timeout}), a millisecond after the spec's "at or after" moment.
 * The exact boundary is NSL-2's own check ("Missing heartbeat triggers timeout state").
 */
public class LateTimeoutSut extends ModelSut {

    public LateTimeoutSut() {
        super(Set.of(), Set.of(Fault.LATE_TIMEOUT));
    }
}
