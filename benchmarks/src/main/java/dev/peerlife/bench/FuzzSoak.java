package dev.peerlife.bench;

import dev.peerlife.lifecycle.SessionPolicy;
import dev.peerlife.testing.WireFuzz;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * The long fuzz run of issue 12: at least a million malformed frames (as counted by the server) and
 * a million hostile datagrams against a reference server host on real sockets, beside 50 healthy
 * clients heartbeating on the real clock with the default policy (2 s interval, 6 s timeout). It
 * prints what escaped (warnings, uncaught exceptions), healthy clients that left LoggedIn, the
 * largest size each host table reached, and the heap after collection before and after; it exits
 * with 1 if anything escaped, a healthy client left LoggedIn, or the heap did not come back.
 *
 * <p>Run: {@code mvn -q -pl benchmarks -am verify -Pfuzz-soak -DskipTests} (arguments: frames,
 * datagrams, seed).
 */
@Command(name = "FuzzSoak", mixinStandardHelpOptions = true,
        description = "Malformed frames and hostile datagrams against a reference server host on real sockets, beside 50 "
                + "healthy clients; says what escaped, which healthy client left LoggedIn, the largest tables and the heap.",
        footer = {"", "Exit codes: 0 nothing escaped and the heap came back, 1 something escaped, a healthy client left LoggedIn "
                + "or the heap did not come back, 2 usage error."})
public final class FuzzSoak implements Callable<Integer> {

    @Spec
    private CommandSpec spec;
    @Parameters(index = "0", arity = "0..1", paramLabel = "FRAMES", defaultValue = "1000000",
            description = "Malformed frames the server must count (default: ${DEFAULT-VALUE}).")
    private String frames;
    @Parameters(index = "1", arity = "0..1", paramLabel = "DATAGRAMS", defaultValue = "1000000",
            description = "Hostile datagrams (default: ${DEFAULT-VALUE}).")
    private String datagrams;
    @Parameters(index = "2", arity = "0..1", paramLabel = "SEED", description = "Seed of the fuzzer (default: a new one, printed).")
    private Long seed;

    public static void main(String[] args) {
        System.exit(BenchCli.run(new FuzzSoak(), args, System.out, System.err));
    }

    @Override
    public Integer call() throws Exception {
        long frames = BenchCli.count(spec, "FRAMES", this.frames, 0);
        long datagrams = BenchCli.count(spec, "DATAGRAMS", this.datagrams, 0);
        long seed = this.seed != null ? this.seed : System.nanoTime();
        System.out.printf("Fuzz soak: %,d malformed frames, %,d datagrams, 50 healthy clients, seed %d (%s, %d cores, load %s)%n",
                frames, datagrams, seed, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), load());
        WireFuzz.Report r = WireFuzz.run(new WireFuzz.Config(seed, 50, frames, datagrams, 4, SessionPolicy.defaults(), 4096,
                5_000, 2_000));
        long heapGrowth = r.heapEndBytes() - r.heapStartBytes();
        System.out.printf("elapsed                       %,d s%n", r.elapsedMs() / 1000);
        System.out.printf("frames sent / counted bad     %,d / %,d on %,d connections%n", r.framesSent(), r.serverCounted(),
                r.connectionsOpened());
        System.out.printf("refused logins                %,d%n", r.end().refusedLogins());
        System.out.printf("datagrams sent / dropped      %,d / %,d%n", r.datagramsSent(), r.end().unknownSyncFrames());
        System.out.printf("escaped (warnings, uncaught)  %d%s%n", r.escaped().size(),
                r.escaped().isEmpty() ? "" : " first: " + r.escaped().get(0));
        System.out.printf("healthy clients that left LoggedIn  %d%s%n", r.healthyDepartures().size(),
                r.healthyDepartures().isEmpty() ? "" : " first: " + r.healthyDepartures().get(0));
        System.out.printf("largest tables: open connections %,d, waiting to log in %,d, session records %,d, tokens %,d%n",
                r.maxOpenConnections(), r.maxPendingLogins(), r.maxSessionRecords(), r.maxTokens());
        System.out.printf("tables at the end: %s%n", r.end());
        System.out.printf("heap after GC: start %.1f MB, end %.1f MB (%+.1f MB)%n", r.heapStartBytes() / 1e6,
                r.heapEndBytes() / 1e6, heapGrowth / 1e6);
        System.out.printf("load at the end: %s%n", load());
        boolean heapBack = heapGrowth < 8_000_000;
        System.out.println(r.clean() && heapBack ? "PASS" : "FAIL");
        return r.clean() && heapBack ? BenchCli.OK : BenchCli.FAILED;
    }

    static String load() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
