package dev.peerlife.report;

import java.util.List;
import java.util.Locale;

import static dev.peerlife.report.Words.attr;
import static dev.peerlife.report.Words.esc;
import static dev.peerlife.report.Words.failures;
import static dev.peerlife.report.Words.propertyFailure;

/**
 * junit.xml, for CI dashboards: per implementation a suite of the normative requirements and one of the
 * normative properties, whose failures are failures, and one of the reference profile, where a
 * difference is a skipped test case saying so; then a suite per simulation. Stateless.
 */
final class JunitXml {

    private JunitXml() {
    }

    /**
     * Per implementation three suites: the normative requirements and the normative properties, whose
     * failures are failures; and the reference profile (REF IDs and profile properties), where a
     * difference is a skipped test case saying so, so that a dashboard is not red for it.
     */
    static String of(Report r) {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"conformance\">\n");
        for (Report.Implementation i : r.implementations()) {
            List<Report.RequirementResult> normative = i.requirements().stream().filter(Report.RequirementResult::isNormative).toList();
            List<Report.RequirementResult> profile = i.requirements().stream().filter(req -> !req.isNormative()).toList();
            List<Report.PropertyResult> normativeProperties = i.properties().stream().filter(p -> p.kind().equals(Report.NORMATIVE)).toList();
            List<Report.PropertyResult> profileProperties = i.properties().stream().filter(p -> p.kind().equals(Report.PROFILE)).toList();

            suite(x, "normative requirements: " + i.name(), normative.size(),
                    normative.stream().filter(req -> req.status().equals(Report.FAILED) || req.status().equals(Report.NOT_COVERED)).count(),
                    normative.stream().filter(req -> req.status().equals(Report.SKIPPED)).count());
            for (Report.RequirementResult req : normative) {
                testcase(x, i.name(), req.id() + " " + req.title(), durationMs(req));
                switch (req.status()) {
                    case Report.FAILED -> failure(x, "failure", failures(i, req));
                    case Report.NOT_COVERED -> x.append("<failure message=\"no check covers this requirement\"/>");
                    case Report.SKIPPED -> x.append("<skipped message=\"not verified: unsupported by the implementation\"/>");
                    default -> { }
                }
                x.append("</testcase>\n");
            }
            x.append("  </testsuite>\n");

            suite(x, "normative properties: " + i.name(), normativeProperties.size(),
                    normativeProperties.stream().filter(p -> p.status().equals(Report.FAILED)).count(),
                    normativeProperties.stream().filter(p -> p.status().equals(Report.SKIPPED)).count());
            for (Report.PropertyResult p : normativeProperties) {
                property(x, i.name(), p, "failure", "");
            }
            x.append("  </testsuite>\n");

            suite(x, "reference profile: " + i.name(), profile.size() + profileProperties.size(), 0,
                    profile.stream().filter(req -> !req.status().equals(Report.PASSED)).count()
                            + profileProperties.stream().filter(p -> !p.status().equals(Report.PASSED)).count());
            for (Report.RequirementResult req : profile) {
                testcase(x, i.name(), req.id() + " " + req.title(), durationMs(req));
                switch (req.status()) {
                    case Report.FAILED -> failure(x, "skipped", failures(i, req).stream()
                            .map(f -> "differs from the reference profile: " + f).toList());
                    case Report.SKIPPED -> x.append("<skipped message=\"not checked: unsupported by the implementation\"/>");
                    case Report.NOT_COVERED -> x.append("<skipped message=\"not checked: no check covers it\"/>");
                    default -> { }
                }
                x.append("</testcase>\n");
            }
            for (Report.PropertyResult p : profileProperties) {
                property(x, i.name(), p, "skipped", "differs from the reference profile: ");
            }
            x.append("  </testsuite>\n");
        }
        for (Report.Simulation s : r.simulations()) {
            suite(x, "simulation: " + s.scenario(), s.expectations().size(),
                    s.expectations().stream().filter(e -> !e.passed()).count(), 0);
            for (Report.Expectation e : s.expectations()) {
                x.append("    <testcase classname=\"").append(attr(s.scenario())).append("\" name=\"").append(attr(e.expectation())).append("\">");
                if (!e.passed()) {
                    x.append("<failure message=\"").append(attr(e.detail())).append("\"/>");
                }
                x.append("</testcase>\n");
            }
            x.append("  </testsuite>\n");
        }
        return x.append("</testsuites>\n").toString();
    }

    private static void suite(StringBuilder x, String name, long tests, long failures, long skipped) {
        x.append("  <testsuite name=\"").append(attr(name)).append("\" tests=\"").append(tests).append("\" failures=\"").append(failures)
                .append("\" skipped=\"").append(skipped).append("\">\n");
    }

    private static void testcase(StringBuilder x, String classname, String name, long ms) {
        x.append("    <testcase classname=\"").append(attr(classname)).append("\" name=\"").append(attr(name)).append("\" time=\"")
                .append(String.format(Locale.ROOT, "%.3f", ms / 1000.0)).append("\">");
    }

    /** A failure or skipped element: the first line as its message, all lines as its text. */
    private static void failure(StringBuilder x, String element, List<String> lines) {
        String first = lines.isEmpty() ? "failed" : lines.get(0);
        x.append('<').append(element).append(" message=\"").append(attr(first)).append("\">").append(esc(String.join("\n", lines)))
                .append("</").append(element).append('>');
    }

    private static void property(StringBuilder x, String classname, Report.PropertyResult p, String failureElement, String prefix) {
        testcase(x, classname, p.name() + " (" + String.join(", ", p.requirements()) + ")", p.durationMs());
        if (p.status().equals(Report.FAILED)) {
            failure(x, failureElement, List.of(prefix + propertyFailure(p)
                    + (p.blamed().isEmpty() ? "" : "; blamed on " + String.join(", ", p.blamed()))));
        } else if (p.status().equals(Report.SKIPPED)) {
            x.append("<skipped message=\"unsupported by the implementation\"/>");
        }
        x.append("</testcase>\n");
    }

    private static long durationMs(Report.RequirementResult req) {
        return req.scenarios().stream().mapToLong(Report.ScenarioResult::durationMs).sum();
    }
}
