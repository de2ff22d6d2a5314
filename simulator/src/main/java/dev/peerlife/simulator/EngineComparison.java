package dev.peerlife.simulator;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Runs each scenario N times on each Toxiproxy engine, the engines taking turns run by run after a
 * warm-up, and prints per scenario and engine how many runs passed and the median over the runs of
 * the detection and recovery figures; then whether the embedded engine's figures are within 20% (or
 * 50 ms) of the real one's. This is how the README's engine comparison was measured.
 */
@Command(name = "EngineComparison", description = "Compare the embedded and the real Toxiproxy on scenarios, N runs each.")
public final class EngineComparison implements Callable<Integer> {

    @Parameters(paramLabel = "SCENARIO", arity = "1..*", description = "scenario files")
    private List<Path> files;

    @Option(names = "--runs", description = "runs per scenario and engine (default: ${DEFAULT-VALUE})")
    private int runs = 10;

    @Option(names = "--warmup", description = "runs per scenario and engine first, not counted, so that both start warm (default: ${DEFAULT-VALUE})")
    private int warmup = 1;

    @Option(names = "--out", description = "where each run's timelines go (default: ${DEFAULT-VALUE})")
    private Path out = Path.of("target", "engine-comparison");

    /** One scenario on one engine: the results of its runs. */
    private record Row(String scenario, ToxiproxySource.Kind engine, List<Simulation.Result> results) {
        long passed() {
            return results.stream().filter(Simulation.Result::passed).count();
        }

        Long median(java.util.function.Function<Simulation.Summary, Long> figure) {
            List<Long> values = new ArrayList<>(results.stream().map(r -> figure.apply(r.summary())).filter(Objects::nonNull).toList());
            if (values.isEmpty()) {
                return null;
            }
            Collections.sort(values);
            return values.get(values.size() / 2);
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new EngineComparison()).execute(args));
    }

    @Override
    public Integer call() throws IOException, ScenarioParser.InvalidScenarioException, ToxiproxySource.UnavailableException {
        List<Row> rows = new ArrayList<>();
        List<ToxiproxySource.Kind> engines = List.of(ToxiproxySource.Kind.EMBEDDED, ToxiproxySource.Kind.BINARY);
        try (ToxiproxySource embedded = ToxiproxySource.open(ToxiproxySource.Kind.EMBEDDED, System.out::println);
             ToxiproxySource binary = ToxiproxySource.open(ToxiproxySource.Kind.BINARY, System.out::println)) {
            for (Path file : files) {
                Scenario scenario = ScenarioParser.parse(file);
                for (int w = 1; w <= warmup; w++) {
                    for (ToxiproxySource source : List.of(embedded, binary)) {
                        Simulation.Result r = Simulation.run(scenario, source, line -> { });
                        System.out.printf("%s on %s, warm-up %d: %s (not counted)%n", scenario.name(), source.kind(), w,
                                r.passed() ? "passed" : "FAILED");
                    }
                }
                List<List<Simulation.Result>> results = List.of(new ArrayList<>(), new ArrayList<>());
                for (int i = 1; i <= runs; i++) {
                    // The engines take turns, so that both meet the machine's load alike.
                    for (int e = 0; e < 2; e++) {
                        ToxiproxySource source = e == 0 ? embedded : binary;
                        Simulation.Result r = Simulation.run(scenario, source, line -> { });
                        SimulateMain.write(r, out.resolve(source.kind() + "-" + i));
                        Simulation.Summary s = r.summary();
                        System.out.printf("%s on %s, run %d/%d: %s  detection p50/p99 %s/%s  recovery p50/p99 %s/%s  false timeouts %d"
                                        + "  slow calls %d  stalls %d  load %s%n",
                                scenario.name(), source.kind(), i, runs, r.passed() ? "passed" : "FAILED " + failed(r),
                                s.detectionP50Ms(), s.detectionP99Ms(), s.recoveryP50Ms(), s.recoveryP99Ms(), s.falseTimeouts(),
                                s.slowToxiproxyCalls(), r.stalls().size(), loadAverage());
                        results.get(e).add(r);
                    }
                }
                rows.add(new Row(scenario.name(), engines.get(0), results.get(0)));
                rows.add(new Row(scenario.name(), engines.get(1), results.get(1)));
            }
        }
        System.out.printf("%n| scenario | engine | passed | detection p50 / p99 ms | recovery p50 / p99 ms |%n|---|---|---:|---:|---:|%n");
        for (Row row : rows) {
            System.out.printf("| %s | %s | %d of %d | %s / %s | %s / %s |%n", row.scenario(), row.engine().label(), row.passed(),
                    row.results().size(), row.median(Simulation.Summary::detectionP50Ms), row.median(Simulation.Summary::detectionP99Ms),
                    row.median(Simulation.Summary::recoveryP50Ms), row.median(Simulation.Summary::recoveryP99Ms));
        }
        System.out.println();
        boolean all = true;
        for (Row e : rows) {
            if (e.engine() != ToxiproxySource.Kind.EMBEDDED) {
                continue;
            }
            Row r = rows.stream().filter(x -> x.scenario().equals(e.scenario()) && x.engine() == ToxiproxySource.Kind.BINARY).findFirst().orElseThrow();
            boolean sameVerdicts = e.passed() == r.passed();
            List<String> off = new ArrayList<>();
            compare("detection p50", e.median(Simulation.Summary::detectionP50Ms), r.median(Simulation.Summary::detectionP50Ms), off);
            compare("detection p99", e.median(Simulation.Summary::detectionP99Ms), r.median(Simulation.Summary::detectionP99Ms), off);
            compare("recovery p50", e.median(Simulation.Summary::recoveryP50Ms), r.median(Simulation.Summary::recoveryP50Ms), off);
            compare("recovery p99", e.median(Simulation.Summary::recoveryP99Ms), r.median(Simulation.Summary::recoveryP99Ms), off);
            System.out.printf("%s: verdicts %s; figures %s%n", e.scenario(), sameVerdicts ? "agree" : "DIFFER",
                    off.isEmpty() ? "within 20% or 50 ms" : "OFF: " + String.join(", ", off));
            all &= sameVerdicts && off.isEmpty();
        }
        return all ? 0 : 1;
    }

    private static void compare(String what, Long embedded, Long real, List<String> off) {
        if (embedded == null && real == null) {
            return;
        }
        if (embedded == null || real == null || Math.abs(embedded - real) > Math.max(50, 0.2 * real)) {
            off.add(what + " " + embedded + " against " + real);
        }
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String failed(Simulation.Result r) {
        return r.verdicts().stream().filter(v -> !v.passed()).map(v -> v.expectation() + ": " + v.detail()).toList().toString();
    }
}
