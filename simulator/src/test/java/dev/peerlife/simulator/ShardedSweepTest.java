package dev.peerlife.simulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shard contract as a Kubernetes Indexed Job uses it (examples/kubernetes/virtual-sweep-job.yaml),
 * locally: each shard a separate JVM process given only its index, the results merged afterwards
 * with no coordinator.
 */
class ShardedSweepTest {

    private static final String SCENARIO = Path.of("scenarios", "flapping-peer.yaml").toString();

    private static Process shard(int index, int shards, Path out, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SimulateMain.class.getName(), "--virtual", "--seeds", "10",
                "--threads", "1", "--shard", index + "/" + shards, "--out", out.toString()));
        command.addAll(List.of(extra));
        command.add(SCENARIO);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.resolve("shard-" + index + ".log").toFile()).start();
    }

    private static void runShards(Path out, int shards, String... extra) throws Exception {
        Files.createDirectories(out);
        List<Process> running = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            running.add(shard(i, shards, out, extra));
        }
        for (Process p : running) {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "a shard finished");
        }
    }

    private static String[] merge(Path dir) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SimulateMain.execute(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                "--merge", dir.toString());
        return new String[] {String.valueOf(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void shardsRunAsSeparateProcessesAndMergeIntoTheWholeSweep(@TempDir Path dir) throws Exception {
        runShards(dir, 3);
        String[] merged = merge(dir);
        assertEquals("0", merged[0], merged[1] + merged[2]);
        assertTrue(merged[1].contains("merged 3 of 3 shards of flapping-peer against reference: 10 of 10 seeds ran"), merged[1]);
        assertTrue(Files.exists(dir.resolve("flapping-peer.sweep.json")));
        // A missing shard is named, never merged into a pass.
        Files.delete(dir.resolve("flapping-peer.sweep-1-of-3.json"));
        String[] partial = merge(dir);
        assertEquals("2", partial[0]);
        assertTrue(partial[2].contains("shard(s) [1] of 3 are missing"), partial[2]);
    }

    @Test
    void theMergedSweepNamesTheLowestFailingSeedAndItsReplayCommand(@TempDir Path dir) throws Exception {
        String control = "class:dev.peerlife.conformance.controls.TimeoutHitsEveryoneSut";
        runShards(dir, 2, "--sut", control);
        String[] merged = merge(dir);
        assertEquals("1", merged[0], merged[1] + merged[2]);
        assertTrue(merged[1].contains("seed 1 failed: no unfaulted peer leaves LoggedIn"), merged[1]);
        assertTrue(merged[1].contains("replay: bin/simulate --virtual --sut " + control + " --seed 1 " + SCENARIO), merged[1]);
        assertEquals(2, dir.toFile().listFiles((File d, String n) -> n.matches(".*sweep-\\d-of-2\\.json")).length);
    }
}
