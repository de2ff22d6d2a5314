package dev.peerlife.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.peerlife.conformance.catalogue.Catalogue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report from small, hand-made inputs: statuses, both verdicts, every catalogued ID, all four outputs, exit codes. */
class ReportTest {

    /**
     * A Cucumber JSON with passing MSL-1 and REF-1 scenarios, a failing MSL-3 one, a capability-skipped
     * PRO-1 one and a failing REF-3 one (a profile difference).
     */
    static final String CUCUMBER = """
            [{"name": "Multi-session lifecycle", "elements": [
              {"type": "scenario", "name": "Server tracks two peers independently", "tags": [{"name": "@MSL-1"}],
               "steps": [{"result": {"status": "passed", "duration": 2000000}}]},
              {"type": "scenario", "name": "Disconnect removes one session only", "tags": [{"name": "@MSL-3"}],
               "steps": [{"result": {"status": "passed", "duration": 1000000}},
                         {"result": {"status": "failed", "duration": 1000000, "error_message": "java.lang.AssertionError: peer bob is TransportConnected, expected LoggedIn\\n\\tat x"}}]},
              {"type": "scenario", "name": "Client flow", "tags": [{"name": "@PRO-1"}, {"name": "@requires-client"}],
               "before": [{"result": {"status": "skipped", "error_message": "org.opentest4j.TestAbortedException: unsupported: acme does not declare the capability 'client'\\n"}}],
               "steps": [{"result": {"status": "skipped"}}]},
              {"type": "scenario", "name": "Heartbeat due one interval after login", "tags": [{"name": "@REF-1"}],
               "steps": [{"result": {"status": "passed", "duration": 1000000}}]},
              {"type": "scenario", "name": "A login success needs a login start", "tags": [{"name": "@REF-3"}],
               "steps": [{"result": {"status": "failed", "duration": 1000000, "error_message": "java.lang.AssertionError: alice is LoggedIn, expected TransportConnected"}}]}
            ]}]""";

    static final String SIMULATION = """
            {"scenario": "one-fault", "toxiproxy": "embedded", "durationMs": 4000,
             "summary": {"peers": 2, "faults": 1, "timeouts": 1, "reconnects": 1, "detectionP50Ms": 1100, "detectionP99Ms": 1100,
                         "recoveryP50Ms": 500, "recoveryP99Ms": 500, "falseTimeouts": 0, "unfaultedPeers": 1},
             "verdicts": [{"expectation": "peer-2 reaches TimedOut", "passed": %s, "detail": "at +1100 ms"}],
             "faults": [{"fault": 0, "peer": "peer-2", "toxic": "latency", "startMs": 1000, "endMs": 2500}],
             "timelines": {
               "peer-1": [{"tMs": 10, "side": "server", "event": "LoginSucceeded", "from": "LoginPending", "to": "LoggedIn"}],
               "peer-2": [{"tMs": 12, "side": "server", "event": "LoginSucceeded", "from": "LoginPending", "to": "LoggedIn"},
                          {"tMs": 2100, "side": "server", "event": "TimedOut", "from": "LoggedIn", "to": "TimedOut"},
                          {"tMs": 3000, "side": "server", "event": "LoginSucceeded", "from": "LoginPending", "to": "LoggedIn"}]}}""";

    /** Three property records: one tagged with MSL-1 fails (its scenario passed), one blames only MSL-4, a profile one blames REF-7. */
    static void properties(Path run) throws Exception {
        Files.createDirectories(run.resolve("properties"));
        // The exported counterexample lies outside the run folder, as under mvn verify.
        Path exported = run.resolveSibling("exported").resolve("msl1-42.feature");
        Files.createDirectories(exported.getParent());
        Files.writeString(exported, "Feature: counterexample of msl1_eachPeerAlone\n");
        Files.writeString(run.resolve("properties/a.json"), """
                {"name": "msl1_eachPeerAlone", "requirements": ["MSL-1"], "status": "failed", "tries": 17, "checks": 17,
                 "seed": "42", "durationMs": 5, "failure": "peer p1 changed when p0 logged in\\nshrunk sample: ...",
                 "counterexample": "[History[...]]", "counterexampleFeature": "%s", "reproduced": true, "shrinkRuns": 23,
                 "shrinkingCutShort": false}""".formatted(exported.toAbsolutePath().toString().replace("\\", "\\\\")));
        Files.writeString(run.resolve("properties/b.json"), """
                {"name": "msl3_msl4_removal", "requirements": ["MSL-3", "MSL-4"], "blamed": ["MSL-4"], "status": "failed",
                 "tries": 3, "checks": 3, "seed": "7", "durationMs": 4, "failure": "after stop p2 remains"}""");
        Files.writeString(run.resolve("properties/c.json"), """
                {"name": "ref_model", "requirements": ["REF-1", "REF-7"], "blamed": ["REF-7"], "status": "failed",
                 "tries": 9, "checks": 9, "seed": "9", "durationMs": 6, "failure": "two rules applied in one evaluation",
                 "reproduced": true, "shrinkRuns": 200, "shrinkingCutShort": true}""");
    }

    static Path run(Path dir, String name, String cucumber, String sut) throws Exception {
        Path run = dir.resolve(name);
        Files.createDirectories(run);
        Files.writeString(run.resolve("cucumber.json"), cucumber);
        Files.writeString(run.resolve("implementation.json"),
                "{\"name\": \"" + name + "\", \"version\": \"1.2\", \"sut\": \"" + sut + "\"}");
        return run;
    }

    static Path simulations(Path dir, boolean held) throws Exception {
        Path sims = dir.resolve("sims");
        Files.createDirectories(sims);
        Files.writeString(sims.resolve("one-fault.json"), SIMULATION.formatted(held));
        return sims;
    }

    /** One passing scenario per catalogued ID, plus the given extra scenarios (JSON objects). */
    static String allPassing(String... extra) {
        StringBuilder json = new StringBuilder("[{\"name\": \"All\", \"elements\": [");
        for (String id : Catalogue.load().ids()) {
            json.append("{\"type\": \"scenario\", \"name\": \"checks ").append(id).append("\", \"tags\": [{\"name\": \"@").append(id)
                    .append("\"}], \"steps\": [{\"result\": {\"status\": \"passed\", \"duration\": 1000000}}]},");
        }
        for (String e : extra) {
            json.append(e).append(',');
        }
        json.setLength(json.length() - 1);
        return json.append("]}]").toString();
    }

    static Report sample(Path dir) throws Exception {
        Path run = run(dir, "acme", CUCUMBER, "class:com.acme.Sut");
        properties(run);
        return new ReportBuilder().addRun(run).addSimulations(simulations(dir, true)).build();
    }

    private static String status(Report.Implementation i, String id) {
        return i.requirement(id).status();
    }

    @Test
    void aRequirementFailsIfAnyCheckBlamingItFailedPropertyIncluded(@TempDir Path dir) throws Exception {
        Report.Implementation acme = sample(dir).implementations().get(0);
        assertEquals("acme", acme.name());
        assertEquals("1.2", acme.version());
        assertEquals(Report.FAILED, status(acme, "MSL-1"), "its scenario passed, but a property tagged with it failed");
        assertEquals(Report.FAILED, status(acme, "MSL-3"));
        assertEquals(Report.FAILED, status(acme, "MSL-4"), "the property's failure is blamed on MSL-4");
        assertEquals(Report.SKIPPED, status(acme, "PRO-1"));
        assertEquals(Report.NOT_COVERED, status(acme, "SRE-3"));
        assertEquals(Report.PASSED, status(acme, "REF-1"), "the profile property failed on REF-7, not REF-1");
        assertEquals(Report.FAILED, status(acme, "REF-3"));
        assertEquals(Report.FAILED, status(acme, "REF-7"));
        assertEquals(List.of("msl3_msl4_removal"), acme.requirement("MSL-3").properties());
        Report.ScenarioResult failed = acme.requirement("MSL-3").scenarios().get(0);
        assertEquals("java.lang.AssertionError: peer bob is TransportConnected, expected LoggedIn", failed.message());
        assertEquals(2, failed.durationMs());
        assertTrue(acme.requirement("PRO-1").scenarios().get(0).message().startsWith("unsupported: acme"));
        assertEquals(Report.NORMATIVE, acme.requirement("MSL-1").kind());
        assertEquals(Report.PROFILE, acme.requirement("REF-1").kind());
        assertEquals(Report.PROFILE, acme.property("ref_model").kind());
        assertEquals(List.of("MSL-4"), acme.property("msl3_msl4_removal").blamed());
    }

    @Test
    void theVerdictsSeparateNormativeFailuresFromProfileDifferences(@TempDir Path dir) throws Exception {
        Report report = sample(dir);
        Report.Verdicts v = report.implementations().get(0).verdict();
        assertFalse(v.conformant());
        assertFalse(report.conformant());
        assertEquals(List.of("MSL-1", "MSL-3", "MSL-4"), v.failed());
        assertEquals(List.of("PRO-1"), v.notVerified());
        assertTrue(v.notCovered().contains("SRE-3"));
        assertTrue(v.conformance().startsWith("NOT CONFORMANT (MSL-1, MSL-3, MSL-4 failed; "), v.conformance());
        assertEquals(1, v.profile().matched());
        assertEquals(14, v.profile().total());
        assertEquals(List.of("REF-3", "REF-7"), v.profile().differs());
        assertEquals(11, v.profile().notChecked().size());
        assertEquals(v.conformance() + "; " + v.profile().summary(), v.summary());
    }

    @Test
    void everyOutputLeadsWithBothVerdictsAndGivesEachFailureItsMessage(@TempDir Path dir) throws Exception {
        Report report = sample(dir);
        Path out = dir.resolve("out");
        ReportWriter.writeAll(report, out);

        JsonNode json = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        JsonNode verdict = json.path("implementations").get(0).path("verdict");
        assertFalse(verdict.path("conformant").asBoolean(true));
        assertEquals("REF-3", verdict.path("profile").path("differs").get(0).asText());
        assertEquals(14, verdict.path("profile").path("total").asInt());
        assertEquals("normative", json.path("catalogue").get(0).path("kind").asText());
        assertEquals("profile", json.path("catalogue").get(Catalogue.load().ids().indexOf("REF-1")).path("kind").asText());
        JsonNode property = json.path("implementations").get(0).path("properties").get(1);
        assertEquals("MSL-4", property.path("blamed").get(0).asText());
        assertEquals("normative", property.path("kind").asText());

        String md = Files.readString(out.resolve("summary.md"));
        assertTrue(md.startsWith("# Conformance report\n\n| implementation | conformance | reference profile | properties |"), md);
        assertTrue(md.contains("| **NOT CONFORMANT** (MSL-1, MSL-3, MSL-4 failed;"), md);
        assertTrue(md.contains("| 1 of 14 match; differs on REF-3, REF-7; not checked:"), md);
        assertTrue(md.contains("- **MSL-1** failed"), md);
        assertTrue(md.contains("  - property msl1_eachPeerAlone: peer p1 changed when p0 logged in (seed 42; counterexample: "
                + "counterexamples/1-acme/msl1-42.feature)"), md);
        assertTrue(md.contains("  - scenario \"Disconnect removes one session only\": java.lang.AssertionError: peer bob"), md);
        assertTrue(md.contains("  - property msl3_msl4_removal: after stop p2 remains (seed 7)"), md);
        assertTrue(md.contains("Not verified, unsupported by the implementation: PRO-1"), md);
        assertTrue(md.contains("- **REF-7** differs"), md);
        assertTrue(md.contains("  - property ref_model: two rules applied in one evaluation (seed 9)"), md);
        assertTrue(md.indexOf("- **MSL-1** failed") < md.indexOf("Differences from the reference profile"), "failures before differences");

        String xml = Files.readString(out.resolve("junit.xml"));
        String normative = suite(xml, "normative requirements: acme");
        assertTrue(normative.contains("failures=\"" + (3 + report.implementations().get(0).verdict().notCovered().size()) + "\""), normative);
        assertTrue(normative.contains("<failure message=\"property msl1_eachPeerAlone: peer p1 changed when p0 logged in (seed 42;"), normative);
        assertTrue(suite(xml, "normative properties: acme").contains("<failure message=\"after stop p2 remains (seed 7); blamed on MSL-4\""),
                xml);

        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.indexOf("class=\"banner notconformant\"") < html.indexOf("id=\"requirement-matrix\""), "the banner comes first");
        assertTrue(html.contains("<p class=\"verdict\"><span class=\"icon\" aria-hidden=\"true\">&#10008;</span>NOT CONFORMANT</p>"), html);
        assertTrue(html.contains("matches the reference profile on 1 of 14; differs on <a href=\"#impl0-REF-3\">REF-3</a>, "
                + "<a href=\"#impl0-REF-7\">REF-7</a>"), html);
    }

    @Test
    void aProfileDifferenceIsNeitherAFailureInJunitNorFailureRedInTheMatrix(@TempDir Path dir) throws Exception {
        String difference = "{\"type\": \"scenario\", \"name\": \"first heartbeat at once\", \"tags\": [{\"name\": \"@REF-3\"}],"
                + " \"steps\": [{\"result\": {\"status\": \"failed\", \"error_message\": \"no heartbeat due at 2000 ms\"}}]}";
        Path run = run(dir, "origin", allPassing(difference), "process:origin-driver");
        Report report = new ReportBuilder().addRun(run).build();
        Report.Verdicts v = report.implementations().get(0).verdict();
        assertTrue(v.conformant());
        assertEquals("CONFORMANT; matches the reference profile on 13 of 14; differs on REF-3", v.summary());
        Path out = dir.resolve("out");
        ReportWriter.writeAll(report, out);

        String xml = Files.readString(out.resolve("junit.xml"));
        assertFalse(xml.contains("<failure"), "no failure anywhere: " + xml);
        String profile = suite(xml, "reference profile: origin");
        assertTrue(profile.contains("<skipped message=\"differs from the reference profile: scenario &quot;first heartbeat at once&quot;: "
                + "no heartbeat due at 2000 ms\""), profile);
        assertTrue(profile.contains("failures=\"0\" skipped=\"1\""), profile);

        String html = Files.readString(out.resolve("index.html"));
        Matcher cell = Pattern.compile("<span class=\"id\">REF-3</span>.*?<td class=\"(\\w+)\"><a[^>]*><span class=\"icon\"[^>]*>"
                + "[^<]*</span>(\\w+)</a>").matcher(html);
        assertTrue(cell.find(), "REF-3 is in the matrix");
        assertEquals("differs", cell.group(1));
        assertEquals("differs", cell.group(2));
        assertTrue(html.contains("class=\"banner conformant\""), "the banner is not red");
        assertTrue(html.indexOf(">MSL-1<") < html.indexOf(">REF-1<") && html.indexOf(">SRE-3<") < html.indexOf(">REF-1<"),
                "normative IDs first");
        assertTrue(Files.readString(out.resolve("summary.md")).contains("| **CONFORMANT** | 13 of 14 match; differs on REF-3 |"));
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
        String xml = Files.readString(out.resolve("junit.xml"));
        for (String id : Catalogue.load().ids()) {
            assertTrue(html.contains("<span class=\"id\">" + id + "</span>"), id + " in the matrix");
            assertTrue(xml.contains("name=\"" + id + " "), id + " in junit.xml");
        }
        assertTrue(html.contains("id=\"requirement-matrix\""));
        assertTrue(html.contains("<svg class=\"timeline tl-wide\" id=\"simulation-one-fault-lanes-wide\""), html);
        assertTrue(html.contains("class=\"fault\""), "the fault is marked on the timeline");
        assertFalse(html.contains("<script"), "no script");
        assertFalse(html.replace("http://www.w3.org/2000/svg", "").contains("http://"), "nothing fetched");
        assertFalse(html.contains("https://"), "nothing fetched");
        assertTrue(Files.readString(out.resolve("summary.md")).contains("| one-fault | passed |"));
        assertTrue(xml.contains("<failure message=\"no check covers this requirement\"/>"));
        assertTrue(xml.contains("<skipped message=\"not verified: unsupported by the implementation\"/>"));
    }

    @Test
    void implementationsGoSideBySide(@TempDir Path dir) throws Exception {
        Path acme = run(dir, "acme", CUCUMBER, "class:com.acme.Sut");
        Path origin = run(dir, "origin", allPassing(), "process:origin-driver");
        Report report = new ReportBuilder().addRun(acme).addRun(origin).build();
        String html = HtmlPage.of(report);
        assertEquals(2, html.split("class=\"banner ").length - 1, "a banner each");
        assertTrue(html.contains("<code class=\"small\">class:com.acme.Sut</code></th><th scope=\"col\" class=\"impl\">origin"),
                "a matrix column each");
        assertTrue(html.contains("id=\"impl1-REF-14\""), "the second implementation's drill-down");
        Outcome o = main("--run", acme.toString(), "--run", origin.toString(), "--out", dir.resolve("out").toString());
        assertEquals(ReportMain.NOT_CONFORMANT, o.code());
        assertTrue(o.out().contains("\norigin 1.2: CONFORMANT; matches the reference profile on 14 of 14\n"), o.out());
        assertTrue(o.out().contains("\nacme 1.2: NOT CONFORMANT (MSL-3 failed; "), o.out());
    }

    record Outcome(int code, String out, String err) {
        String lastLine() {
            List<String> lines = out.lines().toList();
            return lines.get(lines.size() - 1);
        }
    }

    static Outcome main(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ReportMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theExitCodeFollowsConformanceAloneThenTheSimulations(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        String difference = "{\"type\": \"scenario\", \"name\": \"d\", \"tags\": [{\"name\": \"@REF-9\"}],"
                + " \"steps\": [{\"result\": {\"status\": \"failed\", \"error_message\": \"ports not checked first\"}}]}";
        Path conformant = run(dir, "good", allPassing(difference), "reference");
        Outcome ok = main("--run", conformant.toString(), "--simulations", simulations(dir.resolve("held"), true).toString(),
                "--out", out.toString());
        assertEquals(ReportMain.CONFORMANT, ok.code(), "a profile difference does not change the exit code");
        assertEquals("CONFORMANT; matches the reference profile on 13 of 14; differs on REF-9", ok.lastLine());

        Outcome simulationFailed = main("--run", conformant.toString(), "--simulations",
                simulations(dir.resolve("failed"), false).toString(), "--out", out.toString());
        assertEquals(ReportMain.SIMULATION_FAILED, simulationFailed.code());
        assertTrue(simulationFailed.out().contains("simulation one-fault: FAILED (0 of 1 expectations held)"), simulationFailed.out());

        Path bad = run(dir, "acme", CUCUMBER, "class:com.acme.Sut");
        Outcome notConformant = main("--run", bad.toString(), "--simulations", simulations(dir.resolve("failed2"), false).toString(),
                "--out", out.toString());
        assertEquals(ReportMain.NOT_CONFORMANT, notConformant.code());
        assertTrue(notConformant.lastLine().startsWith("NOT CONFORMANT (MSL-3 failed; "), notConformant.lastLine());

    }

    /** The text of one test suite of a junit.xml. */
    private static String suite(String xml, String name) {
        int start = xml.indexOf("<testsuite name=\"" + name + "\"");
        assertTrue(start >= 0, "suite " + name + " in " + xml);
        return xml.substring(start, xml.indexOf("</testsuite>", start));
    }
}
