package dev.peerlife.conformance.controls;

import dev.peerlife.conformance.model.Fault;

import java.util.Set;

/**
 * Negative control, eviction of live peers: the eviction window is armed while a session is live
 * instead of once it has left the live states (the reference's eviction condition negated), so a
 * peer that heartbeats steadily is evicted when the resume window ends (MSL-2).
 */
public class EvictsLivePeersSut extends ModelSut {

    public EvictsLivePeersSut() {
        super(Set.of(), Set.of(Fault.EVICTS_LIVE_SESSIONS));
    }
}
