package dev.peerlife.conformance.controls;

import dev.peerlife.conformance.reference.ReferenceSut;
import dev.peerlife.conformance.spi.PolicySpec;
import dev.peerlife.lifecycle.SessionPolicy;

/** Negative control: an invalid policy is silently replaced by the defaults, the bug NSL-8 exists to catch. */
public class UnvalidatedPolicySut extends ReferenceSut {

    @Override
    protected SessionPolicy policy(PolicySpec spec) {
        try {
            return super.policy(spec);
        } catch (IllegalArgumentException e) {
            return SessionPolicy.defaults();
        }
    }
}
