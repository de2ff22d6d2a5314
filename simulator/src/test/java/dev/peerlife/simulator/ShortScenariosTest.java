package dev.peerlife.simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped short scenarios, on real TCP under real time, through the embedded Toxiproxy and
 * through a real toxiproxy-server where one is found (skipped, saying so, where not): each must pass
 * every expectation on both. The embedded runs' timelines go to target/simulations/ for the report.
 */
class ShortScenariosTest {

    private static final Map<ToxiproxySource.Kind, ToxiproxySource> SOURCES = new EnumMap<>(ToxiproxySource.Kind.class);

    static Stream<Arguments> runs() {
        return Stream.of(ToxiproxySource.Kind.EMBEDDED, ToxiproxySource.Kind.BINARY).flatMap(kind -> Stream.of(
                "latency-beyond-timeout", "cut-off-and-refused", "flapping-peer").map(name -> Arguments.of(kind, name)));
    }

    private static ToxiproxySource source(ToxiproxySource.Kind kind) throws Exception {
        if (kind == ToxiproxySource.Kind.BINARY) {
            Assumptions.assumeTrue(ToxiproxyBinary.find().isPresent(), "real Toxiproxy runs skipped: " + ToxiproxyBinary.WHERE);
        }
        ToxiproxySource s = SOURCES.get(kind);
        if (s == null) {
            s = ToxiproxySource.open(kind, line -> { });
            SOURCES.put(kind, s);
        }
        return s;
    }

    @AfterAll
    static void close() {
        SOURCES.values().forEach(ToxiproxySource::close);
        SOURCES.clear();
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("runs")
    void theScenarioHoldsEveryExpectation(ToxiproxySource.Kind kind, String name) throws Exception {
        Scenario scenario = ScenarioParser.parse(Path.of("scenarios", name + ".yaml"));
        Simulation.Result result = Simulation.run(scenario, source(kind), line -> { });
        Path dir = kind == ToxiproxySource.Kind.EMBEDDED ? Path.of("target", "simulations") : Path.of("target", "simulations-" + kind.label());
        Path json = SimulateMain.write(result, dir);
        assertTrue(Files.size(json) > 0);
        assertTrue(result.passed(), "expectations failed on " + kind.label() + ": " + result.verdicts() + "\nfaults: " + result.faults());
        assertEquals(0, result.summary().falseTimeouts(), "no unfaulted peer timed out");
    }
}
