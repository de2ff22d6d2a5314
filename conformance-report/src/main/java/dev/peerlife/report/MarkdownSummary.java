package dev.peerlife.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

import static dev.peerlife.report.Words.failures;
import static dev.peerlife.report.Words.num;
import static dev.peerlife.report.Words.profileShort;
import static dev.peerlife.report.Words.propertiesPassed;

/**
 * summary.md, for CI job summaries: both verdicts per implementation first, then each normative failure
 * with its message (property failures with their seed and counterexample), the requirements not
 * verified, the profile differences, and the simulations. Stateless.
 */
final class MarkdownSummary {

    private MarkdownSummary() {
    }

    static String of(Report r) {
        StringBuilder md = new StringBuilder("# Conformance report\n\n");
        md.append("| implementation | conformance | reference profile | properties |\n|---|---|---|---|\n");
        for (Report.Implementation i : r.implementations()) {
            String conformance = i.verdict().conformance();
            String word = i.verdict().conformant() ? "CONFORMANT" : "NOT CONFORMANT";
            md.append("| ").append(label(i)).append(" | **")
                    .append(word).append("**").append(conformance.substring(word.length())).append(" | ")
                    .append(profileShort(i.verdict().profile())).append(" | ")
                    .append(i.properties().isEmpty() ? "not run" : propertiesPassed(i) + " of " + i.properties().size() + " passed")
                    .append(" |\n");
        }
        for (Report.Implementation i : r.implementations()) {
            Report.Verdicts v = i.verdict();
            md.append("\n## ").append(Words.who(i)).append(": ").append(v.summary()).append("\n");
            List<Report.RequirementResult> bad = i.requirements().stream().filter(req -> req.isNormative()
                    && (req.status().equals(Report.FAILED) || req.status().equals(Report.NOT_COVERED))).toList();
            if (!bad.isEmpty()) {
                md.append("\nNormative requirements not met (they decide conformance):\n");
                for (Report.RequirementResult req : bad) {
                    md.append("\n- **").append(req.id()).append("** ").append(req.status()).append(": ").append(req.title());
                    if (req.status().equals(Report.NOT_COVERED)) {
                        md.append("\n  - no check covers it");
                    }
                    failures(i, req).forEach(f -> md.append("\n  - ").append(f));
                }
                md.append('\n');
            }
            if (!v.notVerified().isEmpty()) {
                md.append("\nNot verified, unsupported by the implementation: ").append(String.join(", ", v.notVerified())).append('\n');
            }
            List<Report.RequirementResult> differs = i.requirements().stream()
                    .filter(req -> !req.isNormative() && req.status().equals(Report.FAILED)).toList();
            if (!differs.isEmpty()) {
                md.append("\nDifferences from the reference profile (decisions the spec leaves open; not failures):\n");
                for (Report.RequirementResult req : differs) {
                    md.append("\n- **").append(req.id()).append("** differs: ").append(req.title());
                    failures(i, req).forEach(f -> md.append("\n  - ").append(f));
                }
                md.append('\n');
            }
            if (!v.unattributed().isEmpty()) {
                md.append("\nFailed checks that name no catalogued requirement (they decide nothing; tag them):\n");
                v.unattributed().forEach(u -> md.append("\n- ").append(u));
                md.append('\n');
            }
        }
        if (!r.simulations().isEmpty()) {
            md.append("\n| simulation | verdict | peers | faults | false timeouts | detection p50/p99 ms | recovery p50/p99 ms |\n");
            md.append("|---|---|---:|---:|---:|---|---|\n");
            for (Report.Simulation s : r.simulations()) {
                JsonNode sum = s.summary();
                md.append("| ").append(s.scenario()).append(" | ").append(s.passed() ? "passed" : "**FAILED**").append(" | ")
                        .append(sum.path("peers").asText()).append(" | ").append(sum.path("faults").asText()).append(" | ")
                        .append(sum.path("falseTimeouts").asText()).append(" | ")
                        .append(num(sum, "detectionP50Ms")).append(" / ").append(num(sum, "detectionP99Ms")).append(" | ")
                        .append(num(sum, "recoveryP50Ms")).append(" / ").append(num(sum, "recoveryP99Ms")).append(" |\n");
            }
        }
        return md.append('\n').toString();
    }

    /** An implementation's name, then its version and how it ran (when that is not just its name) in brackets. */
    static String label(Report.Implementation i) {
        List<String> more = new java.util.ArrayList<>();
        if (Words.hasVersion(i.version())) {
            more.add("version " + i.version());
        }
        if (!i.sut().equals(i.name())) {
            more.add("`" + i.sut() + "`");
        }
        return i.name() + (more.isEmpty() ? "" : " (" + String.join("; ", more) + ")");
    }
}
