package dev.peerlife.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.peerlife.report.ReportTest.main;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report command line: help, version, bad options and missing inputs each give one clear line and the documented exit code. */
class ReportMainTest {

    @Test
    void helpListsEveryOptionAndTheExitCodes() throws Exception {
        ReportTest.Outcome help = main("--help");
        assertEquals(ReportMain.CONFORMANT, help.code());
        assertTrue(help.out().startsWith("Usage: report "), help.out());
        for (String option : new String[] {"--run=DIR", "--simulations=DIR", "--previous=FILE", "--out=DIR", "--version"}) {
            assertTrue(help.out().contains(option), option + " in " + help.out());
        }
        assertTrue(help.out().contains("Exit codes: 0 every implementation CONFORMANT"), help.out());
        assertEquals("", help.err());
        ReportTest.Outcome version = main("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("peerlife conformance report "), version.out());
    }

    @Test
    void anUnknownOptionIsNamedOnOneLine(@TempDir Path dir) throws Exception {
        Path run = ReportTest.run(dir, "acme", ReportTest.allPassing(), "reference");
        ReportTest.Outcome o = main("--run", run.toString(), "--outt", dir.resolve("x").toString());
        assertEquals(ReportMain.USAGE, o.code());
        assertEquals("report: Unknown options: '--outt', '" + dir.resolve("x") + "' (see report --help)", o.err().strip());
        assertEquals("", o.out());
        assertFalse(Files.exists(dir.resolve("x")), "nothing written");
    }

    @Test
    void aMissingValueOrRequiredOptionIsNamed() throws Exception {
        ReportTest.Outcome noValue = main("--run");
        assertEquals(ReportMain.USAGE, noValue.code());
        assertEquals("report: Missing required parameter for option '--run' (DIR) (see report --help)", noValue.err().strip());
        ReportTest.Outcome noRun = main();
        assertEquals(ReportMain.USAGE, noRun.code());
        assertEquals("report: Missing required option: '--run=DIR' (see report --help)", noRun.err().strip());
    }

    @Test
    void aMissingRunFolderSaysWhatIsMissing(@TempDir Path dir) throws Exception {
        ReportTest.Outcome o = main("--run", dir.resolve("nothing").toString(), "--out", dir.resolve("out").toString());
        assertEquals(ReportMain.USAGE, o.code());
        assertEquals(1, o.err().lines().count(), o.err());
        assertTrue(o.err().startsWith("report: ") && o.err().contains("no cucumber.json"), o.err());
        assertFalse(o.err().contains("Exception"), o.err());
    }

    @Test
    void aMissingOrBrokenEarlierReportIsNamed(@TempDir Path dir) throws Exception {
        Path run = ReportTest.run(dir, "acme", ReportTest.allPassing(), "reference");
        Path out = dir.resolve("out");
        ReportTest.Outcome missing = main("--run", run.toString(), "--previous", dir.resolve("old.json").toString(), "--out", out.toString());
        assertEquals(ReportMain.USAGE, missing.code());
        assertEquals("report: cannot read the earlier report " + dir.resolve("old.json") + ": no such file", missing.err().strip());
        Files.writeString(dir.resolve("broken.json"), "{\"not\": \"a report\"}");
        ReportTest.Outcome broken = main("--run", run.toString(), "--previous", dir.resolve("broken.json").toString(), "--out", out.toString());
        assertEquals(ReportMain.USAGE, broken.code());
        assertEquals("report: cannot read the earlier report " + dir.resolve("broken.json")
                + ": not a report.json (no generatedAt or implementations)", broken.err().strip());
    }

    @Test
    void aMissingSimulationFolderIsSaidButTheReportIsWritten(@TempDir Path dir) throws Exception {
        Path run = ReportTest.run(dir, "acme", ReportTest.allPassing(), "reference");
        ReportTest.Outcome o = main("--run", run.toString(), "--simulations", dir.resolve("sims").toString(), "--out",
                dir.resolve("out").toString());
        assertEquals(ReportMain.CONFORMANT, o.code());
        assertEquals("report: no simulation results: " + dir.resolve("sims") + " is not a folder; the report has no simulation from it",
                o.err().strip());
        assertTrue(Files.exists(dir.resolve("out/index.html")));
    }
}
