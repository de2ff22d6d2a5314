package dev.peerlife.conformance;

import dev.peerlife.conformance.verdict.PropertyResult;
import dev.peerlife.conformance.verdict.RunResults;
import dev.peerlife.conformance.verdict.ScenarioResult;
import dev.peerlife.conformance.verdict.Status;
import dev.peerlife.conformance.verdict.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The skeleton of docs/writing-a-driver.md ({@code examples/driver-skeleton/skeleton.js}: it answers
 * {@code hello} and {@code reset} and reports every other operation UNSUPPORTED) runs through the
 * whole suite and the properties without hanging, and nothing passes: each scenario is skipped as
 * unsupported or fails, each property fails, and each says why.
 */
class DriverSkeletonTest {

    private static final String NAME = "driver-skeleton";
    /** The normative and profile properties, of which two need the capability {@code client}. */
    private static final int PROPERTIES = 11;
    private static final Set<String> CLIENT_PROPERTIES = Set.of("nsl1_nsl2_nsl3_theClientSessionFollowsTheSpecsRules",
            "ref_theClientSessionAgreesWithTheReferenceProfile");

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // a guard against a hang; a run takes seconds
    void theSkeletonRunsThroughTheSuiteWithEveryCheckSkippedOrFailedSayingWhy() throws IOException {
        ExampleDrivers.assumeNode();
        Verdict verdict = ExampleDrivers.judge(ExampleDrivers.sut("driver-skeleton/skeleton.js"), NAME);

        List<ScenarioResult> scenarios = RunResults.scenarios(SuiteRun.cucumberJson(NAME));
        assertFalse(scenarios.isEmpty(), "the suite ran");
        for (ScenarioResult s : scenarios) {
            String what = "scenario \"" + s.name() + "\" (" + s.status() + ", " + s.message() + ")";
            assertNotEquals(Status.PASSED, s.status(), what);
            if (s.status() == Status.SKIPPED) {
                assertTrue(s.message() != null && s.message().startsWith("unsupported: skeleton does not declare the capability"),
                        what);
            } else {
                assertTrue(s.message() != null && s.message().contains("is not implemented yet"), what);
            }
        }
        assertTrue(scenarios.stream().anyMatch(s -> s.status() == Status.FAILED), "scenarios without a capability fail");
        assertTrue(scenarios.stream().anyMatch(s -> s.status() == Status.SKIPPED), "capability scenarios are skipped");

        List<PropertyResult> properties = RunResults.properties(PropertyRun.records(NAME));
        assertEquals(PROPERTIES, properties.size(), "every property ran");
        for (PropertyResult p : properties) {
            String what = p.name() + " (" + p.status() + "): " + p.failure();
            if (CLIENT_PROPERTIES.contains(p.name())) {
                // The skeleton declares no capability: a property of the client runtime is skipped as unsupported.
                assertEquals(Status.SKIPPED, p.status(), what);
                assertTrue(p.failure() != null && p.failure().startsWith("unsupported:"), what);
            } else {
                assertEquals(Status.FAILED, p.status(), what);
                assertTrue(p.failure() != null && p.failure().contains("is not implemented yet"), what);
            }
        }

        assertFalse(verdict.conformant());
        assertEquals(List.of(), verdict.profileMatched(), verdict.summary());
    }
}
