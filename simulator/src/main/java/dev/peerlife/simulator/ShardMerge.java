package dev.peerlife.simulator;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.peerlife.simulator.virtual.SeedSweep;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Sweeps split over machines without a coordinator: each shard ({@code --shard I/N}) writes what it
 * did as {@code SCENARIO.sweep-I-of-N.json}; whoever holds the files (a shared volume, artifacts of
 * a CI job, a Kubernetes Indexed Job's output) merges them with {@code bin/simulate --merge DIR}: every
 * shard of the sweep must be there exactly once, and the result is the sweep's: seeds run, wall time
 * (the slowest shard's), and the lowest failing seed with its replay command.
 */
final class ShardMerge {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * One shard's result: shard {@code index} of {@code shards} of the sweep of {@code sweepCount} seeds
     * from {@code sweepFirst}; {@code replay} the command that replays its failing seed, if any.
     */
    record ShardResult(int index, int shards, long sweepFirst, long sweepCount, SeedSweep.Outcome outcome, String replay,
                       long scenarioDurationMs) {
    }

    /** The merged sweep, as {@code --merge} writes it to DIR/SCENARIO.sweep.json. */
    record Merged(String scenario, String sut, long firstSeed, long count, long ran, int shards, Long failedSeed, String failure,
                  String replay, long slowestShardWallMs, long sumOfShardWallMs) {
        boolean passed() {
            return failedSeed == null && ran == count;
        }
    }

    private ShardMerge() {
    }

    /** "I/N" with 0 <= I < N, or null. */
    static int[] parseShard(String text) {
        String[] parts = text.trim().split("/");
        if (parts.length != 2) {
            return null;
        }
        try {
            int i = Integer.parseInt(parts[0].trim());
            int n = Integer.parseInt(parts[1].trim());
            return n >= 1 && i >= 0 && i < n ? new int[] {i, n} : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Path write(ShardResult result, Path dir) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(result.outcome().scenario() + ".sweep-" + result.index() + "-of-" + result.shards() + ".json");
            JSON.writeValue(file.toFile(), result);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int merge(Path dir, PrintStream stdout, PrintStream stderr) {
        List<ShardResult> shards = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches(".+\\.sweep-\\d+-of-\\d+\\.json")).sorted().toList()) {
                shards.add(JSON.readValue(f.toFile(), ShardResult.class));
            }
        } catch (IOException e) {
            stderr.println("bin/simulate: cannot read the shard results in " + dir + ": " + e.getMessage());
            return SimulateMain.USAGE;
        }
        if (shards.isEmpty()) {
            stderr.println("bin/simulate: no shard results (*.sweep-I-of-N.json) in " + dir);
            return SimulateMain.USAGE;
        }
        ShardResult a = shards.get(0);
        TreeMap<Integer, ShardResult> byIndex = new TreeMap<>();
        for (ShardResult s : shards) {
            if (s.shards() != a.shards() || s.sweepFirst() != a.sweepFirst() || s.sweepCount() != a.sweepCount()
                    || !s.outcome().scenario().equals(a.outcome().scenario()) || !s.outcome().sut().equals(a.outcome().sut())) {
                stderr.println("bin/simulate: the shard results in " + dir + " are not of one sweep (shard " + s.index() + " of " + s.shards()
                        + ": " + s.outcome().scenario() + " against " + s.outcome().sut() + ", seeds " + s.sweepFirst() + " + " + s.sweepCount() + ")");
                return SimulateMain.USAGE;
            }
            if (byIndex.put(s.index(), s) != null) {
                stderr.println("bin/simulate: shard " + s.index() + " of " + s.shards() + " appears twice in " + dir);
                return SimulateMain.USAGE;
            }
        }
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < a.shards(); i++) {
            if (!byIndex.containsKey(i)) {
                missing.add(i);
            }
        }
        long ran = shards.stream().mapToLong(s -> s.outcome().ran()).sum();
        ShardResult failing = shards.stream().filter(s -> s.outcome().failedSeed() != null)
                .min(Comparator.comparingLong(s -> s.outcome().failedSeed())).orElse(null);
        long slowest = shards.stream().mapToLong(s -> s.outcome().wallMs()).max().orElse(0);
        long sum = shards.stream().mapToLong(s -> s.outcome().wallMs()).sum();
        Merged merged = new Merged(a.outcome().scenario(), a.outcome().sut(), a.sweepFirst(), a.sweepCount(), ran, a.shards(),
                failing == null ? null : failing.outcome().failedSeed(), failing == null ? null : failing.outcome().failure(),
                failing == null ? null : failing.replay(), slowest, sum);
        try {
            JSON.writeValue(dir.resolve(merged.scenario() + ".sweep.json").toFile(), merged);
        } catch (IOException e) {
            stderr.println("bin/simulate: cannot write " + dir.resolve(merged.scenario() + ".sweep.json") + ": " + e.getMessage());
            return SimulateMain.RUN_FAILED;
        }
        double virtualS = ran * a.scenarioDurationMs() / 1000.0;
        stdout.printf("merged %d of %d shards of %s against %s: %d of %d seeds ran; slowest shard %.1f s (%.0fx real time over the "
                        + "sweep), %.1f s of shard time in all; %s%n", byIndex.size(), a.shards(), merged.scenario(), merged.sut(), ran,
                a.sweepCount(), slowest / 1000.0, virtualS * 1000 / Math.max(1, slowest), sum / 1000.0,
                failing == null ? "every seed that ran passed" : "seed " + merged.failedSeed() + " failed: " + merged.failure());
        if (!missing.isEmpty()) {
            stderr.println("bin/simulate: shard(s) " + missing + " of " + a.shards() + " are missing from " + dir);
            return SimulateMain.USAGE;
        }
        if (failing != null) {
            stdout.println("replay: " + failing.replay());
            return SimulateMain.EXPECTATION_FAILED;
        }
        return SimulateMain.PASSED;
    }
}
