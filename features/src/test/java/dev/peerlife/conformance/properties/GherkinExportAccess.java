package dev.peerlife.conformance.properties;

import dev.peerlife.conformance.spi.PolicySpec;

import java.util.List;

/** A fixed history exported as a feature, for the export's own test. */
public final class GherkinExportAccess {
    private GherkinExportAccess() {
    }

    /**
     * Every step kind, ending with two peers in different states (p0 LoggedIn, p1 TransportConnected),
     * so that a shared-state fault cannot pass it.
     */
    public static String sampleFeature() {
        List<Step> steps = List.of(
                new Step(Step.Kind.CONNECT, 0, 0, null),
                new Step(Step.Kind.CONNECT, 1, 0, null),
                new Step(Step.Kind.LOGIN_STARTED, 0, 0, null),
                new Step(Step.Kind.LOGIN_SUCCEEDED, 0, 0, null),
                new Step(Step.Kind.HEARTBEAT_SENT, 0, 0, null),
                new Step(Step.Kind.ADVANCE, 0, 300, null),
                new Step(Step.Kind.HEARTBEAT_RECEIVED, 0, 77, null),
                new Step(Step.Kind.LOGIN_STARTED, 1, 0, null),
                new Step(Step.Kind.LOGIN_FAILED, 1, 0, "banned"),
                new Step(Step.Kind.SEND, 0, 0, null),
                new Step(Step.Kind.ADVANCE, 0, 1_500, null),
                new Step(Step.Kind.EVALUATE, 0, 0, null),
                new Step(Step.Kind.CONNECT, 2, 0, null),
                new Step(Step.Kind.REMOVE, 1, 0, "evicted"),
                new Step(Step.Kind.DISCONNECT, 2, 0, null),
                new Step(Step.Kind.RESTART, 0, 0, null),
                new Step(Step.Kind.CONNECT, 0, 0, null),
                new Step(Step.Kind.CONNECT, 1, 0, null),
                new Step(Step.Kind.LOGIN_STARTED, 0, 0, null),
                new Step(Step.Kind.LOGIN_SUCCEEDED, 0, 0, null));
        return GherkinExport.feature(new History(new PolicySpec(1_000, 1_000, 500, true), 3, steps),
                "sample", "0", "@MSL-1", "reference");
    }
}
