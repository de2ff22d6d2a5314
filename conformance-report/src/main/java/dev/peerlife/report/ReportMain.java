package dev.peerlife.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code report --run DIR [--run DIR ...] [--simulations DIR ...] [--out target/conformance]}: builds
 * the report from the given runs and simulation folders, writes report.json, index.html, summary.md
 * and junit.xml, and prints both verdicts of every implementation, the simulations, and as its last
 * line the verdicts (of the one implementation, or a count of several).
 *
 * <p>Exit codes: {@value #CONFORMANT} every implementation CONFORMANT and every simulation held;
 * {@value #NOT_CONFORMANT} an implementation is NOT CONFORMANT; {@value #USAGE} a usage error or an
 * unreadable run; {@value #SIMULATION_FAILED} every implementation CONFORMANT but a simulation failed.
 * A reference-profile difference never changes the exit code.
 */
public final class ReportMain {

    public static final int CONFORMANT = 0;
    public static final int NOT_CONFORMANT = 1;
    public static final int USAGE = 2;
    public static final int SIMULATION_FAILED = 3;

    private static final String USAGE_LINE = "usage: report --run DIR [--run DIR ...] [--simulations DIR ...] [--out DIR]";

    private ReportMain() {
    }

    public static void main(String[] args) throws IOException {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        List<Path> runs = new ArrayList<>();
        List<Path> simulations = new ArrayList<>();
        Path dir = Path.of("target/conformance");
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length || !List.of("--run", "--simulations", "--out").contains(args[i])) {
                err.println("report: " + (i + 1 >= args.length && args[i].startsWith("--") ? args[i] + " needs a value"
                        : "unknown option " + args[i]) + "; " + USAGE_LINE);
                return USAGE;
            }
            Path value = Path.of(args[i + 1]);
            switch (args[i]) {
                case "--run" -> runs.add(value);
                case "--simulations" -> simulations.add(value);
                default -> dir = value;
            }
        }
        ReportBuilder builder = new ReportBuilder();
        try {
            for (Path run : runs) {
                builder.addRun(run);
            }
        } catch (IOException e) {
            err.println("report: " + e.getMessage());
            return USAGE;
        }
        for (Path simulationDir : simulations) {
            builder.addSimulations(simulationDir);
        }
        Report report = builder.build();
        ReportWriter.writeAll(report, dir);

        for (Report.Implementation i : report.implementations()) {
            long failed = i.properties().stream().filter(p -> p.status().equals(Report.FAILED)).count();
            out.printf("%s %s ('%s'): properties %s%n", i.name(), i.version(), i.sut(), i.properties().isEmpty() ? "not run"
                    : (i.properties().size() - failed) + " of " + i.properties().size() + " passed");
        }
        for (Report.Simulation s : report.simulations()) {
            out.printf("simulation %s: %s (%d of %d expectations held)%n", s.label(), s.passed() ? "passed" : "FAILED",
                    s.expectations().stream().filter(Report.Expectation::passed).count(), s.expectations().size());
        }
        out.println("report: " + dir.resolve("index.html").toAbsolutePath() + " (also report.json, summary.md, junit.xml)");
        List<Report.Implementation> implementations = report.implementations();
        if (implementations.size() == 1) {
            out.println(implementations.get(0).verdict().summary());
        } else {
            for (Report.Implementation i : implementations) {
                out.println(i.name() + " " + i.version() + ": " + i.verdict().summary());
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
}
