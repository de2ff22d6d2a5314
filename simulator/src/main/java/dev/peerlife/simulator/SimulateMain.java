package dev.peerlife.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code bin/simulate}: runs a scenario, prints a progress line a second and a summary table, and
 * writes the per-peer timelines and the summary as JSON. Exit codes: 0 every expectation held, 1 an
 * expectation failed, 2 a usage error, an invalid or unreadable scenario, or a Toxiproxy source that
 * cannot be had; 3 the run could not be carried out (Toxiproxy refused or stopped answering). Errors
 * are one line on stderr, never a stack trace.
 */
@Command(name = "bin/simulate", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Runs a simulation scenario (simulator/scenarios/README.md): the reference server and one client per peer "
                + "over real TCP, each through its own Toxiproxy proxy, faults on a timeline, expectations checked at the end."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every expectation held", "1:an expectation failed",
                "2:usage error, invalid or unreadable scenario, or the Toxiproxy source cannot be had",
                "3:the run could not be carried out (Toxiproxy refused a request or stopped answering)"},
        footerHeading = "%nExamples:%n",
        footer = {"  bin/simulate simulator/scenarios/latency-beyond-timeout.yaml",
                "  bin/simulate simulator/scenarios/load-500.yaml --toxiproxy binary",
                "  bin/simulate my.yaml --toxiproxy url -Dtoxiproxy.url=http://127.0.0.1:8474"})
public final class SimulateMain implements Callable<Integer> {

    static final int PASSED = 0;
    static final int EXPECTATION_FAILED = 1;
    static final int USAGE = 2;
    static final int RUN_FAILED = 3;

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "the scenario file (.yaml or .json)")
    private Path scenarioFile;

    @Option(names = "--out", paramLabel = "DIR", description = "where the timelines go as SCENARIO.json (default: ${DEFAULT-VALUE})")
    private Path out = Path.of("target", "simulations");

    @Option(names = "--toxiproxy", paramLabel = "SOURCE",
            description = "embedded, binary, url or testcontainers; an unavailable one is an error. Default: the first available of "
                    + "url (TOXIPROXY_URL), testcontainers (a Docker engine), binary (toxiproxy-server on PATH or in "
                    + "../shared/tools/toxiproxy/), embedded")
    private String source;

    @Option(names = "-D", paramLabel = "NAME=VALUE", mapFallbackValue = "",
            description = "set a system property, e.g. -Dtoxiproxy.url=http://127.0.0.1:8474, -Dtoxiproxy.source=binary, "
                    + "-Dsimulation.toxiproxyCallTimeoutMs=10000, -Dsimulation.slowToxiproxyCallMs=1000")
    private Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
    private boolean help;

    private PrintStream stdout = System.out;
    private PrintStream stderr = System.err;

    public static void main(String[] args) {
        System.exit(execute(System.out, System.err, args));
    }

    /** Runs the command line; returns the exit code. */
    static int execute(PrintStream stdout, PrintStream stderr, String... args) {
        SimulateMain command = new SimulateMain();
        command.stdout = stdout;
        command.stderr = stderr;
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(stdout, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(stderr, true, StandardCharsets.UTF_8));
        cli.setParameterExceptionHandler((e, a) -> {
            stderr.println("bin/simulate: " + e.getMessage() + " (bin/simulate --help lists the options)");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, c, parsed) -> {
            stderr.println("bin/simulate: " + e.getMessage());
            return RUN_FAILED;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        properties.forEach(System::setProperty);
        ToxiproxySource.Kind kind = null;
        if (source != null) {
            kind = ToxiproxySource.Kind.parse(source);
            if (kind == null) {
                stderr.println("bin/simulate: --toxiproxy " + source + " is not a source; use embedded, binary, url or testcontainers");
                return USAGE;
            }
        }
        Scenario scenario;
        try {
            scenario = ScenarioParser.parse(scenarioFile);
        } catch (ScenarioParser.InvalidScenarioException e) {
            stderr.println("bin/simulate: invalid scenario " + scenarioFile + ": " + e.getMessage());
            return USAGE;
        } catch (IOException e) {
            stderr.println("bin/simulate: cannot read " + scenarioFile + ": " + reason(e));
            return USAGE;
        }
        Simulation.Result result;
        try (ToxiproxySource toxiproxy = kind == null ? ToxiproxySource.locate(stdout::println) : ToxiproxySource.open(kind, stdout::println)) {
            stdout.printf("simulation %s: %d peers for %.1f s%n", scenario.name(), scenario.peers(), scenario.durationMs() / 1000.0);
            result = Simulation.run(scenario, toxiproxy, stdout::println);
        } catch (ToxiproxySource.UnavailableException e) {
            stderr.println("bin/simulate: " + e.getMessage());
            return USAGE;
        } catch (UncheckedIOException e) {
            stderr.println("bin/simulate: " + e.getMessage());
            return RUN_FAILED;
        }
        Path json;
        try {
            json = write(result, out);
        } catch (UncheckedIOException e) {
            stderr.println("bin/simulate: cannot write the timelines to " + out + ": " + reason(e.getCause()));
            return RUN_FAILED;
        }
        print(result, stdout);
        stdout.println("timelines: " + json);
        return result.passed() ? PASSED : EXPECTATION_FAILED;
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    public static Path write(Simulation.Result result, Path outDir) {
        try {
            Files.createDirectories(outDir);
            Path json = outDir.resolve(result.scenario() + ".json");
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), result);
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void print(Simulation.Result r, PrintStream out) {
        Simulation.Summary s = r.summary();
        out.printf("%n%s (toxiproxy: %s): %s%n", r.scenario(), r.toxiproxy(), r.passed() ? "PASSED" : "FAILED");
        out.printf("  %-24s %8s%n", "peers", s.peers());
        out.printf("  %-24s %8s ms%n", "start-up until logged in", r.startupMs());
        out.printf("  %-24s %8s%n", "faults", s.faults());
        out.printf("  %-24s %8s%n", "timeouts (server)", s.timeouts());
        out.printf("  %-24s %8s%n", "reconnects (client)", s.reconnects());
        out.printf("  %-24s %8s %8s%n", "detection ms p50/p99", ms(s.detectionP50Ms()), ms(s.detectionP99Ms()));
        out.printf("  %-24s %8s %8s%n", "recovery ms p50/p99", ms(s.recoveryP50Ms()), ms(s.recoveryP99Ms()));
        out.printf("  %-24s %8s (among %d unfaulted peers)%n", "false timeouts", s.falseTimeouts(), s.unfaultedPeers());
        out.printf("  %-24s %8s (slowest %s ms)%n", "slow Toxiproxy calls", s.slowToxiproxyCalls(), ms(s.toxiproxyCallMaxMs()));
        for (Simulation.Stall stall : r.stalls()) {
            out.printf("  heartbeat driver held %d ms at %d ms: %s%n", stall.durationMs(), stall.atMs(), stall.where());
        }
        java.util.List<Simulation.FaultMark> noted = r.faults().stream().filter(f -> f.note() != null).toList();
        for (Simulation.FaultMark f : noted.subList(0, Math.min(10, noted.size()))) {
            out.printf("  fault %d on %s (%s): %s%n", f.fault(), f.peer(), f.toxic(), f.note());
        }
        if (noted.size() > 10) {
            out.printf("  ... and %d more fault notes in the JSON%n", noted.size() - 10);
        }
        for (Simulation.Verdict v : r.verdicts()) {
            out.printf("  [%s] %s: %s%n", v.passed() ? "pass" : "FAIL", v.expectation(), v.detail());
        }
    }

    private static String ms(Long v) {
        return v == null ? "-" : v.toString();
    }
}
