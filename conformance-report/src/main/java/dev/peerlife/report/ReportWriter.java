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
 * no script, nothing fetched), summary.md for CI job summaries and junit.xml for CI dashboards.
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

    // ---------------------------------------------------------------- summary.md

    static String markdown(Report r) {
        StringBuilder md = new StringBuilder();
        md.append("# Conformance report: ").append(r.passed() ? "passed" : "**FAILED**").append("\n\n");
        md.append("| implementation | requirements passed | failed | skipped (unsupported) | not covered | properties |\n");
        md.append("|---|---:|---:|---:|---:|---|\n");
        for (Report.Implementation i : r.implementations()) {
            long propsPassed = i.properties().stream().filter(p -> p.status().equals(Report.PASSED)).count();
            md.append("| ").append(i.name()).append(' ').append(i.version()).append(" (`").append(i.sut()).append("`) | ")
                    .append(i.count(Report.PASSED)).append(" | ").append(i.count(Report.FAILED)).append(" | ")
                    .append(i.count(Report.SKIPPED)).append(" | ").append(i.count(Report.NOT_COVERED)).append(" | ")
                    .append(i.properties().isEmpty() ? "not run" : propsPassed + " of " + i.properties().size() + " passed").append(" |\n");
        }
        for (Report.Implementation i : r.implementations()) {
            for (Report.RequirementResult req : i.requirements()) {
                if (req.status().equals(Report.FAILED) || req.status().equals(Report.NOT_COVERED)) {
                    md.append("\n- ").append(i.name()).append(": **").append(req.id()).append("** ").append(req.status());
                    req.scenarios().stream().filter(s -> s.status().equals(Report.FAILED)).forEach(s ->
                            md.append("\n  - ").append(s.name()).append(": ").append(s.message()));
                }
            }
            i.properties().stream().filter(p -> p.status().equals(Report.FAILED)).forEach(p ->
                    md.append("\n- ").append(i.name()).append(": property **").append(p.name()).append("** failed (seed ")
                            .append(p.seed()).append(")"));
        }
        if (!r.simulations().isEmpty()) {
            md.append("\n\n| simulation | verdict | peers | faults | false timeouts | detection p50/p99 ms | recovery p50/p99 ms |\n");
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

    private static String num(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : "-";
    }

    // ---------------------------------------------------------------- junit.xml

    static String junit(Report r) {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"conformance\">\n");
        for (Report.Implementation i : r.implementations()) {
            x.append("  <testsuite name=\"requirements: ").append(attr(i.name())).append("\" tests=\"").append(i.requirements().size())
                    .append("\" failures=\"").append(i.count(Report.FAILED) + i.count(Report.NOT_COVERED))
                    .append("\" skipped=\"").append(i.count(Report.SKIPPED)).append("\">\n");
            for (Report.RequirementResult req : i.requirements()) {
                long ms = req.scenarios().stream().mapToLong(Report.ScenarioResult::durationMs).sum();
                x.append("    <testcase classname=\"").append(attr(i.name())).append("\" name=\"").append(attr(req.id() + " " + req.title()))
                        .append("\" time=\"").append(String.format(Locale.ROOT, "%.3f", ms / 1000.0)).append("\">");
                switch (req.status()) {
                    case Report.FAILED -> x.append("<failure message=\"").append(attr(req.scenarios().stream()
                            .filter(s -> s.status().equals(Report.FAILED)).map(s -> s.name() + ": " + s.message())
                            .findFirst().orElse("failed"))).append("\"/>");
                    case Report.NOT_COVERED -> x.append("<failure message=\"no scenario covers this requirement\"/>");
                    case Report.SKIPPED -> x.append("<skipped message=\"unsupported by the implementation\"/>");
                    default -> { }
                }
                x.append("</testcase>\n");
            }
            x.append("  </testsuite>\n");
            x.append("  <testsuite name=\"properties: ").append(attr(i.name())).append("\" tests=\"").append(i.properties().size()).append("\">\n");
            for (Report.PropertyResult p : i.properties()) {
                x.append("    <testcase classname=\"").append(attr(i.name())).append("\" name=\"").append(attr(p.name())).append("\" time=\"")
                        .append(String.format(Locale.ROOT, "%.3f", p.durationMs() / 1000.0)).append("\">");
                if (p.status().equals(Report.FAILED)) {
                    x.append("<failure message=\"").append(attr("seed " + p.seed() + ": " + p.failure())).append("\"/>");
                }
                x.append("</testcase>\n");
            }
            x.append("  </testsuite>\n");
        }
        for (Report.Simulation s : r.simulations()) {
            x.append("  <testsuite name=\"simulation: ").append(attr(s.scenario())).append("\" tests=\"").append(s.expectations().size()).append("\">\n");
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

    private static String attr(String s) {
        return esc(s).replace("\"", "&quot;");
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
                .append(".notcovered{background:#eee;color:#a00}.muted{color:#777}details{margin:4px 0}summary{cursor:pointer}")
                .append("code{background:#f4f4f4;padding:0 3px}.verdict{font-size:18px;font-weight:600}svg text{font:11px sans-serif}\n")
                .append("</style></head><body>\n");
        h.append("<h1>Multi-session lifecycle: conformance report</h1>\n<p class=\"muted\">generated ").append(esc(r.generatedAt()))
                .append("</p>\n<p class=\"verdict ").append(r.passed() ? "passed" : "failed").append("\">")
                .append(r.passed() ? "Every requirement passed" : "Failures found").append("</p>\n");

        h.append("<h2 id=\"matrix\">Requirements by implementation</h2>\n<table id=\"requirement-matrix\"><tr><th>ID</th><th>requirement</th><th>source</th>");
        for (Report.Implementation i : r.implementations()) {
            h.append("<th>").append(esc(i.name())).append(" <span class=\"muted\">").append(esc(i.version())).append("</span><br><code>")
                    .append(esc(i.sut())).append("</code></th>");
        }
        h.append("</tr>\n");
        for (Report.Requirement req : r.catalogue()) {
            h.append("<tr><td><b>").append(esc(req.id())).append("</b></td><td>").append(esc(req.title())).append("</td><td>")
                    .append(esc(req.source())).append("</td>");
            for (int n = 0; n < r.implementations().size(); n++) {
                Report.Implementation i = r.implementations().get(n);
                Report.RequirementResult res = i.requirements().stream().filter(x -> x.id().equals(req.id())).findFirst().orElseThrow();
                long ok = res.scenarios().stream().filter(s -> s.status().equals(Report.PASSED)).count();
                h.append("<td class=\"").append(res.status().replace(" ", "")).append("\"><a href=\"#").append(anchor(n, req.id())).append("\">")
                        .append(res.status()).append("</a> <span class=\"muted\">").append(ok).append('/').append(res.scenarios().size())
                        .append("</span></td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");

        for (int n = 0; n < r.implementations().size(); n++) {
            Report.Implementation i = r.implementations().get(n);
            h.append("<h2>Scenarios: ").append(esc(i.name())).append("</h2>\n");
            for (Report.RequirementResult res : i.requirements()) {
                h.append("<details id=\"").append(anchor(n, res.id())).append("\"").append(res.status().equals(Report.FAILED) ? " open" : "")
                        .append("><summary class=\"").append(res.status().replace(" ", "")).append("\"><b>").append(esc(res.id())).append("</b> ")
                        .append(esc(res.title())).append(": ").append(res.status()).append("</summary>\n");
                if (res.scenarios().isEmpty()) {
                    h.append("<p class=\"notcovered\">No scenario is tagged with this requirement.</p>");
                } else {
                    h.append("<table><tr><th>scenario</th><th>feature</th><th>status</th><th>ms</th><th>failure or reason</th></tr>\n");
                    for (Report.ScenarioResult s : res.scenarios()) {
                        h.append("<tr class=\"").append(s.status()).append("\"><td>").append(esc(s.name())).append("</td><td>")
                                .append(esc(s.feature())).append("</td><td>").append(s.status()).append("</td><td>").append(s.durationMs())
                                .append("</td><td>").append(esc(s.message())).append("</td></tr>\n");
                    }
                    h.append("</table>");
                }
                h.append("</details>\n");
            }
            h.append("<h2>Properties: ").append(esc(i.name())).append("</h2>\n");
            if (i.properties().isEmpty()) {
                h.append("<p class=\"muted\">Not run for this implementation.</p>\n");
            } else {
                h.append("<table id=\"properties\"><tr><th>property</th><th>requirements</th><th>status</th><th>tries</th><th>seed</th><th>ms</th><th>counterexample</th></tr>\n");
                for (Report.PropertyResult p : i.properties()) {
                    h.append("<tr class=\"").append(p.status()).append("\"><td>").append(esc(p.name())).append("</td><td>")
                            .append(esc(String.join(", ", p.requirements()))).append("</td><td>").append(p.status()).append("</td><td>")
                            .append(p.tries()).append("</td><td><code>").append(esc(p.seed())).append("</code></td><td>").append(p.durationMs())
                            .append("</td><td>").append(p.counterexample() == null ? "" : "<code>" + esc(p.counterexample()) + "</code><br>"
                                    + esc(p.failure()) + (p.counterexampleFeature() == null ? "" : "<br>Gherkin: <code>" + esc(p.counterexampleFeature()) + "</code>"))
                            .append("</td></tr>\n");
                }
                h.append("</table>\n");
            }
        }

        h.append("<h2 id=\"simulations\">Simulations</h2>\n");
        if (r.simulations().isEmpty()) {
            h.append("<p class=\"muted\">No simulation results were given.</p>\n");
        }
        for (Report.Simulation s : r.simulations()) {
            JsonNode sum = s.summary();
            h.append("<h3 class=\"").append(s.passed() ? "passed" : "failed").append("\">").append(esc(s.scenario())).append(": ")
                    .append(s.passed() ? "passed" : "FAILED").append(" <span class=\"muted\">(Toxiproxy: ").append(esc(s.toxiproxy())).append(")</span></h3>\n");
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
        svg.append("<svg class=\"timeline\" id=\"timeline-").append(esc(s.scenario())).append("\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
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
