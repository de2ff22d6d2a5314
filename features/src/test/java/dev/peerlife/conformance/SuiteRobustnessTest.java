package dev.peerlife.conformance;

import dev.peerlife.conformance.controls.FaultyDrivers;
import dev.peerlife.conformance.controls.HangingSut;
import dev.peerlife.conformance.controls.NoCapabilitiesSut;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.Event;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hung, crashed or babbling implementation fails its scenarios with a reason and the suite goes
 * on; an implementation without a capability has those scenarios skipped, never passed.
 */
class SuiteRobustnessTest {

    private static final String FEATURE = "features/proposal.feature";
    private static final Map<String, String> FAST = Map.of("sut.callTimeoutMs", "1500");

    private static String driver(String mode) {
        return "process:{java} -cp {classpath} " + FaultyDrivers.class.getName() + " " + mode;
    }

    private static void assertEveryScenarioFailedWith(SuiteRun run, String... fragments) {
        assertEquals(0, run.succeeded(), "nothing may pass against a broken implementation");
        assertTrue(run.failed().size() >= 2, "every runnable scenario fails: " + run.failed().size());
        for (Event e : run.failed()) {
            String message = SuiteRun.failure(e).map(Throwable::getMessage).orElse("");
            for (String fragment : fragments) {
                assertTrue(message.contains(fragment), "'" + fragment + "' missing from: " + message);
            }
        }
    }

    @Test
    void aDriverThatStopsAnsweringFailsEachScenarioWithItsStderrTail() {
        SuiteRun run = SuiteRun.against(driver("hang"), FEATURE, "robustness-hang", FAST);
        assertEveryScenarioFailedWith(run, "no answer to reset within 1500 ms", "stuck on purpose");
    }

    @Test
    void aDriverThatCrashesFailsEachScenarioWithItsExitCodeAndStderrTail() {
        SuiteRun run = SuiteRun.against(driver("crash"), FEATURE, "robustness-crash", FAST);
        assertEveryScenarioFailedWith(run, "exited during reset", "exit code 3", "simulated crash");
    }

    @Test
    void aDriverThatAnswersGarbageFailsEachScenarioSayingSo() {
        SuiteRun run = SuiteRun.against(driver("garbage"), FEATURE, "robustness-garbage", FAST);
        assertEveryScenarioFailedWith(run, "not JSON", "answering garbage");
    }

    @Test
    void anInProcessImplementationThatHangsFailsTheScenarioInsteadOfHangingTheSuite() {
        SuiteRun run = SuiteRun.against("class:" + HangingSut.class.getName(), "features/multi_session_lifecycle.feature",
                "robustness-in-process-hang", FAST);
        assertTrue(run.failed().stream().map(e -> SuiteRun.failure(e).map(Throwable::getMessage).orElse(""))
                .anyMatch(m -> m.contains("did not answer evaluateServer within 1500 ms")), "a hang was reported");
        assertTrue(run.succeeded() > 0, "scenarios that never evaluate still run and pass after the hang");
    }

    @Test
    void scenariosNeedingAnUndeclaredCapabilityAreSkippedNotPassed() {
        SuiteRun run = SuiteRun.against("class:" + NoCapabilitiesSut.class.getName(), "features",
                "robustness-no-capabilities", Map.of());
        assertEquals(0, run.failed().size(), "the reference logic passes what it runs");
        assertTrue(run.aborted() >= 10, "capability scenarios are skipped as unsupported: " + run.aborted());
        for (Event e : run.results.testEvents().aborted().list()) {
            String message = SuiteRun.failure(e).map(Throwable::getMessage).orElse("");
            assertTrue(message.startsWith("unsupported:"), message);
        }
    }

    @Test
    void propertiesNeedingAnUndeclaredCapabilityAreRecordedAsAbortedNotPassed() {
        PropertyRun run = PropertyRun.against("class:" + NoCapabilitiesSut.class.getName(), "robustness-no-capabilities",
                Map.of("peerlife.tries", "20", "peerlife.seed", "1"));
        assertEquals(Map.of(), run.failures(), run.describe());
        for (String property : java.util.List.of("nsl1_nsl2_nsl3_theClientSessionFollowsTheSpecsRules",
                "ref_theClientSessionAgreesWithTheReferenceProfile")) {
            var record = run.records.get(property);
            assertEquals("aborted", record.path("status").asText(), property);
            assertTrue(record.path("failure").asText().startsWith("unsupported:"), record.toString());
        }
        assertEquals("successful", run.records.get("nsl1_nsl2_nsl3_eachSessionFollowsTheSpecsRules").path("status").asText());
    }
}
