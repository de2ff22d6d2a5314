package dev.peerlife.conformance.controls;

import dev.peerlife.conformance.model.Fault;

import java.util.Set;

/**
 * Negative control, wrong identity: sessions are keyed by the host of an endpoint, so two peers on
 * one host with different ports ({@code 127.0.0.1:5001}, {@code 127.0.0.1:5002}) collapse into one
 * session (MSL-1), are enumerated as one (MSL-2), and removing one removes the other (MSL-3).
 */
public class HostKeyedSessionsSut extends ModelSut {

    public HostKeyedSessionsSut() {
        super(Set.of(), Set.of(Fault.HOST_KEYED_SESSIONS));
    }
}
