package dev.peerlife.simulator;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Toxiproxy blocks a DELETE of a latency toxic for about 5 s per chunk it still holds when
 * the connection under them has been closed (it tries to hand each chunk to the closed link, with
 * a 5 s timeout each). The slow-delete scenario (test resources) makes that happen on purpose;
 * the run must go on: every other peer keeps heartbeating, progress keeps coming every second, the
 * slow call is reported, and the fault's end counts from when its removal began.
 */
class SlowToxiproxyCallTest {

    @Test
    void aDeleteThatBlocksTheRealToxiproxyIsReportedAndTheRunGoesOn() throws Exception {
        Assumptions.assumeTrue(ToxiproxyBinary.find().isPresent(), "skipped: " + ToxiproxyBinary.WHERE);
        Scenario scenario = ScenarioParser.parse(Path.of("src", "test", "resources", "scenarios", "slow-delete.yaml"));
        List<String> progress = Collections.synchronizedList(new ArrayList<>());
        Simulation.Result result;
        try (ToxiproxySource toxiproxy = ToxiproxySource.open(ToxiproxySource.Kind.BINARY, line -> { })) {
            result = Simulation.run(scenario, toxiproxy, progress::add);
        }
        SimulateMain.write(result, Path.of("target", "simulations-binary"));
        Simulation.ToxiproxyCall delete = result.toxiproxyCalls().stream()
                .filter(c -> c.call().startsWith("remove latency")).findFirst().orElseThrow();
        assertTrue(delete.durationMs() != null && delete.durationMs() >= 4_000,
                "the upstream behaviour was reproduced: the DELETE took " + delete.durationMs() + " ms");
        assertTrue(result.summary().slowToxiproxyCalls() >= 1, result.summary().toString());
        assertTrue(progress.stream().anyMatch(l -> l.contains("slow Toxiproxy call: remove latency")), String.join("\n", progress));
        long ticks = progress.stream().filter(l -> l.matches("t=\\s*\\d+\\.\\ds\\s+server.*")).count();
        assertTrue(ticks >= scenario.durationMs() / 1000 - 1, "a progress line every second, the slow call notwithstanding: " + ticks);
        assertEquals(0, result.summary().falseTimeouts(), "no unfaulted peer timed out: " + result.verdicts());
        assertTrue(result.passed(), result.verdicts().toString());
        Simulation.FaultMark latency = result.faults().get(0);
        assertTrue(latency.ended() && latency.endMs() <= delete.startedMs(), "the fault ended when its removal began: " + latency);
    }
}
