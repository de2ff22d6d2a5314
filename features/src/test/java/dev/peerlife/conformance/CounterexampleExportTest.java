package dev.peerlife.conformance;

import dev.peerlife.conformance.controls.SharedStateSut;
import dev.peerlife.conformance.properties.GherkinExportAccess;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.cucumber.junit.platform.engine.Constants.GLUE_PROPERTY_NAME;
import static io.cucumber.junit.platform.engine.Constants.PLUGIN_PUBLISH_QUIET_PROPERTY_NAME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;

/**
 * A counterexample exported by the properties is a working Gherkin scenario in the suite's own
 * steps: it passes on a correct implementation and fails on the one it was found against.
 */
class CounterexampleExportTest {

    @Test
    void anExportedHistoryRunsAsAScenarioGreenOnTheReferenceAndRedOnTheFault() throws Exception {
        Path dir = Path.of("target", "export-test");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("counterexample.feature"), GherkinExportAccess.sampleFeature());

        assertEquals(0, run(dir, "reference").testEvents().failed().count(), "the reference passes the scenario");
        EngineExecutionResults faulty = run(dir, "class:" + SharedStateSut.class.getName());
        assertEquals(1, faulty.testEvents().failed().count(), "the shared-state fault fails it");
        assertTrue(faulty.testEvents().succeeded().count() == 0);
    }

    private static EngineExecutionResults run(Path dir, String sut) {
        String previous = System.getProperty("sut");
        System.setProperty("sut", sut);
        try {
            return EngineTestKit.engine("cucumber")
                    .configurationParameter(GLUE_PROPERTY_NAME, "dev.peerlife.conformance.steps")
                    .configurationParameter(PLUGIN_PUBLISH_QUIET_PROPERTY_NAME, "true")
                    .configurationParameter("cucumber.plugin", "pretty")
                    .selectors(selectDirectory(dir.toFile()))
                    .execute();
        } finally {
            if (previous == null) {
                System.clearProperty("sut");
            } else {
                System.setProperty("sut", previous);
            }
        }
    }
}
