package dev.peerlife.simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped short scenarios, on real TCP under real time, through whichever Toxiproxy the
 * machine has (here: the embedded one). Each must pass every expectation; their timelines go to
 * target/simulations/ for the report.
 */
class ShortScenariosTest {

    private static ToxiproxySource toxiproxy;

    @BeforeAll
    static void locate() throws Exception {
        toxiproxy = ToxiproxySource.locate(System.out::println);
    }

    @AfterAll
    static void close() {
        toxiproxy.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"latency-beyond-timeout", "cut-off-and-refused", "flapping-peer"})
    void theScenarioHoldsEveryExpectation(String name) throws Exception {
        Scenario scenario = ScenarioParser.parse(Path.of("scenarios", name + ".yaml"));
        Simulation.Result result = Simulation.run(scenario, toxiproxy, line -> { });
        SimulateMain.print(result, System.out);
        Path json = SimulateMain.write(result, Path.of("target", "simulations"));
        assertTrue(Files.size(json) > 0);
        assertTrue(result.passed(), "expectations failed: " + result.verdicts());
        assertEquals(0, result.summary().falseTimeouts(), "no unfaulted peer timed out");
    }
}
