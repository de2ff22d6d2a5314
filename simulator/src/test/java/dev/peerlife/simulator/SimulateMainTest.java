package dev.peerlife.simulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bin/simulate's command line: usage, errors in one line without a stack trace, and the documented
 * exit codes (0 passed, 1 an expectation failed, 2 usage or invalid input).
 */
class SimulateMainTest {

    /** What one invocation printed and returned. */
    private record Run(int code, String out, String err) {
    }

    private static Run simulate(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SimulateMain.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void oneLineNoStackTrace(Run r) {
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void helpPrintsTheUsageWithTheExitCodesAndExitsZero() {
        for (String flag : new String[] {"-h", "--help"}) {
            Run r = simulate(flag);
            assertEquals(0, r.code(), flag);
            assertTrue(r.out().contains("Usage: bin/simulate") && r.out().contains("--toxiproxy") && r.out().contains("Exit codes:"), r.out());
            assertEquals("", r.err());
        }
    }

    @Test
    void anUnknownOptionIsRejectedByItsName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, "peers: 1\ndurationMs: 10\n");
        Run r = simulate(file.toString(), "--outt", "x");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("'--outt'"), r.err());
        oneLineNoStackTrace(r);
    }

    @Test
    void aMissingScenarioFileSaysWhyAndExitsTwo(@TempDir Path dir) {
        Run r = simulate(dir.resolve("nope.yaml").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("cannot read " + dir.resolve("nope.yaml") + ": no such file"), r.err());
        oneLineNoStackTrace(r);
    }

    @Test
    void noScenarioAtAllIsAUsageError() {
        Run r = simulate();
        assertEquals(2, r.code());
        assertTrue(r.err().contains("SCENARIO"), r.err());
        oneLineNoStackTrace(r);
    }

    @Test
    void anInvalidScenarioExitsWithTwoNamingLineAndField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "peers: 2\ndurationMs: 100\nfaults:\n  - {atMs: 1, peer: peer-1, toxic: lag}\n");
        Run r = simulate(file.toString(), "--out", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("line 4: faults[0].toxic: unknown toxic 'lag'"), r.err());
        oneLineNoStackTrace(r);
    }

    @Test
    void aForcedToxiproxySourceThatCannotBeHadIsAnErrorNamingWhy(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, "peers: 1\ndurationMs: 10\n");
        Run unknown = simulate(file.toString(), "--toxiproxy", "docker");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("--toxiproxy docker is not a source"), unknown.err());
        oneLineNoStackTrace(unknown);
        if (System.getenv("TOXIPROXY_URL") == null) {
            Run url = simulate(file.toString(), "--toxiproxy", "url");
            assertEquals(2, url.code());
            assertTrue(url.err().contains("--toxiproxy url needs TOXIPROXY_URL or -Dtoxiproxy.url"), url.err());
            oneLineNoStackTrace(url);
        }
        Run deadUrl = simulate(file.toString(), "--toxiproxy", "url", "-Dtoxiproxy.url=http://127.0.0.1:1");
        System.clearProperty("toxiproxy.url");
        assertEquals(2, deadUrl.code());
        assertTrue(deadUrl.err().contains("no Toxiproxy answers at http://127.0.0.1:1"), deadUrl.err());
        oneLineNoStackTrace(deadUrl);
    }

    @Test
    void systemPropertiesPassThroughWithD(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, "peers: 1\ndurationMs: 10\n");
        Run r = simulate(file.toString(), "-Dtoxiproxy.source=nonsense");
        System.clearProperty("toxiproxy.source");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("-Dtoxiproxy.source=nonsense is not a Toxiproxy source"), r.err());
    }

    @Test
    void aFailedExpectationExitsWithOneAndSaysWhich(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("impossible.yaml");
        Files.writeString(file, """
                name: impossible
                peers: 2
                durationMs: 1500
                expectations:
                  - {type: reaches, peer: peer-1, side: server, state: TimedOut, withinMs: 1000, after: start}
                  - {type: unfaultedStay, side: server, state: LoggedIn}
                """);
        Run r = simulate(file.toString(), "--out", dir.toString(), "--toxiproxy", "embedded");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("[FAIL] peer-1 reaches TimedOut"), r.out());
        assertTrue(r.out().contains("[pass] no unfaulted peer leaves LoggedIn"), r.out());
        assertTrue(Files.exists(dir.resolve("impossible.json")));
    }
}
