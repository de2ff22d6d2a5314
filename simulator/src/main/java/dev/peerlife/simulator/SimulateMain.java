package dev.peerlife.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code simulate <scenario> [--out DIR]}: runs a scenario, prints a progress line a second and a
 * summary table, writes the per-peer timelines and the summary as JSON to DIR (default
 * target/simulations), and exits 0 when every expectation held, 1 when one failed, 2 when the
 * scenario is invalid (the message names the line and the field).
 */
public final class SimulateMain {

    private SimulateMain() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || args[0].equals("--help")) {
            System.out.println("usage: bin/simulate <scenario.yaml|.json> [--out target/simulations]");
            System.exit(args.length == 0 ? 2 : 0);
        }
        Path out = Path.of(args.length >= 3 && args[1].equals("--out") ? args[2] : "target/simulations");
        System.exit(run(Path.of(args[0]), out, System.out));
    }

    static int run(Path file, Path outDir, PrintStream out) {
        Scenario scenario;
        try {
            scenario = ScenarioParser.parse(file);
        } catch (ScenarioParser.InvalidScenarioException e) {
            out.println("invalid scenario " + file + ": " + e.getMessage());
            return 2;
        } catch (IOException e) {
            out.println("cannot read " + file + ": " + e.getMessage());
            return 2;
        }
        out.printf("simulation %s: %d peers for %.1f s%n", scenario.name(), scenario.peers(), scenario.durationMs() / 1000.0);
        Simulation.Result result;
        try (ToxiproxySource toxiproxy = ToxiproxySource.locate(out::println)) {
            result = Simulation.run(scenario, toxiproxy, out::println);
        } catch (ToxiproxySource.UnavailableException e) {
            out.println(e.getMessage());
            return 2;
        }
        Path json = write(result, outDir);
        print(result, out);
        out.println("timelines: " + json);
        return result.passed() ? 0 : 1;
    }

    public static Path write(Simulation.Result result, Path outDir) {
        try {
            Files.createDirectories(outDir);
            Path json = outDir.resolve(result.scenario() + ".json");
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), result);
            return json;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static void print(Simulation.Result r, PrintStream out) {
        Simulation.Summary s = r.summary();
        out.printf("%n%s (toxiproxy: %s): %s%n", r.scenario(), r.toxiproxy(), r.passed() ? "PASSED" : "FAILED");
        out.printf("  %-22s %8s%n", "peers", s.peers());
        out.printf("  %-22s %8s%n", "faults", s.faults());
        out.printf("  %-22s %8s%n", "timeouts (server)", s.timeouts());
        out.printf("  %-22s %8s%n", "reconnects (client)", s.reconnects());
        out.printf("  %-22s %8s %8s%n", "detection ms p50/p99", ms(s.detectionP50Ms()), ms(s.detectionP99Ms()));
        out.printf("  %-22s %8s %8s%n", "recovery ms p50/p99", ms(s.recoveryP50Ms()), ms(s.recoveryP99Ms()));
        out.printf("  %-22s %8s (among %d unfaulted peers)%n", "false timeouts", s.falseTimeouts(), s.unfaultedPeers());
        for (Simulation.Verdict v : r.verdicts()) {
            out.printf("  [%s] %s: %s%n", v.passed() ? "pass" : "FAIL", v.expectation(), v.detail());
        }
    }

    private static String ms(Long v) {
        return v == null ? "-" : v.toString();
    }
}
