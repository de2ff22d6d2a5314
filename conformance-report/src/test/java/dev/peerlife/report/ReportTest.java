package dev.peerlife.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.peerlife.conformance.catalogue.Catalogue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report from small, hand-made inputs: statuses, every catalogued ID, all four outputs. */
class ReportTest {

    /** A Cucumber JSON with one passing, one failing and one capability-skipped scenario. */
    static final String CUCUMBER = """
            [{"name": "Multi-session lifecycle", "elements": [
              {"type": "scenario", "name": "Server tracks two peers independently", "tags": [{"name": "@MSL-1"}],
               "steps": [{"result": {"status": "passed", "duration": 2000000}}]},
              {"type": "scenario", "name": "Disconnect removes one session only", "tags": [{"name": "@MSL-3"}],
               "steps": [{"result": {"status": "passed", "duration": 1000000}},
                         {"result": {"status": "failed", "duration": 1000000, "error_message": "java.lang.AssertionError: peer bob is TransportConnected, expected LoggedIn\\n\\tat x"}}]},
              {"type": "scenario", "name": "Client flow", "tags": [{"name": "@PRO-1"}, {"name": "@requires-client"}],
               "before": [{"result": {"status": "skipped", "error_message": "org.opentest4j.TestAbortedException: unsupported: acme does not declare the capability 'client'\\n"}}],
               "steps": [{"result": {"status": "skipped"}}]}
            ]}]""";

    static final String SIMULATION = """
            {"scenario": "one-fault", "toxiproxy": "embedded", "durationMs": 4000,
             "summary": {"peers": 2, "faults": 1, "timeouts": 1, "reconnects": 1, "detectionP50Ms": 1100, "detectionP99Ms": 1100,
                         "recoveryP50Ms": 500, "recoveryP99Ms": 500, "falseTimeouts": 0, "unfaultedPeers": 1},
             "verdicts": [{"expectation": "peer-2 reaches TimedOut", "passed": true, "detail": "at +1100 ms"}],
             "faults": [{"fault": 0, "peer": "peer-2", "toxic": "latency", "startMs": 1000, "endMs": 2500}],
             "timelines": {
               "peer-1": [{"tMs": 10, "side": "server", "event": "LoginSucceeded", "from": "LoginPending", "to": "LoggedIn"}],
               "peer-2": [{"tMs": 12, "side": "server", "event": "LoginSucceeded", "from": "LoginPending", "to": "LoggedIn"},
                          {"tMs": 2100, "side": "server", "event": "TimedOut", "from": "LoggedIn", "to": "TimedOut"},
                          {"tMs": 3000, "side": "server", "event": "LoginSucceeded", "from": "LoginPending", "to": "LoggedIn"}]}}""";

    static Report sample(Path dir) throws Exception {
        Path run = dir.resolve("acme");
        Files.createDirectories(run.resolve("properties"));
        Files.writeString(run.resolve("cucumber.json"), CUCUMBER);
        Files.writeString(run.resolve("implementation.json"), "{\"name\": \"acme\", \"version\": \"1.2\", \"sut\": \"class:com.acme.Sut\"}");
        Files.writeString(run.resolve("properties/p.json"), """
                {"name": "msl3_msl4_removal", "requirements": ["MSL-3", "MSL-4"], "status": "failed", "tries": 17, "checks": 17,
                 "seed": "42", "durationMs": 5, "failure": "removing p1 changed p0", "counterexample": "[History[...]]",
                 "counterexampleFeature": "target/counterexamples/msl3-42.feature"}""");
        Path sims = dir.resolve("sims");
        Files.createDirectories(sims);
        Files.writeString(sims.resolve("one-fault.json"), SIMULATION);
        return new ReportBuilder().addRun(run).addSimulations(sims).build();
    }

    @Test
    void requirementStatusesFollowTheirScenarios(@TempDir Path dir) throws Exception {
        Report report = sample(dir);
        Report.Implementation acme = report.implementations().get(0);
        assertEquals("acme", acme.name());
        assertEquals("1.2", acme.version());
        assertEquals(Report.PASSED, status(acme, "MSL-1"));
        assertEquals(Report.FAILED, status(acme, "MSL-3"));
        assertEquals(Report.SKIPPED, status(acme, "PRO-1"));
        assertEquals(Report.NOT_COVERED, status(acme, "SRE-5"));
        Report.ScenarioResult failed = acme.requirements().stream().filter(r -> r.id().equals("MSL-3")).findFirst().orElseThrow()
                .scenarios().get(0);
        assertEquals("java.lang.AssertionError: peer bob is TransportConnected, expected LoggedIn", failed.message());
        assertEquals(2, failed.durationMs());
        String skipReason = acme.requirements().stream().filter(r -> r.id().equals("PRO-1")).findFirst().orElseThrow()
                .scenarios().get(0).message();
        assertTrue(skipReason.startsWith("unsupported: acme"), skipReason);
        assertEquals(Report.FAILED, acme.properties().get(0).status());
        assertFalse(report.passed());
    }

    @Test
    void allFourOutputsListEveryCataloguedRequirement(@TempDir Path dir) throws Exception {
        Report report = sample(dir);
        Path out = dir.resolve("out");
        ReportWriter.writeAll(report, out);
        JsonNode json = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals(Catalogue.load().ids().size(), json.path("implementations").get(0).path("requirements").size());
        JsonNode property = json.path("implementations").get(0).path("properties").get(0);
        assertEquals("42", property.path("seed").asText());
        assertEquals(17, property.path("tries").asLong());
        assertEquals("[History[...]]", property.path("counterexample").asText());
        String html = Files.readString(out.resolve("index.html"));
        String md = Files.readString(out.resolve("summary.md"));
        String xml = Files.readString(out.resolve("junit.xml"));
        for (String id : Catalogue.load().ids()) {
            assertTrue(html.contains(">" + id + "<"), id + " in the matrix");
            assertTrue(xml.contains("name=\"" + id + " "), id + " in junit.xml");
        }
        assertTrue(html.contains("id=\"requirement-matrix\""));
        assertTrue(html.contains("<svg class=\"timeline\" id=\"timeline-one-fault\""));
        assertTrue(html.contains("class=\"fault\""), "the fault is marked on the timeline");
        assertFalse(html.contains("<script"), "no script");
        assertFalse(html.contains("http://") && html.replace("http://www.w3.org/2000/svg", "").contains("http://"), "nothing fetched");
        assertTrue(md.contains("**MSL-3** failed"), md);
        assertTrue(md.contains("| one-fault | passed |"), md);
        assertTrue(xml.contains("<failure message=\"no scenario covers this requirement\"/>"));
        assertTrue(xml.contains("<skipped message=\"unsupported by the implementation\"/>"));
    }

    private static String status(Report.Implementation i, String id) {
        return i.requirements().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow().status();
    }
}
