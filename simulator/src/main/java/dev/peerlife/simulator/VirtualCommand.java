package dev.peerlife.simulator;

import dev.peerlife.conformance.runner.SutSelector;
import dev.peerlife.conformance.runner.UnusableSutException;
import dev.peerlife.conformance.spi.SutException;
import dev.peerlife.conformance.spi.SystemUnderTest;
import dev.peerlife.simulator.virtual.SeedSweep;
import dev.peerlife.simulator.virtual.VirtualSimulation;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * {@code bin/simulate --virtual}: one seed (timelines written, replay command printed on failure) or
 * a sweep of seeds (a summary, and the first failing seed's replay command). Exit codes as
 * {@link SimulateMain}'s.
 */
final class VirtualCommand {

    private static final long CALL_TIMEOUT_MS = Long.getLong("sut.callTimeoutMs", 10_000);

    private final PrintStream stdout;
    private final PrintStream stderr;
    private final Path scenarioFile;
    private final Scenario scenario;
    private final Path out;

    VirtualCommand(PrintStream stdout, PrintStream stderr, Path scenarioFile, Scenario scenario, Path out) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.scenarioFile = scenarioFile;
        this.scenario = scenario;
        this.out = out;
    }

    /** Makes instances of the selected implementation: in process unguarded (speed), or a driver process. */
    static Supplier<SystemUnderTest> factory(String selection) {
        return () -> selection.startsWith("process:") ? SutSelector.create(selection, CALL_TIMEOUT_MS)
                : SutSelector.createInProcess(selection);
    }

    /** The one command that replays {@code seed}. */
    static String replay(String selection, long seed, Path scenarioFile) {
        return "bin/simulate --virtual --sut " + quote(selection) + " --seed " + seed + " " + quote(scenarioFile.toString());
    }

    private static String quote(String s) {
        return s.matches("[A-Za-z0-9_./:=@%+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    int run(String sutOption, Long seedOption, Long seeds, Integer threadsOption, String shardOption) {
        String selection = sutOption == null ? SutSelector.selection() : sutOption.trim();
        int[] shard = null;
        if (shardOption != null) {
            shard = ShardMerge.parseShard(shardOption);
            if (shard == null || seeds == null) {
                stderr.println("bin/simulate: --shard " + shardOption + (shard == null ? " is not I/N with 0 <= I < N" : " needs --seeds"));
                return SimulateMain.USAGE;
            }
        }
        if (seeds != null && seeds < 1) {
            stderr.println("bin/simulate: --seeds " + seeds + " must be 1 or more");
            return SimulateMain.USAGE;
        }
        if (threadsOption != null && threadsOption < 1) {
            stderr.println("bin/simulate: --threads " + threadsOption + " must be 1 or more");
            return SimulateMain.USAGE;
        }
        Supplier<SystemUnderTest> suts = factory(selection);
        try {
            SutSelector.probe(selection, CALL_TIMEOUT_MS);
        } catch (UnusableSutException e) {
            stderr.println("bin/simulate: --sut " + selection + ": " + e.getMessage());
            return SimulateMain.USAGE;
        }
        try {
            if (seeds != null) {
                return sweep(selection, suts, seedOption == null ? 1 : seedOption, seeds,
                        threadsOption == null ? Runtime.getRuntime().availableProcessors() : threadsOption, shard);
            }
            return single(selection, suts, seedOption == null ? VirtualSimulation.defaultSeed(scenario) : seedOption);
        } catch (SutException | IllegalStateException e) {
            stderr.println("bin/simulate: the implementation failed: " + e.getMessage());
            return SimulateMain.RUN_FAILED;
        }
    }

    private int single(String selection, Supplier<SystemUnderTest> suts, long seed) {
        stdout.printf("simulation %s in virtual time: %d peers for %.1f s, sut %s, seed %d%n", scenario.name(), scenario.peers(),
                scenario.durationMs() / 1000.0, selection, seed);
        long startNs = System.nanoTime();
        Simulation.Result result;
        try (SystemUnderTest sut = suts.get()) {
            result = VirtualSimulation.run(scenario, sut, selection, VirtualSimulation.Options.seed(seed), stdout::println);
        }
        long wallMs = (System.nanoTime() - startNs) / 1_000_000;
        Path json;
        try {
            json = SimulateMain.write(result, out);
        } catch (UncheckedIOException e) {
            stderr.println("bin/simulate: cannot write the timelines to " + out + ": " + e.getCause().getMessage());
            return SimulateMain.RUN_FAILED;
        }
        SimulateMain.print(result, stdout);
        stdout.printf("virtual %.1f s in %.2f s of wall time (%.0fx real time)%n", (result.startupMs() + scenario.durationMs()) / 1000.0,
                wallMs / 1000.0, (result.startupMs() + scenario.durationMs()) / (double) Math.max(1, wallMs));
        stdout.println("timelines: " + json);
        if (!result.passed()) {
            stdout.println("replay: " + replay(selection, seed, scenarioFile));
            return SimulateMain.EXPECTATION_FAILED;
        }
        return SimulateMain.PASSED;
    }

    private int sweep(String selection, Supplier<SystemUnderTest> suts, long sweepFirst, long sweepCount, int threads, int[] shard) {
        long first = sweepFirst;
        long count = sweepCount;
        if (shard != null) {
            // Contiguous slices: shard I of N gets seeds [first + I*count/N, first + (I+1)*count/N).
            long from = sweepFirst + shard[0] * sweepCount / shard[1];
            long to = sweepFirst + (shard[0] + 1L) * sweepCount / shard[1];
            first = from;
            count = to - from;
            stdout.printf("shard %d of %d (from 0) of seeds %d..%d%n", shard[0], shard[1], sweepFirst, sweepFirst + sweepCount - 1);
        }
        stdout.printf("sweep %s in virtual time: seeds %d..%d against %s on %d threads%n", scenario.name(), first, first + count - 1,
                selection, threads);
        SeedSweep.Outcome o = count == 0 ? new SeedSweep.Outcome(scenario.name(), selection, first, 0, 0, null, null, 0, threads)
                : SeedSweep.run(scenario, selection, suts, first, count, threads);
        double virtualS = o.ran() * scenario.durationMs() / 1000.0;
        stdout.printf("%d of %d seeds ran in %.1f s (%.1f seeds/s, %.0f s of scenario time, %.0fx real time); %s%n", o.ran(), count,
                o.wallMs() / 1000.0, o.ran() / Math.max(0.001, o.wallMs() / 1000.0), virtualS, virtualS * 1000 / Math.max(1, o.wallMs()),
                o.failedSeed() == null ? "every one passed" : "seed " + o.failedSeed() + " failed: " + o.failure());
        String replay = o.failedSeed() == null ? null : replay(selection, o.failedSeed(), scenarioFile);
        if (shard != null) {
            try {
                Path file = ShardMerge.write(new ShardMerge.ShardResult(shard[0], shard[1], sweepFirst, sweepCount, o, replay,
                        scenario.durationMs()), out);
                stdout.println("shard result: " + file);
            } catch (UncheckedIOException e) {
                stderr.println("bin/simulate: cannot write the shard result to " + out + ": " + e.getCause().getMessage());
                return SimulateMain.RUN_FAILED;
            }
        }
        if (replay != null) {
            stdout.println("replay: " + replay);
            return SimulateMain.EXPECTATION_FAILED;
        }
        return SimulateMain.PASSED;
    }
}
