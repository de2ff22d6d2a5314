package dev.peerlife.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The words every output shares, so that index.html, summary.md and junit.xml say the same thing the
 * same way: a requirement's status (normative ones pass or fail, profile ones match or differ), a failed
 * check on one line, a property's failure with its seed and counterexample. Stateless.
 */
final class Words {

    private Words() {
    }

    /** A requirement's status as a reader should take it: normative ones pass or fail, profile ones match or differ. */
    static String word(Report.RequirementResult r) {
        return switch (r.status()) {
            case Report.PASSED -> r.isNormative() ? "passed" : "matches";
            case Report.FAILED -> r.isNormative() ? "failed" : "differs";
            case Report.SKIPPED -> r.isNormative() ? "not verified (unsupported)" : "not checked (unsupported)";
            default -> r.isNormative() ? "not covered" : "not checked (no check)";
        };
    }

    /** The CSS class of a requirement's status: profile statuses never take the failure colours. */
    static String cssClass(Report.RequirementResult r) {
        if (r.isNormative()) {
            return r.status().replace(" ", "");
        }
        return switch (r.status()) {
            case Report.PASSED -> "matches";
            case Report.FAILED -> "differs";
            default -> "notchecked";
        };
    }

    /** Each check that failed on a requirement, one per line: scenarios with their message, properties with message and seed. */
    static List<String> failures(Report.Implementation i, Report.RequirementResult r) {
        List<String> out = new ArrayList<>();
        r.scenarios().stream().filter(s -> s.status().equals(Report.FAILED))
                .forEach(s -> out.add("scenario \"" + s.name() + "\": " + s.message()));
        r.properties().stream().map(i::property).filter(p -> p.status().equals(Report.FAILED) && p.blamedIds().contains(r.id()))
                .forEach(p -> out.add("property " + p.name() + ": " + propertyFailure(p)));
        return out;
    }

    /** A property's failure on one line: its first message line, the seed, and the exported counterexample or why there is none. */
    static String propertyFailure(Report.PropertyResult p) {
        return firstLine(p.failure()) + " (seed " + p.seed()
                + (p.notReproduced() ? "; not reproduced: its sample passed when run again (flaky), nothing exported" : "")
                + (p.counterexampleFeature() == null ? "" : "; counterexample: " + p.counterexampleFeature()) + ")";
    }

    /** What shrinking did with a failure, in words; empty when there was nothing to shrink. */
    static String shrinking(Report.PropertyResult p) {
        if (!p.status().equals(Report.FAILED) || p.shrinkRuns() == 0) {
            return "";
        }
        return p.shrinkingCutShort()
                ? "shrinking stopped at its budget after " + p.shrinkRuns() + " runs: the sample may not be minimal"
                : "shrunk in " + p.shrinkRuns() + " runs";
    }

    static String firstLine(String s) {
        return s == null ? "no message" : s.lines().findFirst().orElse("").strip();
    }

    static String profileShort(Report.Profile p) {
        return p.matched() + " of " + p.total() + " match" + (p.differs().isEmpty() ? "" : "; differs on " + String.join(", ", p.differs()))
                + (p.notChecked().isEmpty() ? "" : "; not checked: " + String.join(", ", p.notChecked()));
    }

    static long propertiesPassed(Report.Implementation i) {
        return i.properties().stream().filter(p -> p.status().equals(Report.PASSED)).count();
    }

    /** How many of a requirement's checks (scenarios and the properties tagged with or blaming it) passed. */
    static long checksPassed(Report.Implementation i, Report.RequirementResult r) {
        return r.scenarios().stream().filter(s -> s.status().equals(Report.PASSED)).count()
                + r.properties().stream().map(i::property).filter(p -> p.status().equals(Report.PASSED)).count();
    }

    static long checks(Report.RequirementResult r) {
        return r.scenarios().size() + r.properties().size();
    }

    /** An implementation as a reader names it: its name and, when it says one, its version. */
    static String who(Report.Implementation i) {
        return i.name() + (hasVersion(i.version()) ? " " + i.version() : "");
    }

    static boolean hasVersion(String version) {
        return version != null && !version.isBlank() && !version.equals("unknown");
    }

    /** A field's text, or {@code orElse} when it is absent or null. */
    static String text(JsonNode n, String field, String orElse) {
        return n.hasNonNull(field) ? n.get(field).asText() : orElse;
    }

    static String num(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : "-";
    }

    static String ms(long ms) {
        return String.format(Locale.ROOT, "%,d ms", ms);
    }

    /** Text for HTML and XML element content. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Text for an HTML or XML attribute value in double quotes. */
    static String attr(String s) {
        return esc(s).replace("\"", "&quot;").replace("\n", "&#10;");
    }
}
