package dev.peerlife.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a {@link Report} as report.json, index.html (one self-contained page: inline CSS and SVG,
 * no script, nothing fetched), summary.md for CI job summaries and junit.xml for CI dashboards. Every
 * output leads with the two verdicts, and shows a reference-profile difference apart from a failure.
 */
public final class ReportWriter {

    private static final Map<String, String> STATE_COLOURS = Map.of(
            "LoggedIn", "#2e9e44", "TransportConnected", "#7fb7e6", "LoginPending", "#4f8fd0",
            "TimedOut", "#f08c2e", "ReconnectPending", "#f2c230", "Reconnecting", "#d9a400",
            "Disconnected", "#9a9a9a", "LoginFailed", "#d23b3b");
    private static final int MAX_LANES = 30;

    private ReportWriter() {
    }

    public static void writeAll(Report report, Path out) throws IOException {
        Files.createDirectories(out);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("report.json").toFile(), report);
        Files.writeString(out.resolve("index.html"), html(report));
        Files.writeString(out.resolve("summary.md"), markdown(report));
        Files.writeString(out.resolve("junit.xml"), junit(report));
    }

    // ---------------------------------------------------------------- words shared by the outputs

    /** A requirement's status as a reader should take it: normative ones pass or fail, profile ones match or differ. */
    static String word(Report.RequirementResult r) {
        return switch (r.status()) {
            case Report.PASSED -> r.isNormative() ? "passed" : "matches";
            case Report.FAILED -> r.isNormative() ? "failed" : "differs";
            case Report.SKIPPED -> r.isNormative() ? "not verified (unsupported)" : "not checked (unsupported)";
            default -> r.isNormative() ? "not covered" : "not checked (no check)";
        };
    }

    /** The CSS class of a requirement's cell: profile statuses never take the failure colours. */
    private static String cssClass(Report.RequirementResult r) {
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

    /** A property's failure on one line: its first message line, the seed and the exported counterexample. */
    static String propertyFailure(Report.PropertyResult p) {
        String failure = p.failure() == null ? "no message" : p.failure().lines().findFirst().orElse("").strip();
        return failure + " (seed " + p.seed() + (p.counterexampleFeature() == null ? "" : "; counterexample: "
                + p.counterexampleFeature()) + ")";
    }

    private static String profileShort(Report.Profile p) {
        return p.matched() + " of " + p.total() + " match" + (p.differs().isEmpty() ? "" : "; differs on " + String.join(", ", p.differs()))
                + (p.notChecked().isEmpty() ? "" : "; not checked: " + String.join(", ", p.notChecked()));
    }

    private static long propertiesPassed(Report.Implementation i) {
        return i.properties().stream().filter(p -> p.status().equals(Report.PASSED)).count();
    }

    // ---------------------------------------------------------------- summary.md

    static String markdown(Report r) {
        StringBuilder md = new StringBuilder("# Conformance report\n\n");
        md.append("| implementation | conformance | reference profile | properties |\n|---|---|---|---|\n");
        for (Report.Implementation i : r.implementations()) {
            String conformance = i.verdict().conformance();
            String word = i.verdict().conformant() ? "CONFORMANT" : "NOT CONFORMANT";
            md.append("| ").append(i.name()).append(' ').append(i.version()).append(" (`").append(i.sut()).append("`) | **")
                    .append(word).append("**").append(conformance.substring(word.length())).append(" | ")
                    .append(profileShort(i.verdict().profile())).append(" | ")
                    .append(i.properties().isEmpty() ? "not run" : propertiesPassed(i) + " of " + i.properties().size() + " passed")
                    .append(" |\n");
        }
        for (Report.Implementation i : r.implementations()) {
            Report.Verdicts v = i.verdict();
            md.append("\n## ").append(i.name()).append(' ').append(i.version()).append(": ").append(v.summary()).append("\n");
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
                md.append("| ").append(s.label()).append(" | ").append(s.passed() ? "passed" : "**FAILED**").append(" | ")
                        .append(sum.path("peers").asText()).append(" | ").append(sum.path("faults").asText()).append(" | ")
                        .append(sum.path("falseTimeouts").asText()).append(" | ")
                        .append(num(sum, "detectionP50Ms")).append(" / ").append(num(sum, "detectionP99Ms")).append(" | ")
                        .append(num(sum, "recoveryP50Ms")).append(" / ").append(num(sum, "recoveryP99Ms")).append(" |\n");
            }
        }
        return md.append('\n').toString();
    }

    private static String num(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : "-";
    }

    // ---------------------------------------------------------------- junit.xml

    /**
     * Per implementation three suites: the normative requirements and the normative properties, whose
     * failures are failures; and the reference profile (REF IDs and profile properties), where a
     * difference is a skipped test case saying so, so that a dashboard is not red for it.
     */
    static String junit(Report r) {
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
            suite(x, "simulation: " + s.label(), s.expectations().size(),
                    s.expectations().stream().filter(e -> !e.passed()).count(), 0);
            for (Report.Expectation e : s.expectations()) {
                x.append("    <testcase classname=\"").append(attr(s.scenario() + (s.virtual() ? ".virtual" : ""))).append("\" name=\"").append(attr(e.expectation())).append("\">");
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

    private static String attr(String s) {
        return esc(s).replace("\"", "&quot;").replace("\n", "&#10;");
    }

    // ---------------------------------------------------------------- index.html

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String html(Report r) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Conformance report</title>\n<style>\n")
                .append("body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}h1{margin:0 0 4px}h2{margin-top:32px;border-bottom:1px solid #ddd}")
                .append("table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}")
                .append("th{background:#f4f4f4}.passed{background:#d9f2de}.failed{background:#f8d4d4}.skipped{background:#fff3c4}")
                .append(".notcovered{background:#eee;color:#a00}.matches{background:#e2edf8}.differs{background:#ece3f7;color:#4a2a78}")
                .append(".notchecked{background:#f6f6f6;color:#777}tr.group th{background:#fff;border:0;padding-top:14px;font-size:15px}")
                .append(".muted{color:#777}details{margin:4px 0}summary{cursor:pointer}code{background:#f4f4f4;padding:0 3px}")
                .append(".banner{border:1px solid #ccc;border-left:8px solid #888;padding:8px 12px;margin:12px 0;max-width:1100px}")
                .append(".banner.conformant{border-left-color:#2e9e44}.banner.notconformant{border-left-color:#d23b3b}")
                .append(".banner .verdict{font-size:20px;font-weight:700}.banner.conformant .verdict{color:#1f7a33}")
                .append(".banner.notconformant .verdict{color:#b02525}.banner .profile{color:#4a2a78;margin-top:2px}")
                .append("th.impl{max-width:260px;overflow-wrap:anywhere}h2,h3{overflow-wrap:anywhere}td.id{white-space:nowrap}.banner{overflow-wrap:anywhere}")
                .append("svg text{font:11px sans-serif}\n")
                .append("</style></head><body>\n");
        h.append("<h1>Multi-session lifecycle: conformance report</h1>\n<p class=\"muted\">generated ").append(esc(r.generatedAt()))
                .append("</p>\n<div id=\"verdicts\">\n");
        for (Report.Implementation i : r.implementations()) {
            Report.Verdicts v = i.verdict();
            String word = v.conformant() ? "CONFORMANT" : "NOT CONFORMANT";
            h.append("<div class=\"banner ").append(v.conformant() ? "conformant" : "notconformant").append("\"><div>")
                    .append(esc(i.name())).append(" <span class=\"muted\">").append(esc(i.version())).append("</span> <code>")
                    .append(esc(i.sut())).append("</code></div><div class=\"verdict\">").append(word).append("</div>");
            String detail = v.conformance().substring(word.length()).strip();
            if (!detail.isEmpty()) {
                h.append("<div>").append(esc(detail.substring(1, detail.length() - 1))).append("</div>");
            }
            h.append("<div class=\"profile\">").append(esc(v.profile().summary()))
                    .append(" <span class=\"muted\">(decisions the spec leaves open; a difference is not a failure)</span></div></div>\n");
        }
        h.append("</div>\n");

        h.append("<h2 id=\"matrix\">Requirements by implementation</h2>\n<table id=\"requirement-matrix\"><tr><th>ID</th><th>requirement</th><th>source</th>");
        for (Report.Implementation i : r.implementations()) {
            h.append("<th class=\"impl\">").append(esc(i.name())).append(" <span class=\"muted\">").append(esc(i.version()))
                    .append("</span><br><code>").append(esc(i.sut())).append("</code></th>");
        }
        h.append("</tr>\n");
        int columns = 3 + r.implementations().size();
        matrixGroup(h, r, columns, true, "Normative requirements: they decide CONFORMANT");
        matrixGroup(h, r, columns, false, "Reference profile: decisions the spec leaves open; a difference is not a failure");
        h.append("</table>\n");

        for (int n = 0; n < r.implementations().size(); n++) {
            Report.Implementation i = r.implementations().get(n);
            h.append("<h2>Checks by requirement: ").append(esc(i.name())).append("</h2>\n");
            for (Report.RequirementResult res : i.requirements()) {
                h.append("<details id=\"").append(anchor(n, res.id())).append("\"")
                        .append(res.status().equals(Report.FAILED) && res.isNormative() ? " open" : "")
                        .append("><summary class=\"").append(cssClass(res)).append("\"><b>").append(esc(res.id())).append("</b> ")
                        .append(esc(res.title())).append(": ").append(word(res)).append("</summary>\n");
                if (res.scenarios().isEmpty() && res.properties().isEmpty()) {
                    h.append("<p class=\"").append(cssClass(res)).append("\">No check is tagged with this requirement.</p>");
                } else {
                    h.append("<table><tr><th>check</th><th>feature</th><th>status</th><th>ms</th><th>failure or reason</th></tr>\n");
                    for (Report.ScenarioResult s : res.scenarios()) {
                        h.append("<tr class=\"").append(checkClass(res, s.status())).append("\"><td>").append(esc(s.name()))
                                .append("</td><td>").append(esc(s.feature())).append("</td><td>").append(s.status()).append("</td><td>")
                                .append(s.durationMs()).append("</td><td>").append(esc(s.message())).append("</td></tr>\n");
                    }
                    for (String name : res.properties()) {
                        Report.PropertyResult p = i.property(name);
                        boolean blamed = p.blamedIds().contains(res.id());
                        String status = p.status().equals(Report.FAILED) && !blamed
                                ? "failed on " + String.join(", ", p.blamedIds()) : p.status();
                        h.append("<tr class=\"").append(blamed || !p.status().equals(Report.FAILED) ? checkClass(res, p.status()) : "")
                                .append("\"><td>property <code>").append(esc(p.name())).append("</code></td><td>properties</td><td>")
                                .append(esc(status)).append("</td><td>").append(p.durationMs()).append("</td><td>")
                                .append(p.status().equals(Report.FAILED) ? esc(propertyFailure(p)) : "").append("</td></tr>\n");
                    }
                    h.append("</table>");
                }
                h.append("</details>\n");
            }
            h.append("<h2>Properties: ").append(esc(i.name())).append("</h2>\n");
            if (i.properties().isEmpty()) {
                h.append("<p class=\"muted\">Not run for this implementation.</p>\n");
            } else {
                h.append("<table id=\"properties\"><tr><th>property</th><th>kind</th><th>requirements</th><th>status</th><th>tries</th>")
                        .append("<th>seed</th><th>ms</th><th>failure and counterexample</th></tr>\n");
                for (Report.PropertyResult p : i.properties()) {
                    boolean profile = p.kind().equals(Report.PROFILE);
                    String css = p.status().equals(Report.FAILED) && profile ? "differs" : p.status().equals(Report.PASSED) && profile
                            ? "matches" : p.status();
                    h.append("<tr class=\"").append(css).append("\"><td>").append(esc(p.name())).append("</td><td>").append(p.kind())
                            .append("</td><td>").append(esc(String.join(", ", p.requirements())))
                            .append(p.blamed().isEmpty() ? "" : "<br>blamed: " + esc(String.join(", ", p.blamed())))
                            .append("</td><td>").append(profile && p.status().equals(Report.FAILED) ? "differs" : p.status())
                            .append("</td><td>").append(p.tries()).append("</td><td><code>").append(esc(p.seed())).append("</code></td><td>")
                            .append(p.durationMs()).append("</td><td>")
                            .append(p.failure() == null ? "" : esc(p.failure().lines().findFirst().orElse("")))
                            .append(p.counterexample() == null ? "" : "<br><code>" + esc(p.counterexample()) + "</code>")
                            .append(p.counterexampleFeature() == null ? "" : "<br>Gherkin: <code>" + esc(p.counterexampleFeature()) + "</code>")
                            .append("</td></tr>\n");
                }
                h.append("</table>\n");
            }
            if (!i.verdict().unattributed().isEmpty()) {
                h.append("<h3>Failed checks that name no catalogued requirement</h3>\n<ul>");
                i.verdict().unattributed().forEach(u -> h.append("<li class=\"failed\">").append(esc(u)).append("</li>"));
                h.append("</ul>\n");
            }
        }

        h.append("<h2 id=\"simulations\">Simulations</h2>\n");
        if (r.simulations().isEmpty()) {
            h.append("<p class=\"muted\">No simulation results were given.</p>\n");
        }
        for (Report.Simulation s : r.simulations()) {
            JsonNode sum = s.summary();
            h.append("<h3 class=\"").append(s.passed() ? "passed" : "failed").append("\">").append(esc(s.scenario())).append(": ")
                    .append(s.passed() ? "passed" : "FAILED").append(" <span class=\"muted\">(").append(s.virtual()
                            ? "virtual time against " + esc(s.sut()) + ", seed " + s.seed() + ": replay with bin/simulate --virtual --sut '"
                            + esc(s.sut()) + "' --seed " + s.seed() + " FILE"
                            : "real sockets, Toxiproxy: " + esc(s.toxiproxy())).append(")</span></h3>\n");
            h.append("<table><tr><th>peers</th><th>faults</th><th>timeouts</th><th>reconnects</th><th>detection p50/p99 ms</th>")
                    .append("<th>recovery p50/p99 ms</th><th>false timeouts</th></tr><tr><td>").append(sum.path("peers").asText())
                    .append("</td><td>").append(sum.path("faults").asText()).append("</td><td>").append(sum.path("timeouts").asText())
                    .append("</td><td>").append(sum.path("reconnects").asText()).append("</td><td>").append(num(sum, "detectionP50Ms"))
                    .append(" / ").append(num(sum, "detectionP99Ms")).append("</td><td>").append(num(sum, "recoveryP50Ms")).append(" / ")
                    .append(num(sum, "recoveryP99Ms")).append("</td><td>").append(sum.path("falseTimeouts").asText()).append("</td></tr></table>\n");
            h.append("<ul>");
            for (Report.Expectation e : s.expectations()) {
                h.append("<li class=\"").append(e.passed() ? "passed" : "failed").append("\">").append(e.passed() ? "pass" : "FAIL").append(": ")
                        .append(esc(e.expectation())).append(" <span class=\"muted\">").append(esc(e.detail())).append("</span></li>");
            }
            h.append("</ul>\n").append(swimlanes(s));
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    /** One group of matrix rows: the normative IDs or the profile IDs, each with its cell per implementation. */
    private static void matrixGroup(StringBuilder h, Report r, int columns, boolean normative, String heading) {
        h.append("<tr class=\"group\"><th colspan=\"").append(columns).append("\">").append(esc(heading)).append("</th></tr>\n");
        for (Report.Requirement req : r.catalogue()) {
            if (req.isNormative() != normative) {
                continue;
            }
            h.append("<tr><td class=\"id\"><b>").append(esc(req.id())).append("</b></td><td>").append(esc(req.title())).append("</td><td>")
                    .append(esc(req.source())).append("</td>");
            for (int n = 0; n < r.implementations().size(); n++) {
                Report.RequirementResult res = r.implementations().get(n).requirement(req.id());
                long checks = res.scenarios().size() + res.properties().size();
                long ok = res.scenarios().stream().filter(s -> s.status().equals(Report.PASSED)).count()
                        + res.properties().stream().map(r.implementations().get(n)::property)
                        .filter(p -> p.status().equals(Report.PASSED)).count();
                h.append("<td class=\"").append(cssClass(res)).append("\"><a href=\"#").append(anchor(n, req.id())).append("\">")
                        .append(word(res)).append("</a> <span class=\"muted\">").append(ok).append('/').append(checks)
                        .append("</span></td>");
            }
            h.append("</tr>\n");
        }
    }

    /** The row colour of one check under a requirement: a profile failure is a difference, never failure red. */
    private static String checkClass(Report.RequirementResult req, String status) {
        if (req.isNormative()) {
            return status;
        }
        return switch (status) {
            case Report.PASSED -> "matches";
            case Report.FAILED -> "differs";
            default -> "notchecked";
        };
    }

    private static String anchor(int implementation, String id) {
        return "impl" + implementation + "-" + id;
    }

    /** Server-side states of each peer over time, as coloured bars, with the faults marked over them. */
    static String swimlanes(Report.Simulation s) {
        List<String> faulted = new ArrayList<>();
        s.faults().forEach(f -> {
            if (!faulted.contains(f.path("peer").asText())) {
                faulted.add(f.path("peer").asText());
            }
        });
        List<String> lanes = new ArrayList<>(faulted);
        for (String peer : s.timelines().keySet()) {
            if (lanes.size() >= MAX_LANES) {
                break;
            }
            if (!lanes.contains(peer)) {
                lanes.add(peer);
            }
        }
        lanes = lanes.subList(0, Math.min(MAX_LANES, lanes.size()));
        int label = 80;
        int plot = 900;
        int laneHeight = 16;
        int top = 20;
        double duration = Math.max(1, s.durationMs());
        int height = top + lanes.size() * laneHeight + 40;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"timeline\" id=\"timeline-").append(esc(s.scenario() + (s.virtual() ? "-virtual" : ""))).append("\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(label + plot + 20).append("\" height=\"").append(height).append("\" role=\"img\" aria-label=\"server-side states per peer over time\">\n");
        for (int t = 0; t <= duration; t += (int) Math.max(1000, Math.ceil(duration / 10000.0) * 1000)) {
            double x = label + t / duration * plot;
            svg.append("<line x1=\"").append(fmt(x)).append("\" y1=\"").append(top - 4).append("\" x2=\"").append(fmt(x)).append("\" y2=\"")
                    .append(top + lanes.size() * laneHeight).append("\" stroke=\"#eee\"/><text x=\"").append(fmt(x)).append("\" y=\"12\">")
                    .append(t / 1000).append("s</text>\n");
        }
        for (int n = 0; n < lanes.size(); n++) {
            String peer = lanes.get(n);
            int y = top + n * laneHeight;
            svg.append("<text x=\"2\" y=\"").append(y + 12).append("\">").append(esc(peer)).append("</text>\n");
            String state = "Disconnected";
            double from = 0;
            JsonNode marks = s.timelines().get(peer);
            if (marks != null) {
                for (JsonNode m : marks) {
                    if (!m.path("side").asText().equals("server")) {
                        continue;
                    }
                    String next = m.path("to").asText();
                    if (next.equals(state)) {
                        continue; // heartbeats and other same-state events do not split a bar
                    }
                    double t = Math.min(duration, m.path("tMs").asDouble());
                    bar(svg, label, plot, duration, y, from, t, state, laneHeight);
                    state = next;
                    from = t;
                }
            }
            bar(svg, label, plot, duration, y, from, duration, state, laneHeight);
        }
        for (JsonNode f : s.faults()) {
            int n = lanes.indexOf(f.path("peer").asText());
            if (n < 0) {
                continue;
            }
            double x1 = label + f.path("startMs").asDouble() / duration * plot;
            double x2 = label + Math.min(duration, f.path("endMs").asDouble()) / duration * plot;
            int y = top + n * laneHeight;
            svg.append("<rect class=\"fault\" x=\"").append(fmt(x1)).append("\" y=\"").append(y).append("\" width=\"")
                    .append(fmt(Math.max(1, x2 - x1))).append("\" height=\"").append(laneHeight - 2)
                    .append("\" fill=\"none\" stroke=\"#c00\" stroke-width=\"2\"><title>")
                    .append(esc(f.path("toxic").asText() + " " + f.path("startMs").asLong() + "-" + f.path("endMs").asLong() + " ms"))
                    .append("</title></rect>\n");
        }
        int legendY = top + lanes.size() * laneHeight + 16;
        int x = label;
        for (String st : List.of("LoggedIn", "TransportConnected", "LoginPending", "TimedOut", "ReconnectPending", "Reconnecting",
                "Disconnected", "LoginFailed")) {
            svg.append("<rect x=\"").append(x).append("\" y=\"").append(legendY - 9).append("\" width=\"10\" height=\"10\" fill=\"")
                    .append(STATE_COLOURS.get(st)).append("\"/><text x=\"").append(x + 13).append("\" y=\"").append(legendY).append("\">")
                    .append(st).append("</text>\n");
            x += 13 + st.length() * 6 + 14;
        }
        svg.append("<rect x=\"").append(x).append("\" y=\"").append(legendY - 9)
                .append("\" width=\"10\" height=\"10\" fill=\"none\" stroke=\"#c00\" stroke-width=\"2\"/><text x=\"").append(x + 13)
                .append("\" y=\"").append(legendY).append("\">fault</text>\n");
        svg.append("</svg>\n");
        int shown = lanes.size();
        String note = shown < s.timelines().size()
                ? "<p class=\"muted\">Showing " + shown + " of " + s.timelines().size() + " peers: every faulted peer first.</p>\n" : "";
        return note + svg;
    }

    private static void bar(StringBuilder svg, int label, int plot, double duration, int y, double from, double to, String state, int h) {
        if (to <= from) {
            return;
        }
        svg.append("<rect x=\"").append(fmt(label + from / duration * plot)).append("\" y=\"").append(y).append("\" width=\"")
                .append(fmt(Math.max(0.5, (to - from) / duration * plot))).append("\" height=\"").append(h - 2).append("\" fill=\"")
                .append(STATE_COLOURS.getOrDefault(state, "#ccc")).append("\"><title>").append(esc(state)).append("</title></rect>\n");
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
