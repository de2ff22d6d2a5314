package dev.peerlife.conformance.controls;

import dev.peerlife.conformance.model.Fault;

import java.util.Set;

/**
 * Negative control, a missing cancel: removing a session leaves its pending deadline armed. When it
 * comes up, the removed session arms its own eviction, and when that comes it ends the session the
 * peer has opened since: a live, heartbeating peer loses its session with a second removal notice
 * and no Disconnected (MSL-2). This is the reference's own {@code deadlines.cancel} dropped from
 * {@code MultiSessionManager.removeLocked}, one of the mutants that survived the suite.
 */
public class RemovalKeepsDeadlineSut extends ModelSut {

    public RemovalKeepsDeadlineSut() {
        super(Set.of(), Set.of(Fault.REMOVAL_KEEPS_DEADLINE));
    }
}
