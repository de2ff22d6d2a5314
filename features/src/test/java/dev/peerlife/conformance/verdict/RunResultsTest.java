package dev.peerlife.conformance.verdict;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run folder read back: scenario statuses from Cucumber JSON, property records with their blame. */
class RunResultsTest {

    private static final String CUCUMBER = """
            [{"name": "Lifecycle", "elements": [
              {"type": "background", "name": "", "steps": [{"result": {"status": "passed"}}]},
              {"type": "scenario", "name": "passes", "tags": [{"name": "@MSL-1"}, {"name": "@requires-client"}],
               "steps": [{"result": {"status": "passed", "duration": 3000000}}]},
              {"type": "scenario", "name": "fails", "tags": [{"name": "@REF-3"}],
               "steps": [{"result": {"status": "passed"}},
                         {"result": {"status": "failed", "error_message": "java.lang.AssertionError: late\\n\\tat x"}},
                         {"result": {"status": "skipped"}}]},
              {"type": "scenario", "name": "unsupported", "tags": [{"name": "@PRO-1"}],
               "before": [{"result": {"status": "skipped", "error_message": "org.opentest4j.TestAbortedException: unsupported: no client\\n"}}],
               "steps": [{"result": {"status": "skipped"}}]},
              {"type": "scenario", "name": "undefined", "tags": [{"name": "@PRO-2"}],
               "steps": [{"result": {"status": "undefined"}}]}
            ]}]""";

    private static Path run(Path dir) throws IOException {
        Files.writeString(dir.resolve("cucumber.json"), CUCUMBER);
        Files.createDirectories(dir.resolve("properties"));
        Files.writeString(dir.resolve("properties/a.json"), """
                {"name": "a", "requirements": ["MSL-3", "MSL-4"], "status": "failed", "seed": "7", "failure": "boom",
                 "blamed": ["MSL-4"], "tries": 3, "checks": 3, "durationMs": 9, "reproduced": true, "shrinkRuns": 41,
                 "shrinkingCutShort": true}""");
        Files.writeString(dir.resolve("properties/b.json"), """
                {"name": "b", "requirements": ["MSL-1"], "status": "failed", "blamed": null, "reproduced": false}""");
        Files.writeString(dir.resolve("properties/c.json"), """
                {"name": "c", "requirements": ["REF-1"], "status": "successful", "seed": "1"}""");
        Files.writeString(dir.resolve("properties/d.json"), """
                {"name": "d", "requirements": ["PRO-1"], "status": "aborted"}""");
        Files.writeString(dir.resolve("properties/notes.txt"), "not a record");
        return dir;
    }

    @Test
    void scenariosTakeTheirIdsAndTheFirstFailureOrSkipReason(@TempDir Path dir) throws IOException {
        List<ScenarioResult> s = RunResults.read(run(dir)).scenarios();
        assertEquals(List.of("passes", "fails", "unsupported", "undefined"), s.stream().map(ScenarioResult::name).toList());
        assertEquals(List.of("MSL-1"), s.get(0).ids());
        assertEquals(Status.PASSED, s.get(0).status());
        assertEquals(3, s.get(0).durationMs());
        assertEquals(Status.FAILED, s.get(1).status());
        assertEquals("java.lang.AssertionError: late", s.get(1).message());
        assertEquals(Status.SKIPPED, s.get(2).status());
        assertEquals("unsupported: no client", s.get(2).message());
        assertEquals(Status.FAILED, s.get(3).status(), "an undefined step fails the scenario");
    }

    @Test
    void aScenarioWhoseBackgroundFailedFailsWithTheBackgroundsReason(@TempDir Path dir) throws IOException {
        // Cucumber JSON writes the Background's steps as an element of their own before each scenario;
        // the scenario's own steps are then all skipped, with no message.
        Files.writeString(dir.resolve("cucumber.json"), """
                [{"name": "Entry point", "elements": [
                  {"type": "background", "name": "", "steps": [
                    {"result": {"status": "failed", "error_message": "SutException: startServer is not implemented yet\\n\\tat x"}}]},
                  {"type": "scenario", "name": "after a failed background", "tags": [{"name": "@SRE-1"}],
                   "before": [{"result": {"status": "passed"}}],
                   "steps": [{"result": {"status": "skipped"}}, {"result": {"status": "skipped"}}]},
                  {"type": "background", "name": "", "steps": [{"result": {"status": "passed"}}]},
                  {"type": "scenario", "name": "after a passed background", "tags": [{"name": "@SRE-2"}],
                   "steps": [{"result": {"status": "passed"}}]}
                ]}]""");
        List<ScenarioResult> s = RunResults.read(dir).scenarios();
        assertEquals(Status.FAILED, s.get(0).status());
        assertEquals("SutException: startServer is not implemented yet", s.get(0).message());
        assertEquals(Status.PASSED, s.get(1).status(), "a background belongs to the one scenario after it");
    }

    @Test
    void propertyRecordsKeepTheirBlameAndMapTheirStatus(@TempDir Path dir) throws IOException {
        List<PropertyResult> p = RunResults.read(run(dir)).properties();
        assertEquals(List.of("a", "b", "c", "d"), p.stream().map(PropertyResult::name).toList());
        assertEquals(List.of("MSL-4"), p.get(0).blamedIds());
        assertEquals("7", p.get(0).seed());
        assertEquals("boom", p.get(0).failure());
        assertEquals(Boolean.TRUE, p.get(0).reproduced());
        assertEquals(41, p.get(0).shrinkRuns());
        assertTrue(p.get(0).shrinkingCutShort());
        assertFalse(p.get(0).notReproduced());
        assertEquals(List.of("MSL-1"), p.get(1).blamedIds(), "null blame: every declared ID");
        assertTrue(p.get(1).notReproduced(), "failed once, passed when replayed: flaky");
        assertNull(p.get(2).reproduced(), "a pass says nothing of replaying");
        assertEquals(Status.PASSED, p.get(2).status());
        assertEquals(Status.SKIPPED, p.get(3).status());
        assertNull(p.get(3).seed());
    }

    @Test
    void aFolderWithoutCucumberJsonSaysWhatToRun(@TempDir Path dir) {
        IOException e = assertThrows(IOException.class, () -> RunResults.read(dir));
        assertTrue(e.getMessage().contains("no cucumber.json"), e.getMessage());
    }
}
