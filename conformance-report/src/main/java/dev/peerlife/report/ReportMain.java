package dev.peerlife.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code report --run DIR [--run DIR ...] [--simulations DIR ...] [--out target/conformance]}: builds
 * the report from the given runs and simulation folders, writes report.json, index.html, summary.md
 * and junit.xml, prints a compact summary and exits 1 if anything failed or is not covered.
 */
public final class ReportMain {

    private ReportMain() {
    }

    public static void main(String[] args) throws Exception {
        List<Path> runs = new ArrayList<>();
        List<Path> simulations = new ArrayList<>();
        Path out = Path.of("target/conformance");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--run" -> runs.add(Path.of(args[i + 1]));
                case "--simulations" -> simulations.add(Path.of(args[i + 1]));
                case "--out" -> out = Path.of(args[i + 1]);
                default -> {
                    System.err.println("unknown option " + args[i]
                            + "; usage: report --run DIR [--run DIR ...] [--simulations DIR ...] [--out DIR]");
                    System.exit(2);
                }
            }
        }
        ReportBuilder builder = new ReportBuilder();
        for (Path run : runs) {
            builder.addRun(run);
        }
        for (Path dir : simulations) {
            builder.addSimulations(dir);
        }
        Report report = builder.build();
        ReportWriter.writeAll(report, out);
        for (Report.Implementation i : report.implementations()) {
            long props = i.properties().stream().filter(p -> p.status().equals(Report.PASSED)).count();
            System.out.printf("%s %s: requirements %d passed, %d failed, %d skipped (unsupported), %d not covered; properties %s%n",
                    i.name(), i.version(), i.count(Report.PASSED), i.count(Report.FAILED), i.count(Report.SKIPPED),
                    i.count(Report.NOT_COVERED), i.properties().isEmpty() ? "not run" : props + " of " + i.properties().size() + " passed");
        }
        for (Report.Simulation s : report.simulations()) {
            System.out.printf("simulation %s: %s (%d of %d expectations held)%n", s.scenario(), s.passed() ? "passed" : "FAILED",
                    s.expectations().stream().filter(Report.Expectation::passed).count(), s.expectations().size());
        }
        System.out.println("report: " + out.resolve("index.html").toAbsolutePath() + " (also report.json, summary.md, junit.xml)");
        System.out.println(report.passed() ? "CONFORMANT" : "NOT CONFORMANT");
        System.exit(report.passed() ? 0 : 1);
    }
}
