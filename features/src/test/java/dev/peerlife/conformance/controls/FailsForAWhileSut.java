package dev.peerlife.conformance.controls;

import dev.peerlife.conformance.reference.ReferenceSut;
import dev.peerlife.conformance.spi.SessionView;

import java.util.List;

/**
 * A flaky implementation: for its first worlds (resets) its enumeration is empty, then it is the
 * reference. A property fails on it, but the shrunk history passes when run again on its own, so no
 * counterexample may be exported for it.
 */
public class FailsForAWhileSut extends ReferenceSut {

    private static final int FAULTY_WORLDS = 1;
    private int resets;

    @Override
    public void reset() {
        super.reset();
        resets++;
    }

    @Override
    public List<SessionView> sessions() {
        return resets <= FAULTY_WORLDS ? List.of() : super.sessions();
    }
}
