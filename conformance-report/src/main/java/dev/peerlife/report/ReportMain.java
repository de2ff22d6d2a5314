package dev.peerlife.report;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * {@code report --run DIR [--run DIR ...] [--simulations DIR ...] [--previous FILE ...] [--out DIR]}:
 * builds the report from the given runs, simulation folders and earlier reports, writes report.json,
 * index.html, summary.md and junit.xml, and prints both verdicts of every implementation, the
 * simulations, and as its last line the verdicts (of the one implementation, or one line each).
 *
 * <p>Exit codes: {@value #CONFORMANT} every implementation CONFORMANT and every simulation held;
 * {@value #NOT_CONFORMANT} an implementation is NOT CONFORMANT; {@value #USAGE} a usage error, an input
 * that cannot be read or an output folder that cannot be written (one line on stderr says which);
 * {@value #SIMULATION_FAILED} every implementation CONFORMANT but a simulation failed. A
 * reference-profile difference never changes the exit code.
 */
@Command(name = "report", mixinStandardHelpOptions = true, versionProvider = ReportMain.Version.class, sortOptions = false,
        description = "Writes the conformance report (index.html, report.json, summary.md, junit.xml) of one or more "
                + "implementation runs, side by side, with the fault simulations and a trend of earlier runs; prints both "
                + "verdicts of each implementation.",
        footer = {"", "Exit codes: 0 every implementation CONFORMANT and every simulation held; 1 an implementation is NOT "
                + "CONFORMANT; 2 usage error, an input that cannot be read or an output that cannot be written; 3 CONFORMANT but "
                + "a simulation failed. A reference-profile difference never changes the exit code."})
public final class ReportMain implements Callable<Integer> {

    public static final int CONFORMANT = 0;
    public static final int NOT_CONFORMANT = 1;
    public static final int USAGE = 2;
    public static final int SIMULATION_FAILED = 3;

    @Option(names = "--run", paramLabel = "DIR", required = true,
            description = "A run folder (cucumber.json, implementation.json, properties/), one per implementation, in column order.")
    private List<Path> runs = new ArrayList<>();
    @Option(names = "--simulations", paramLabel = "DIR", description = "A folder of simulation results (*.json from bin/simulate).")
    private List<Path> simulations = new ArrayList<>();
    @Option(names = "--previous", paramLabel = "FILE", arity = "1..*",
            description = "report.json files of earlier runs, for the trend (in any order: they are sorted by date).")
    private List<Path> previous = new ArrayList<>();
    @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/conformance",
            description = "Where the report goes (default: ${DEFAULT-VALUE}).")
    private Path dir;

    private final PrintStream out;
    private final PrintStream err;

    private ReportMain(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command on {@code args}; returns its exit code. Never calls System.exit. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new ReportMain(out, err));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((ParameterException e, String[] ignored) -> {
            err.println("report: " + e.getMessage() + " (see report --help)");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            err.println("report: unexpected failure: " + e);
            return USAGE;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        ReportBuilder builder = new ReportBuilder();
        try {
            for (Path run : runs) {
                builder.addRun(run);
            }
            for (Path simulationDir : simulations) {
                if (!java.nio.file.Files.isDirectory(simulationDir)) {
                    err.println("report: no simulation results: " + simulationDir + " is not a folder; the report has no simulation from it");
                }
                builder.addSimulations(simulationDir);
            }
            for (Path file : previous) {
                builder.addEarlierRun(file);
            }
        } catch (IOException e) {
            err.println("report: " + e.getMessage());
            return USAGE;
        }
        Report report = builder.build();
        try {
            ReportWriter.writeAll(report, dir);
        } catch (IOException e) {
            err.println("report: cannot write the report to " + dir + ": " + e);
            return USAGE;
        }

        for (Report.Implementation i : report.implementations()) {
            long failed = i.properties().stream().filter(p -> p.status().equals(Report.FAILED)).count();
            out.printf("%s ('%s'): properties %s%n", Words.who(i), i.sut(), i.properties().isEmpty() ? "not run"
                    : (i.properties().size() - failed) + " of " + i.properties().size() + " passed");
        }
        for (Report.Simulation s : report.simulations()) {
            out.printf("simulation %s: %s (%d of %d expectations held)%n", s.scenario(), s.passed() ? "passed" : "FAILED",
                    s.expectations().stream().filter(Report.Expectation::passed).count(), s.expectations().size());
        }
        out.println("report: " + dir.resolve("index.html").toAbsolutePath().normalize() + " (also report.json, summary.md, junit.xml)"
                + (report.earlierRuns().isEmpty() ? "" : "; trend of " + report.earlierRuns().size() + " earlier runs"));
        List<Report.Implementation> implementations = report.implementations();
        if (implementations.size() == 1) {
            out.println(implementations.get(0).verdict().summary());
        } else {
            for (Report.Implementation i : implementations) {
                out.println(Words.who(i) + ": " + i.verdict().summary());
            }
        }
        if (!report.conformant()) {
            return NOT_CONFORMANT;
        }
        if (!report.simulationsHeld()) {
            out.println("but the fault simulation failed: see the simulation lines above");
            return SIMULATION_FAILED;
        }
        return CONFORMANT;
    }

    /** The version line: the project version, filled in at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            String version = "dev";
            try (InputStream in = ReportMain.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    Properties p = new Properties();
                    p.load(in);
                    String v = p.getProperty("version");
                    if (v != null && !v.startsWith("${")) {
                        version = v;
                    }
                }
            }
            return new String[] {"peerlife conformance report " + version};
        }
    }
}
