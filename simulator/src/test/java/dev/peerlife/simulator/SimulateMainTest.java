package dev.peerlife.simulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI's exit codes: 2 for an invalid scenario, 1 for a failed expectation, 0 when all hold. */
class SimulateMainTest {

    @Test
    void anInvalidScenarioExitsWithTwoNamingLineAndField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "peers: 2\ndurationMs: 100\nfaults:\n  - {atMs: 1, peer: peer-1, toxic: lag}\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(2, SimulateMain.run(file, dir, new PrintStream(out)));
        assertTrue(out.toString().contains("line 4: faults[0].toxic: unknown toxic 'lag'"), out.toString());
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
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(1, SimulateMain.run(file, dir, new PrintStream(out)));
        String text = out.toString();
        assertTrue(text.contains("[FAIL] peer-1 reaches TimedOut"), text);
        assertTrue(text.contains("[pass] no unfaulted peer leaves LoggedIn"), text);
        assertTrue(Files.exists(dir.resolve("impossible.json")));
    }
}
