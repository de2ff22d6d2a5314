package dev.peerlife.bench;

import dev.peerlife.lifecycle.SessionPolicy;
import dev.peerlife.testing.WireFuzz;

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
public final class FuzzSoak {

    public static void main(String[] args) throws Exception {
        long frames = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        long datagrams = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : System.nanoTime();
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
        System.exit(r.clean() && heapBack ? 0 : 1);
    }

    static String load() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
