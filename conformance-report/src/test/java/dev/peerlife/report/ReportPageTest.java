package dev.peerlife.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * index.html as a reader and a screen reader meet it: links that land, headers that name an
 * implementation once, counterexamples inside the report folder, flaky failures said as such, the
 * swimlane's brief states marked, the trend of earlier runs, captions and scopes on every table.
 */
class ReportPageTest {

    /** The default simulation (latency-beyond-timeout) as the simulator wrote it in a real run. */
    static Path defaultSimulation(Path dir) throws Exception {
        Path sims = dir.resolve("default-simulation");
        Files.createDirectories(sims);
        try (var in = ReportPageTest.class.getResourceAsStream("/latency-beyond-timeout.json")) {
            Files.write(sims.resolve("latency-beyond-timeout.json"), in.readAllBytes());
        }
        return sims;
    }

    private static List<String> all(String regex, String text) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void everyLinkOnThePageLandsOnAnAnchorAndEveryCheckHasOne(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        ReportWriter.writeAll(ReportTest.sample(dir), out);
        String html = Files.readString(out.resolve("index.html"));
        List<String> ids = all(" id=\"([^\"]+)\"", html);
        Set<String> unique = new HashSet<>(ids);
        assertEquals(ids.size(), unique.size(), "no id twice");
        for (String target : all("href=\"#([^\"]+)\"", html)) {
            assertTrue(unique.contains(target), "#" + target + " lands on an element");
        }
        assertTrue(unique.contains("impl0-MSL-3-1"), "a scenario's row has an anchor");
        assertTrue(unique.contains("impl0-property-msl1_eachPeerAlone"), "a property's row has an anchor");
        assertTrue(html.contains("<a href=\"#impl0-MSL-1\">"), "the banner links a failed ID to its checks");
        for (String href : all("href=\"([^\"#][^\"]*)\"", html)) {
            assertFalse(href.startsWith("/") || href.contains("://") || href.startsWith("file:") || href.contains(".."),
                    "only relative links inside the report folder: " + href);
            assertTrue(Files.exists(out.resolve(href)), href + " exists in the report folder");
        }
    }

    @Test
    void aCounterexampleOutsideTheFolderIsCopiedInAndLinkedRelatively(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        Report written = ReportWriter.writeAll(ReportTest.sample(dir), out);
        String feature = written.implementations().get(0).property("msl1_eachPeerAlone").counterexampleFeature();
        assertEquals("counterexamples/1-acme/msl1-42.feature", feature);
        assertEquals("Feature: counterexample of msl1_eachPeerAlone\n", Files.readString(out.resolve(feature)));
        JsonNode json = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals(feature, json.path("implementations").get(0).path("properties").get(0).path("counterexampleFeature").asText());
        assertTrue(Files.readString(out.resolve("index.html")).contains("<a href=\"" + feature + "\">"));
    }

    @Test
    void aCounterexampleRecordedUnderTheStagingFolderIsFoundInItsRunFolder(@TempDir Path dir) throws Exception {
        // The main job's run records target/conformance.next/counterexamples/X, then renames the folder.
        Path run = ReportTest.run(dir, "reference", ReportTest.allPassing(), "reference");
        Files.createDirectories(run.resolve("properties"));
        Files.createDirectories(run.resolve("counterexamples"));
        Files.writeString(run.resolve("counterexamples/msl4-7.feature"), "Feature: x\n");
        Files.writeString(run.resolve("properties/a.json"), """
                {"name": "msl4_stop", "requirements": ["MSL-4"], "status": "failed", "seed": "7", "failure": "boom",
                 "reproduced": true, "counterexampleFeature": "%s"}"""
                .formatted(dir.resolve("conformance.next/counterexamples/msl4-7.feature").toString().replace("\\", "\\\\")));
        Report written = ReportWriter.writeAll(new ReportBuilder().addRun(run).build(), run);
        assertEquals("counterexamples/msl4-7.feature", written.implementations().get(0).property("msl4_stop").counterexampleFeature(),
                "the run's own copy, named relative to the report folder it is in");
        assertFalse(Files.exists(run.resolve("counterexamples/1-reference")), "not copied again");
    }

    @Test
    void aFailureThatDidNotReproduceIsCalledFlakyAndShrinkingIsExplained(@TempDir Path dir) throws Exception {
        Path run = ReportTest.run(dir, "acme", ReportTest.allPassing(), "reference");
        Files.createDirectories(run.resolve("properties"));
        Files.writeString(run.resolve("properties/a.json"), """
                {"name": "msl4_stop", "requirements": ["MSL-4"], "status": "failed", "seed": "7", "tries": 12,
                 "failure": "after stop p1 remains", "reproduced": false, "shrinkRuns": 0}""");
        Files.writeString(run.resolve("properties/b.json"), """
                {"name": "msl3_removal", "requirements": ["MSL-3"], "status": "failed", "seed": "8", "tries": 40,
                 "failure": "p2 changed", "reproduced": true, "shrinkRuns": 200, "shrinkingCutShort": true,
                 "counterexample": "[History[steps=[...]]]"}""");
        Path out = dir.resolve("out");
        ReportWriter.writeAll(new ReportBuilder().addRun(run).build(), out);
        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("<b>failed</b> <span class=\"small\">(not reproduced: flaky)</span>"), html);
        assertTrue(html.contains("Not reproduced: its sample passed when run once more on its own"), html);
        assertTrue(html.contains("(1 failed but did not fail again when replayed: flaky)"), "said in the banner too");
        assertTrue(html.contains("shrinking stopped at its budget after 200 runs: the sample may not be minimal"), html);
        String md = Files.readString(out.resolve("summary.md"));
        assertTrue(md.contains("after stop p1 remains (seed 7; not reproduced: its sample passed when run again (flaky), nothing exported)"),
                md);
    }

    @Test
    void aColumnHeaderNamesTheImplementationOnceWithItsVersionAndHowItRan(@TempDir Path dir) throws Exception {
        Path reference = ReportTest.run(dir, "reference", ReportTest.allPassing(), "reference");
        Files.writeString(reference.resolve("implementation.json"), "{\"name\": \"reference\", \"version\": \"dev\", \"sut\": \"reference\"}");
        Path node = ReportTest.run(dir, "node-example", ReportTest.allPassing(), "process:node examples/node-driver/driver.js");
        String html = HtmlPage.of(new ReportBuilder().addRun(reference).addRun(node).build());
        assertTrue(html.contains("<th scope=\"col\" class=\"impl\">reference <span class=\"muted small\">version dev</span></th>"), html);
        assertTrue(html.contains("<th scope=\"col\" class=\"impl\">node-example <span class=\"muted small\">version 1.2</span><br>"
                + "<code class=\"small\">process:node examples/node-driver/driver.js</code></th>"), html);
        assertFalse(html.contains("reference dev"), "no 'reference dev / reference'");
        assertEquals(2, all("<article class=\"banner (conformant)\"", html).size(), "a banner each");
        assertTrue(html.contains("<nav aria-label=\"Sections\""), html);
        assertTrue(html.contains("<a href=\"#impl1\">Checks of node-example</a>"), "each implementation's checks in the contents");
        String md = MarkdownSummary.of(new ReportBuilder().addRun(reference).addRun(node).build());
        assertTrue(md.contains("| reference (version dev) | **CONFORMANT** |"), md);
        assertTrue(md.contains("| node-example (version 1.2; `process:node examples/node-driver/driver.js`) |"), md);
    }

    @Test
    void everyTableHasACaptionAndHeaderScopesAndTheTimelineATitleAndDescription(@TempDir Path dir) throws Exception {
        Report report = new ReportBuilder().addRun(ReportTest.run(dir, "acme", ReportTest.CUCUMBER, "class:com.acme.Sut"))
                .addSimulations(defaultSimulation(dir)).build();
        String html = HtmlPage.of(report);
        int tables = all("(<table)", html).size();
        assertTrue(tables > 5, "tables: " + tables);
        assertEquals(tables, all("<table[^>]*>(<caption)", html).size(), "every table has a caption");
        assertEquals(List.of(), all("(<th(?=[\\s>])(?![^>]*scope=)[^>]*>)", html), "every header cell has a scope");
        for (String svg : all("(<svg[^>]*>)", html)) {
            assertTrue(svg.contains("role=\"img\"") && svg.contains("aria-labelledby="), svg);
        }
        assertEquals(2, all("(<title id=\"simulation-latency-beyond-timeout-lanes-(?:wide|narrow)-title\">)", html).size());
        assertEquals(2, all("(<desc id=)", html).size());
        assertTrue(html.contains("Fault 0: latency on peer-3 from 2,000 ms to 5,000 ms."), "the description says the fault");
        assertFalse(html.contains("<script"), "no script");
        assertFalse(html.replace("http://www.w3.org/2000/svg", "").contains("http://"), "nothing fetched");
        assertFalse(html.contains("https://"), "nothing fetched");
    }

    @Test
    void theDefaultSimulationsSwimlaneShowsEveryStateItsFaultAndTheBriefOnesMarked(@TempDir Path dir) throws Exception {
        Report report = new ReportBuilder().addSimulations(defaultSimulation(dir)).build();
        Report.Simulation s = report.simulations().get(0);
        assertEquals("peer-3", Swimlanes.lanes(s).get(0), "the faulted peer first");
        List<Swimlanes.Interval> peer3 = Swimlanes.intervals(s, "peer-3");
        List<String> states = peer3.stream().map(Swimlanes.Interval::state).toList();
        assertTrue(states.containsAll(List.of("LoggedIn", "TimedOut", "ReconnectPending", "Reconnecting")), states.toString());
        String html = Swimlanes.figure(s, "lanes");
        for (Swimlanes.Layout layout : List.of(Swimlanes.WIDE, Swimlanes.NARROW)) {
            int from = html.indexOf("<svg class=\"timeline tl-" + layout.name() + "\"");
            String svg = html.substring(from, html.indexOf("</svg>", from));
            for (Swimlanes.Interval i : peer3) {
                String interval = "data-interval=\"peer-3#" + i.index() + "\"";
                assertEquals(1, all("(<rect class=\"state\" data-state=\"" + i.state() + "\" " + interval + ")", svg).size(),
                        "a bar at its real duration: " + i);
                double widthUnits = (double) i.heldMs() / Swimlanes.endMs(s) * layout.plotWidth();
                int markers = all("(<polygon class=\"brief\" data-state=\"" + i.state() + "\" " + interval + ")", svg).size();
                assertEquals(widthUnits < layout.minBar() ? 1 : 0, markers, "a marker exactly where the bar is too thin: " + i
                        + " in the " + layout.name() + " drawing");
            }
        }
        Swimlanes.Interval timedOut = peer3.stream().filter(i -> i.state().equals("TimedOut")).findFirst().orElseThrow();
        assertTrue(html.contains("<title>peer-3: TimedOut from " + Words.ms(timedOut.fromMs()) + " to " + Words.ms(timedOut.toMs())
                + " (held " + Words.ms(timedOut.heldMs()) + ")"), "times on hover: " + html);
        assertEquals(2, all("(<rect class=\"fault\")", html).size(), "the fault marked in both drawings");
        assertTrue(html.contains("peer-3 (faulted)"), html);
        assertTrue(html.contains("<li><span class=\"swatch\" style=\"background:#ff7f00\"></span>TimedOut</li>"), "a legend");
        assertTrue(html.contains("<table id=\"lanes-intervals\">"), "the same as text");
        assertEquals(3, Swimlanes.STATE_COLOURS.entrySet().stream()
                .filter(e -> List.of("TimedOut", "ReconnectPending", "Reconnecting").contains(e.getKey()))
                .map(java.util.Map.Entry::getValue).distinct().count(), "three distinct colours");
    }

    @Test
    void earlierRunsMakeATrendOldestFirstThenThisRun(@TempDir Path dir) throws Exception {
        Path good = ReportTest.run(dir, "acme", ReportTest.allPassing(), "class:com.acme.Sut");
        Path bad = ReportTest.run(dir.resolve("bad"), "acme", ReportTest.CUCUMBER, "class:com.acme.Sut");
        ReportWriter.writeAll(new ReportBuilder().addRun(bad).build(), dir.resolve("run1"));
        ReportWriter.writeAll(new ReportBuilder().addRun(good).build(), dir.resolve("run2"));
        // Given newest first: the trend sorts by date.
        Report report = new ReportBuilder().addRun(good).addEarlierRun(dir.resolve("run2/report.json"))
                .addEarlierRun(dir.resolve("run1/report.json")).build();
        assertEquals(2, report.earlierRuns().size());
        assertFalse(report.earlierRuns().get(0).implementations().get(0).conformant(), "the oldest first");
        String html = HtmlPage.of(report);
        String trend = html.substring(html.indexOf("<table id=\"trend-table\">"), html.indexOf("</table>", html.indexOf("id=\"trend-table\"")));
        List<String> rows = all("<tr>(.*?)</tr>", trend);
        assertEquals(4, rows.size(), "header, two earlier runs, this run: " + trend);
        assertTrue(rows.get(1).contains("NOT CONFORMANT (MSL-3 failed;"), rows.get(1));
        assertTrue(rows.get(2).contains("&#10004;</span><b>acme</b>: CONFORMANT <span class=\"small\">(profile 14 of 14; "), rows.get(2));
        assertTrue(rows.get(3).startsWith("<th scope=\"row\" class=\"when\"><b>this run</b>"), rows.get(3));
    }
}
