package dev.peerlife.conformance.controls;

import dev.peerlife.conformance.model.Fault;

import java.util.Set;

/**
 * Negative control, clock arithmetic: deadlines are kept in 32-bit ints. Every scenario that starts
 * near clock 0 passes; a server started past 2^31 ms (24.8 days) times its sessions out and starts
 * their reconnects at once (NSL-2, NSL-3).
 */
public class IntDeadlinesSut extends ModelSut {

    public IntDeadlinesSut() {
        super(Set.of(), Set.of(Fault.INT_DEADLINES));
    }
}
