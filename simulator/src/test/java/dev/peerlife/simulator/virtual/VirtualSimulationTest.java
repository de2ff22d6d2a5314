package dev.peerlife.simulator.virtual;

import dev.peerlife.conformance.controls.DisconnectHitsEveryoneSut;
import dev.peerlife.conformance.controls.ModelSut;
import dev.peerlife.conformance.controls.TimeoutHitsEveryoneSut;
import dev.peerlife.conformance.reference.ReferenceSut;
import dev.peerlife.conformance.runner.SutSelector;
import dev.peerlife.conformance.spi.SystemUnderTest;
import dev.peerlife.simulator.Scenario;
import dev.peerlife.simulator.ScenarioParser;
import dev.peerlife.simulator.SimulateMain;
import dev.peerlife.simulator.Simulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped scenarios in virtual time: they pass against the reference in process, through the
 * reference driver and against the independent model implementation; they fail against the negative
 * controls whose bugs their faults touch, on the expectation that names the bug; and a seed replays
 * byte for byte.
 */
class VirtualSimulationTest {

    static final String REFERENCE_DRIVER = "process:{java} -cp {classpath} dev.peerlife.conformance.driver.ReferenceDriver";

    static Scenario scenario(String name) throws Exception {
        return ScenarioParser.parse(Path.of("scenarios", name + ".yaml"));
    }

    private static Simulation.Result run(String name, SystemUnderTest sut, long seed) throws Exception {
        try (sut) {
            return VirtualSimulation.run(scenario(name), sut, sut.describe().name(), VirtualSimulation.Options.seed(seed), line -> { });
        }
    }

    private static String failures(Simulation.Result r) {
        return r.verdicts().stream().filter(v -> !v.passed()).map(v -> v.expectation() + ": " + v.detail()).toList().toString();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"latency-beyond-timeout", "cut-off-and-refused", "flapping-peer", "load-500"})
    void passesAgainstTheReferenceInProcess(String name) throws Exception {
        Simulation.Result r = run(name, new ReferenceSut(), 42);
        assertTrue(r.passed(), failures(r));
        assertEquals(0, r.summary().falseTimeouts());
        assertEquals("virtual", r.mode());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"latency-beyond-timeout", "cut-off-and-refused", "flapping-peer", "load-500"})
    void passesAgainstTheReferenceThroughTheDriverWithTheSameTimeline(String name) throws Exception {
        Simulation.Result inProcess = run(name, new ReferenceSut(), 3);
        Simulation.Result viaDriver = run(name, SutSelector.create(REFERENCE_DRIVER, 10_000), 3);
        assertTrue(viaDriver.passed(), failures(viaDriver));
        assertEquals(inProcess.timelines(), viaDriver.timelines(), "the same implementation gives the same timeline either way");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"latency-beyond-timeout", "cut-off-and-refused", "flapping-peer", "load-500"})
    void passesAgainstTheIndependentModelImplementation(String name) throws Exception {
        Simulation.Result r = run(name, new ModelSut(), 42);
        assertTrue(r.passed(), failures(r));
    }

    /** One peer's timeout drops every peer: every scenario with a timeout catches it, on isolation. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"latency-beyond-timeout", "flapping-peer", "load-500"})
    void failsAgainstTimeoutHitsEveryone(String name) throws Exception {
        Simulation.Result r = run(name, new TimeoutHitsEveryoneSut(), 42);
        assertFalse(r.passed());
        assertTrue(failures(r).contains("no unfaulted peer leaves LoggedIn on the server"), failures(r));
    }

    /** One peer's dropped connection drops every peer: the cut-off scenario catches it, on isolation. */
    @Test
    void cutOffFailsAgainstDisconnectHitsEveryone() throws Exception {
        Simulation.Result r = run("cut-off-and-refused", new DisconnectHitsEveryoneSut(), 42);
        assertFalse(r.passed());
        assertTrue(failures(r).contains("no unfaulted peer leaves LoggedIn on the server"), failures(r));
    }

    @Test
    void theSameSeedGivesAByteIdenticalTimelineFileAndAnotherSeedAnother(@TempDir Path dir) throws Exception {
        String first = sha256(SimulateMain.write(run("load-500", new ReferenceSut(), 7), dir.resolve("a")));
        String again = sha256(SimulateMain.write(run("load-500", new ReferenceSut(), 7), dir.resolve("b")));
        String other = sha256(SimulateMain.write(run("load-500", new ReferenceSut(), 8), dir.resolve("c")));
        assertEquals(first, again);
        assertNotEquals(first, other);
    }

    @Test
    void aSweepStopsAtTheFirstFailingSeed() throws Exception {
        Supplier<SystemUnderTest> controls = TimeoutHitsEveryoneSut::new;
        SeedSweep.Outcome o = SeedSweep.run(scenario("flapping-peer"), "control", controls, 1, 50, 2);
        assertEquals(1L, o.failedSeed());
        assertTrue(o.ran() <= 2, "stopped after the first failure: ran " + o.ran());
        SeedSweep.Outcome ok = SeedSweep.run(scenario("flapping-peer"), "reference", ReferenceSut::new, 1, 20, 2);
        assertTrue(ok.passed(), String.valueOf(ok));
        assertEquals(20, ok.ran());
    }

    @Test
    void aSeedAlsoDrawsTheRandomFaults() throws Exception {
        Scenario s = scenario("load-500");
        assertEquals(42, VirtualSimulation.defaultSeed(s));
        List<Simulation.FaultMark> a = run("load-500", new ReferenceSut(), 42).faults();
        List<Simulation.FaultMark> b = run("load-500", new ReferenceSut(), 43).faults();
        assertEquals(50, a.size());
        assertNotEquals(a, b);
        assertNotNull(a.get(0).peer());
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
