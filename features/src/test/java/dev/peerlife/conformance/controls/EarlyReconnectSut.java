package dev.peerlife.conformance.controls;

import dev.peerlife.conformance.model.Fault;

import java.util.Set;

/**
 * Negative control, an off-by-one boundary: a scheduled reconnect starts a millisecond before its
 * delay has passed ({@code due - now <= 1}), which NSL-3 ("Reconnecting not before the reconnect delay
 * has passed") forbids.
 */
public class EarlyReconnectSut extends ModelSut {

    public EarlyReconnectSut() {
        super(Set.of(), Set.of(Fault.EARLY_RECONNECT));
    }
}
