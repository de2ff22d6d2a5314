package dev.peerlife.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peerlife.conformance.controls.FailsForAWhileSut;
import dev.peerlife.conformance.controls.ModelSut;
import dev.peerlife.conformance.controls.RemovalResetsOthersSut;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A counterexample a property exports is a working Gherkin scenario in the suite's own steps that
 * asserts the observation that failed: it fails the implementation it was found on and passes the
 * reference. Shown end to end, from a property run to the exported file run by Cucumber, for an
 * event-level difference and for a normative fault; and nothing is exported for a failure that does
 * not reproduce on its own.
 */
class CounterexampleExportTest {

    private static final String MODEL = "class:" + ModelSut.class.getName();

    @Test
    void anEventLevelCounterexampleFailsWhereItWasFoundAndPassesTheReference() throws IOException {
        Map<String, String> selfTransitions = Map.of(ModelSut.PROPERTY, "PUBLISHES_SELF_TRANSITIONS");
        PropertyRun run = PropertyRun.against(MODEL, "export-events",
                Map.of(ModelSut.PROPERTY, "PUBLISHES_SELF_TRANSITIONS", "peerlife.tries", "300", "peerlife.seed", "42"));
        JsonNode record = run.records.get("ref_everyStepAgreesWithTheReferenceProfile");
        assertEquals("failed", record.path("status").asText(), run.describe());
        Path feature = Path.of(record.path("counterexampleFeature").asText());
        String text = Files.readString(feature);
        assertTrue(text.contains("@REF-11") && text.contains("removal notices included, are:"), text);

        assertEquals(1, SuiteRun.againstDirectory(MODEL, feature.getParent(), "export-events-found", selfTransitions)
                .failed().size(), "the counterexample fails the implementation it was found on:\n" + text);
        assertPasses(SuiteRun.againstDirectory("reference", feature.getParent(), "export-events-reference", Map.of()), text);
        assertPasses(SuiteRun.againstDirectory(MODEL, feature.getParent(), "export-events-model", Map.of(ModelSut.PROPERTY, "")), text);
    }

    @Test
    void aNormativeCounterexampleFailsTheFaultAndPassesTheReference() throws IOException {
        String control = "class:" + RemovalResetsOthersSut.class.getName();
        PropertyRun run = PropertyRun.against(control, "export-removal", Map.of("peerlife.tries", "300", "peerlife.seed", "42"));
        JsonNode record = run.records.get("msl3_removingOnePeerChangesNoOther");
        assertEquals("failed", record.path("status").asText(), run.describe());
        Path feature = Path.of(record.path("counterexampleFeature").asText());
        String text = Files.readString(feature);
        assertTrue(text.contains("@MSL-3") && text.contains("changed because of its removal"), text);
        assertEquals(1, SuiteRun.againstDirectory(control, feature.getParent(), "export-removal-found", Map.of())
                .failed().size(), text);
        assertPasses(SuiteRun.againstDirectory("reference", feature.getParent(), "export-removal-reference", Map.of()), text);
    }

    @Test
    void nothingIsExportedForAFailureThatDoesNotReproduceOnItsOwn() throws IOException {
        PropertyRun run = PropertyRun.against("class:" + FailsForAWhileSut.class.getName(), "export-flaky",
                Map.of("peerlife.tries", "100", "peerlife.seed", "42"));
        assertFalse(run.failures().isEmpty(), "the flaky implementation fails while it is faulty");
        for (String property : run.failures().keySet()) {
            JsonNode record = run.records.get(property);
            assertFalse(record.path("reproduced").asBoolean(true), property + " must be marked as not reproduced");
            assertTrue(record.path("counterexampleFeature").isNull(), property + " exported " + record.path("counterexampleFeature"));
        }
        Path dir = Path.of("target", "property-runs", "export-flaky", "counterexamples");
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(List.of(), files.toList());
            }
        }
    }

    private static void assertPasses(SuiteRun run, String feature) {
        assertEquals(0, run.failed().size(), run.failureMessages() + "\n" + feature);
        assertEquals(1, run.succeeded(), feature);
    }
}
