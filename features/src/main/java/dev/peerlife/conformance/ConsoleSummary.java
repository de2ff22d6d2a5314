package dev.peerlife.conformance;

import dev.peerlife.conformance.spi.SutDescription;
import dev.peerlife.conformance.verdict.PropertyResult;
import dev.peerlife.conformance.verdict.RequirementVerdict;
import dev.peerlife.conformance.verdict.ScenarioResult;
import dev.peerlife.conformance.verdict.Status;
import dev.peerlife.conformance.verdict.Verdict;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The main job's summary of one run in plain words: every requirement, normative ones first, with each
 * failure's message; every property with its failure, blame and seed; then the two verdicts.
 */
final class ConsoleSummary {

    private ConsoleSummary() {
    }

    static void print(PrintStream out, String sut, SutDescription who, Verdict verdict) {
        List<ScenarioResult> scenarios = verdict.scenarios();
        List<PropertyResult> properties = verdict.properties();
        out.printf("%nConformance of %s %s ('%s'): %d scenarios (%s); %d properties (%s)%n", who.name(), who.version(), sut,
                scenarios.size(), counts(scenarios.stream().map(ScenarioResult::status).toList()),
                properties.size(), counts(properties.stream().map(PropertyResult::status).toList()));

        out.println("\nNormative requirements (they decide conformance):");
        verdict.requirements().stream().filter(RequirementVerdict::isNormative).forEach(r -> requirement(out, r));
        out.println("\nReference profile (decisions the spec leaves open; a difference does not change conformance):");
        verdict.requirements().stream().filter(r -> !r.isNormative()).forEach(r -> requirement(out, r));

        if (!properties.isEmpty()) {
            out.println("\nProperties:");
            for (PropertyResult p : properties) {
                String kind = verdict.isProfile(p) ? "profile" : "normative";
                out.printf("  %-7s %s (%s, %s; %d tries, %s)%n", word(p.status()), p.name(), kind, String.join(", ", p.requirements()),
                        p.tries(), String.format(Locale.ROOT, "%.1f s", p.durationMs() / 1000.0));
                if (p.status() == Status.FAILED) {
                    out.println("          " + propertyFailure(p));
                }
            }
        }
        List<ScenarioResult> strayScenarios = verdict.unattributedFailedScenarios();
        List<PropertyResult> strayProperties = verdict.unattributedFailedProperties();
        if (!strayScenarios.isEmpty() || !strayProperties.isEmpty()) {
            out.println("\nFailed checks that name no catalogued requirement (they decide nothing; tag them):");
            strayScenarios.forEach(s -> out.println("  - scenario \"" + s.name() + "\" " + s.ids() + ": " + s.message()));
            strayProperties.forEach(p -> out.println("  - property " + p.name() + " " + p.requirements() + ": " + propertyFailure(p)));
        }
        out.println();
        out.println("Conformance: " + verdict.conformance());
        out.println("Reference profile: " + verdict.profile());
    }

    private static void requirement(PrintStream out, RequirementVerdict r) {
        out.printf("  %-6s %-26s %s%n", r.id(), word(r), r.checks() == 0 ? r.requirement().title()
                : r.passedChecks() + " of " + r.checks() + " checks passed: " + r.requirement().title());
        for (ScenarioResult s : r.failedScenarios()) {
            out.println("           - scenario \"" + s.name() + "\": " + s.message());
        }
        for (PropertyResult p : r.failedProperties()) {
            out.println("           - property " + p.name() + ": " + firstLine(p.failure()) + " (seed " + p.seed() + ")");
        }
    }

    /** How a requirement reads: normative ones pass or fail, profile ones match or differ. */
    static String word(RequirementVerdict r) {
        return switch (r.status()) {
            case PASSED -> r.isNormative() ? "passed" : "matches";
            case FAILED -> r.isNormative() ? "FAILED" : "differs";
            case SKIPPED -> r.isNormative() ? "not verified (unsupported)" : "not checked (unsupported)";
            case NOT_COVERED -> r.isNormative() ? "NOT COVERED (no check)" : "not checked (no check)";
        };
    }

    private static String word(Status status) {
        return status == Status.FAILED ? "FAILED" : status.label();
    }

    /** A property failure on one line: message, blame, seed and the exported counterexample. */
    static String propertyFailure(PropertyResult p) {
        StringBuilder s = new StringBuilder(firstLine(p.failure()));
        if (!p.blamed().isEmpty()) {
            s.append(" (blamed on ").append(String.join(", ", p.blamed())).append(')');
        }
        s.append("; seed ").append(p.seed());
        if (p.notReproduced()) {
            s.append("; not reproduced: its sample passed when run again (flaky), nothing exported");
        }
        if (p.counterexampleFeature() != null) {
            s.append("; counterexample: ").append(p.counterexampleFeature());
        }
        return s.toString();
    }

    private static String counts(List<Status> statuses) {
        long passed = statuses.stream().filter(s -> s == Status.PASSED).count();
        long failed = statuses.stream().filter(s -> s == Status.FAILED).count();
        long skipped = statuses.stream().filter(s -> s == Status.SKIPPED).count();
        return passed + " passed, " + failed + " failed, " + skipped + " skipped (unsupported)";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no message";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
