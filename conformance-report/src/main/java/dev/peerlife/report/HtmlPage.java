package dev.peerlife.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.peerlife.report.Words.attr;
import static dev.peerlife.report.Words.cssClass;
import static dev.peerlife.report.Words.esc;
import static dev.peerlife.report.Words.word;

/**
 * index.html: one self-contained page (inline CSS and SVG; no script; nothing fetched) that a reader
 * understands in ten seconds and can dig into. From the top: a verdict banner per implementation (both
 * verdicts, the counts behind them, every named ID a link), how to read the page, the
 * requirement-by-implementation matrix linking each cell to its checks, per implementation every
 * requirement's checks and the property results (each row with an anchor of its own), the fault
 * simulations with their swimlanes, and the earlier runs given for a trend. Status is always said in
 * words as well as colour; tables have captions and header scopes; the layout fits a narrow window
 * without a horizontal scrollbar. Stateless.
 */
final class HtmlPage {

    private static final Pattern ID = Pattern.compile("\\b((?:MSL|PRO|NSL|SNF|SRE|REF)-\\d+)\\b");

    private static final String CSS = """
            *{box-sizing:border-box}
            body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;padding:16px 20px;max-width:1240px;color:#1b1b1b;background:#fff}
            h1{font-size:24px;margin:0 0 4px}h2{font-size:20px;margin:36px 0 8px;border-bottom:1px solid #d6d6d6;padding-bottom:2px}
            h3{font-size:17px;margin:20px 0 6px}h1,h2,h3,p,li,summary{overflow-wrap:anywhere}
            a{color:#0b57b0}nav a{white-space:nowrap}
            .muted{color:#5f5f5f}.small{font-size:13px}
            code{font:13px/1.4 ui-monospace,Menlo,Consolas,monospace;background:#f3f3f3;padding:0 3px;overflow-wrap:anywhere}
            table{border-collapse:collapse;margin:8px 0;width:100%}
            td,th{border:1px solid #d6d6d6;padding:4px 8px;text-align:left;vertical-align:top}td,th.impl{overflow-wrap:anywhere}
            thead th{background:#efefef}tbody th{font-weight:normal}
            caption{text-align:left;padding:4px 0;color:#3d3d3d}
            .sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap}
            .passed{background:#dcf3e1}.failed{background:#f9d5d5}.skipped{background:#fff3c4}.notcovered{background:#efefef;color:#9b0000}
            .matches{background:#e2ecf8}.differs{background:#ece2f8;color:#46247a}.notchecked{background:#f5f5f5;color:#5f5f5f}
            .icon{display:inline-block;width:1.1em;text-align:center;font-weight:700}
            .banners{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}
            .banner{flex:1 1 340px;min-width:0;border:1px solid #c9c9c9;border-left:10px solid #888;padding:8px 14px;background:#fff}
            .banner h3{margin:0;font-size:17px}.banner p{margin:4px 0}
            .banner.conformant{border-left-color:#2e8b3e}.banner.notconformant{border-left-color:#c62828}
            .banner .verdict{font-size:22px;font-weight:700}.banner.conformant .verdict{color:#1d6b2c}.banner.notconformant .verdict{color:#a51d1d}
            .banner .profile{color:#46247a}
            .simline{margin:4px 0 0}
            details{margin:4px 0}summary{cursor:pointer;padding:2px 6px}
            details.req>summary{border-radius:3px}details.req table{margin:4px 0 10px}
            .id{font-weight:700;white-space:nowrap}.source{font-size:12px;color:#5f5f5f;border:1px solid #ccc;border-radius:3px;padding:0 4px;white-space:nowrap}
            .self{color:#8a8a8a;text-decoration:none;margin-left:4px}.self:hover{color:#0b57b0}
            table.matrix th.impl{width:24%}table.matrix td a{color:inherit}
            tr.group th{background:#fff;border:0;padding-top:14px;font-size:15px;font-weight:700}
            table.checks tbody th{width:36%}table.properties tbody th{width:30%}
            table.checks td:nth-child(2),table.properties td:nth-child(2){width:18%}
            .sample{display:block;max-height:9em;overflow-y:auto;white-space:pre-wrap;margin-top:4px}
            ul.expectations,ul.trend{padding-left:0;list-style:none;margin:0}ul.expectations li,ul.trend li{padding:2px 6px;margin:2px 0}
            table.figures{width:auto;min-width:50%}
            figure.swimlanes{margin:10px 0}figcaption{color:#3d3d3d;margin-bottom:4px}
            ul.legend{list-style:none;padding:0;margin:4px 0 6px;display:flex;flex-wrap:wrap;gap:4px 16px;font-size:13px}
            .swatch{display:inline-block;width:14px;height:12px;margin-right:5px;vertical-align:-1px;border:1px solid #777}
            .swatch.marker{border:0;width:auto;height:auto;font-size:12px;color:#333}
            .swatch.fault{border:1.5px dashed #d7191c;border-bottom:3px solid #d7191c}.swatch.blank{background:#fff}
            svg.timeline{width:100%;height:auto;display:block}svg text{font:12px system-ui,sans-serif;fill:#1b1b1b}
            svg text.inbar{font-size:10px;pointer-events:none}svg text.tick{fill:#5f5f5f;font-size:11px}
            svg.tl-narrow{display:none}
            @media (max-width:720px){body{padding:10px}svg.tl-wide{display:none}svg.tl-narrow{display:block}
              td,th{padding:3px 5px}table.matrix th.impl{width:30%}.banner{flex-basis:100%}}
            """;

    private HtmlPage() {
    }

    static String of(Report r) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Conformance report: ")
                .append(esc(String.join("; ", r.implementations().stream().map(i -> i.name() + " "
                        + (i.verdict().conformant() ? "CONFORMANT" : "NOT CONFORMANT")).toList()))).append("</title>\n<style>\n")
                .append(CSS).append("</style></head><body>\n");
        header(h, r);
        h.append("<main>\n");
        verdicts(h, r);
        reading(h);
        matrix(h, r);
        for (int n = 0; n < r.implementations().size(); n++) {
            checks(h, r.implementations().get(n), n);
        }
        simulations(h, r);
        trend(h, r);
        h.append("</main>\n</body></html>\n");
        return h.toString();
    }

    private static void header(StringBuilder h, Report r) {
        long normative = r.catalogue().stream().filter(Report.Requirement::isNormative).count();
        h.append("<header><h1>Multi-session lifecycle: conformance report</h1>\n<p class=\"muted\">Generated <time datetime=\"")
                .append(attr(r.generatedAt())).append("\">").append(esc(readableTime(r.generatedAt()))).append("</time> for ")
                .append(r.implementations().size()).append(r.implementations().size() == 1 ? " implementation" : " implementations")
                .append(", against the catalogue's ").append(normative).append(" normative requirements and ")
                .append(r.catalogue().size() - normative).append(" reference-profile decisions.</p>\n")
                .append("<nav aria-label=\"Sections\" class=\"small\"><a href=\"#verdicts\">Verdicts</a> · <a href=\"#reading\">How to read</a>")
                .append(" · <a href=\"#matrix\">Requirements</a>");
        for (int n = 0; n < r.implementations().size(); n++) {
            h.append(" · <a href=\"#impl").append(n).append("\">Checks of ").append(esc(r.implementations().get(n).name())).append("</a>");
        }
        h.append(" · <a href=\"#simulations\">Simulations</a> · <a href=\"#trend\">Earlier runs</a></nav></header>\n");
    }

    // ---------------------------------------------------------------- verdicts

    private static void verdicts(StringBuilder h, Report r) {
        h.append("<section id=\"verdicts\" aria-labelledby=\"verdicts-h\"><h2 id=\"verdicts-h\">Verdicts</h2>\n<div class=\"banners\">\n");
        for (int n = 0; n < r.implementations().size(); n++) {
            banner(h, r.implementations().get(n), n);
        }
        h.append("</div>\n");
        if (!r.simulations().isEmpty()) {
            long held = r.simulations().stream().filter(Report.Simulation::passed).count();
            h.append("<p class=\"simline\">Fault simulations (the reference on real sockets): ").append(held).append(" of ")
                    .append(r.simulations().size()).append(" held: ");
            List<String> sims = new ArrayList<>();
            for (Report.Simulation s : r.simulations()) {
                sims.add("<a href=\"#" + simulationAnchor(s) + "\">" + esc(s.scenario()) + "</a> " + (s.passed() ? "held" : "<b>FAILED</b>"));
            }
            h.append(String.join(", ", sims)).append(".</p>\n");
        }
        h.append("</section>\n");
    }

    private static void banner(StringBuilder h, Report.Implementation i, int n) {
        Report.Verdicts v = i.verdict();
        String word = v.conformant() ? "CONFORMANT" : "NOT CONFORMANT";
        h.append("<article class=\"banner ").append(v.conformant() ? "conformant" : "notconformant").append("\" id=\"verdict-").append(n)
                .append("\" aria-labelledby=\"verdict-").append(n).append("-name\">\n<h3 id=\"verdict-").append(n).append("-name\">")
                .append(esc(i.name()));
        if (Words.hasVersion(i.version())) {
            h.append(" <span class=\"muted\">version ").append(esc(i.version())).append("</span>");
        }
        h.append("</h3>\n");
        if (!i.sut().equals(i.name())) {
            h.append("<p class=\"small\">run as <code>").append(esc(i.sut())).append("</code></p>\n");
        }
        h.append("<p class=\"verdict\"><span class=\"icon\" aria-hidden=\"true\">").append(v.conformant() ? "&#10004;" : "&#10008;")
                .append("</span>").append(word).append("</p>\n");
        String detail = v.conformance().substring(word.length()).strip();
        if (!detail.isEmpty()) {
            h.append("<p>").append(linkIds(esc(detail.substring(1, detail.length() - 1)), n)).append("</p>\n");
        }
        h.append("<p class=\"profile\">").append(linkIds(esc(v.profile().summary()), n))
                .append(" <span class=\"muted\">(decisions the spec leaves open; a difference is not a failure)</span></p>\n");
        long normative = i.requirements().stream().filter(Report.RequirementResult::isNormative).count();
        long passed = i.requirements().stream().filter(q -> q.isNormative() && q.status().equals(Report.PASSED)).count();
        h.append("<p class=\"small\">Normative requirements: ").append(passed).append(" of ").append(normative).append(" passed");
        if (!v.failed().isEmpty()) {
            h.append(", ").append(v.failed().size()).append(" failed");
        }
        if (!v.notCovered().isEmpty()) {
            h.append(", ").append(v.notCovered().size()).append(" not covered");
        }
        if (!v.notVerified().isEmpty()) {
            h.append(", ").append(v.notVerified().size()).append(" not verified");
        }
        h.append(". Properties: ").append(i.properties().isEmpty() ? "not run" : propertyCounts(i));
        long flaky = i.properties().stream().filter(Report.PropertyResult::notReproduced).count();
        if (flaky > 0) {
            h.append(" (").append(flaky).append(" failed but did not fail again when replayed: flaky)");
        }
        h.append(". <a href=\"#impl").append(n).append("\">Every check</a></p>\n");
        if (!v.unattributed().isEmpty()) {
            h.append("<p class=\"small\">").append(v.unattributed().size()).append(" failed check(s) name no catalogued requirement: ")
                    .append("<a href=\"#impl").append(n).append("-unattributed\">see them</a></p>\n");
        }
        h.append("</article>\n");
    }

    /** "5 of 5 normative passed; 2 of 3 profile match": a profile property that failed is a difference, not a failure. */
    private static String propertyCounts(Report.Implementation i) {
        List<String> parts = new ArrayList<>();
        for (String kind : List.of(Report.NORMATIVE, Report.PROFILE)) {
            List<Report.PropertyResult> of = i.properties().stream().filter(p -> p.kind().equals(kind)).toList();
            if (!of.isEmpty()) {
                long passed = of.stream().filter(p -> p.status().equals(Report.PASSED)).count();
                parts.add(passed + " of " + of.size() + (kind.equals(Report.NORMATIVE) ? " normative passed" : " profile match"));
            }
        }
        return String.join("; ", parts);
    }

    /** {@code escapedText} with every requirement ID made a link to that requirement's checks for implementation {@code n}. */
    private static String linkIds(String escapedText, int n) {
        Matcher m = ID.matcher(escapedText);
        return m.replaceAll(match -> "<a href=\"#" + anchor(n, match.group(1)) + "\">" + match.group(1) + "</a>");
    }

    private static void reading(StringBuilder h) {
        h.append("""
                <details id="reading"><summary><b>How to read this report</b></summary>
                <ul>
                <li><b>Conformance</b> (CONFORMANT or NOT CONFORMANT) is decided by the normative requirements alone: what the spec \
                says. A normative requirement <b>failed</b> when any check of it failed; it is <b>not covered</b> when no check is \
                tagged with it (that also makes an implementation NOT CONFORMANT); it is <b>not verified</b> when every check of it \
                was skipped because the implementation does not declare a capability they need (that does not change the verdict).</li>
                <li>The <b>reference profile</b> counts on how many of the reference implementation's own decisions (the REF IDs, \
                where the spec is silent) an implementation does the same: it <b>matches</b> or <b>differs</b>, or is <b>not \
                checked</b>. A difference is information, never a failure, and never drawn in failure red.</li>
                <li>A <b>check</b> is a scenario of the Gherkin suite or a property (many random histories, replayable from its \
                seed). "2 of 3 checks" means two of the three checks of that requirement passed. A property that checks several \
                requirements says which one its failure is <b>blamed</b> on.</li>
                <li>The small word after a requirement's title says where it comes from: <b>seed</b> (the spec itself), \
                <b>upstream</b> (the published capability specs the spec builds on) or <b>reference</b> (a reference-profile \
                decision).</li>
                <li>Every colour repeats a word or a symbol (&#10004; passed, &#10008; failed, &#9675; not covered, \
                &#8211; not verified or not checked, = matches, &#8800; differs): nothing is said by colour alone.</li>
                </ul></details>
                """);
    }

    // ---------------------------------------------------------------- the matrix

    private static void matrix(StringBuilder h, Report r) {
        h.append("<section id=\"matrix\" aria-labelledby=\"matrix-h\"><h2 id=\"matrix-h\">Requirements by implementation</h2>\n")
                .append("<table id=\"requirement-matrix\" class=\"matrix\"><caption>Every catalogued requirement (a row) for every ")
                .append("implementation (a column): its status and how many of its checks passed. Follow a cell to its checks.")
                .append("</caption>\n<thead><tr><th scope=\"col\">requirement</th>");
        for (Report.Implementation i : r.implementations()) {
            h.append("<th scope=\"col\" class=\"impl\">").append(esc(i.name()));
            if (Words.hasVersion(i.version())) {
                h.append(" <span class=\"muted small\">version ").append(esc(i.version())).append("</span>");
            }
            if (!i.sut().equals(i.name())) {
                h.append("<br><code class=\"small\">").append(esc(i.sut())).append("</code>");
            }
            h.append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        int columns = 1 + r.implementations().size();
        matrixGroup(h, r, columns, true, "Normative requirements: they decide CONFORMANT");
        matrixGroup(h, r, columns, false, "Reference profile: decisions the spec leaves open; a difference is not a failure");
        h.append("</tbody></table></section>\n");
    }

    private static void matrixGroup(StringBuilder h, Report r, int columns, boolean normative, String heading) {
        h.append("<tr class=\"group\"><th colspan=\"").append(columns).append("\" scope=\"colgroup\">").append(esc(heading))
                .append("</th></tr>\n");
        for (Report.Requirement req : r.catalogue()) {
            if (req.isNormative() != normative) {
                continue;
            }
            h.append("<tr><th scope=\"row\"><span class=\"id\">").append(esc(req.id())).append("</span> ").append(esc(req.title()))
                    .append(" <span class=\"source\">").append(esc(req.source())).append("</span></th>");
            for (int n = 0; n < r.implementations().size(); n++) {
                Report.Implementation i = r.implementations().get(n);
                Report.RequirementResult res = i.requirement(req.id());
                h.append("<td class=\"").append(cssClass(res)).append("\"><a href=\"#").append(anchor(n, req.id())).append("\">")
                        .append(icon(res)).append(word(res)).append("</a>");
                if (Words.checks(res) > 0) {
                    h.append("<br><span class=\"small\">").append(Words.checksPassed(i, res)).append(" of ").append(Words.checks(res))
                            .append(Words.checks(res) == 1 ? " check" : " checks").append("</span>");
                }
                h.append("</td>");
            }
            h.append("</tr>\n");
        }
    }

    private static String icon(Report.RequirementResult r) {
        String symbol = switch (r.status()) {
            case Report.PASSED -> r.isNormative() ? "&#10004;" : "=";
            case Report.FAILED -> r.isNormative() ? "&#10008;" : "&#8800;";
            case Report.SKIPPED -> "&#8211;";
            default -> r.isNormative() ? "&#9675;" : "&#8211;";
        };
        return "<span class=\"icon\" aria-hidden=\"true\">" + symbol + "</span>";
    }

    // ---------------------------------------------------------------- per implementation

    private static void checks(StringBuilder h, Report.Implementation i, int n) {
        h.append("<section id=\"impl").append(n).append("\" aria-labelledby=\"impl").append(n).append("-h\"><h2 id=\"impl").append(n)
                .append("-h\">Checks of ").append(esc(i.name()))
                .append(Words.hasVersion(i.version()) ? " <span class=\"muted small\">version " + esc(i.version()) + "</span>" : "")
                .append("</h2>\n<p class=\"small muted\">Every requirement with ")
                .append("its checks (failed normative requirements are open); then the properties. Each row has a link of its own (#).</p>\n");
        for (Report.RequirementResult res : i.requirements()) {
            String id = anchor(n, res.id());
            h.append("<details class=\"req\" id=\"").append(id).append("\"")
                    .append(res.status().equals(Report.FAILED) && res.isNormative() ? " open" : "")
                    .append("><summary class=\"").append(cssClass(res)).append("\"><span class=\"id\">").append(esc(res.id())).append("</span> ")
                    .append(esc(res.title())).append(": ").append(icon(res)).append("<b>").append(word(res)).append("</b>");
            if (Words.checks(res) > 0) {
                h.append(" <span class=\"small\">(").append(Words.checksPassed(i, res)).append(" of ").append(Words.checks(res))
                        .append(Words.checks(res) == 1 ? " check passed)" : " checks passed)").append("</span>");
            }
            h.append("</summary>\n");
            if (Words.checks(res) == 0) {
                h.append("<p class=\"").append(cssClass(res)).append("\">No check is tagged with this requirement.</p>");
            } else {
                h.append("<table class=\"checks\"><caption class=\"sr\">Checks of ").append(esc(res.id())).append(" for ")
                        .append(esc(i.name())).append("</caption><thead><tr><th scope=\"col\">check</th><th scope=\"col\">result</th>")
                        .append("<th scope=\"col\">failure or reason</th></tr></thead><tbody>\n");
                int c = 0;
                for (Report.ScenarioResult s : res.scenarios()) {
                    String row = id + "-" + (++c);
                    h.append("<tr class=\"").append(checkClass(res, s.status())).append("\" id=\"").append(row).append("\"><th scope=\"row\">")
                            .append("scenario \u201c").append(esc(s.name())).append("\u201d").append(self(row))
                            .append("<br><span class=\"small muted\">feature: ").append(esc(s.feature())).append("</span></th><td>")
                            .append(checkWord(res, s.status())).append("<br><span class=\"small muted\">").append(Words.ms(s.durationMs()))
                            .append("</span></td><td>").append(esc(s.message())).append("</td></tr>\n");
                }
                for (String name : res.properties()) {
                    Report.PropertyResult p = i.property(name);
                    String row = id + "-" + (++c);
                    boolean blamed = p.blamedIds().contains(res.id());
                    String status = p.status().equals(Report.FAILED) && !blamed
                            ? "passed here; failed on " + String.join(", ", p.blamedIds()) : checkWord(res, p.status());
                    h.append("<tr class=\"").append(blamed || !p.status().equals(Report.FAILED) ? checkClass(res, p.status()) : "")
                            .append("\" id=\"").append(row).append("\"><th scope=\"row\">property <a href=\"#").append(propertyAnchor(n, p))
                            .append("\"><code>").append(esc(p.name())).append("</code></a>").append(self(row)).append("</th><td>")
                            .append(linkIds(esc(status), n)).append("<br><span class=\"small muted\">").append(Words.ms(p.durationMs()))
                            .append("</span></td><td>")
                            .append(p.status().equals(Report.FAILED) && blamed ? esc(Words.firstLine(p.failure()))
                                    + " <a href=\"#" + propertyAnchor(n, p) + "\">(seed, sample, counterexample)</a>" : "")
                            .append("</td></tr>\n");
                }
                h.append("</tbody></table>");
            }
            h.append("</details>\n");
        }
        properties(h, i, n);
        if (!i.verdict().unattributed().isEmpty()) {
            h.append("<h3 id=\"impl").append(n).append("-unattributed\">Failed checks that name no catalogued requirement</h3>\n")
                    .append("<p class=\"small muted\">They decide nothing until they are tagged with the IDs they check.</p><ul>");
            i.verdict().unattributed().forEach(u -> h.append("<li class=\"failed\">").append(esc(u)).append("</li>"));
            h.append("</ul>\n");
        }
        h.append("</section>\n");
    }

    private static void properties(StringBuilder h, Report.Implementation i, int n) {
        h.append("<h3 id=\"impl").append(n).append("-properties\">Properties of ").append(esc(i.name())).append("</h3>\n");
        if (i.properties().isEmpty()) {
            h.append("<p class=\"muted\">Not run for this implementation.</p>\n");
            return;
        }
        h.append("<p class=\"small muted\">Each property checks many random histories (tries); its seed replays them. A failing ")
                .append("sample is shrunk and run once more on its own: if it fails again it is exported as a Gherkin counterexample ")
                .append("you can add to the suite; if it passes, the failure was flaky and nothing is exported.</p>\n")
                .append("<table class=\"properties\" id=\"impl").append(n).append("-property-table\"><caption class=\"sr\">Properties of ")
                .append(esc(i.name())).append("</caption><thead><tr><th scope=\"col\">property</th><th scope=\"col\">result</th>")
                .append("<th scope=\"col\">failure and counterexample</th></tr></thead><tbody>\n");
        for (Report.PropertyResult p : i.properties()) {
            boolean profile = p.kind().equals(Report.PROFILE);
            String css = profile ? switch (p.status()) {
                case Report.FAILED -> "differs";
                case Report.PASSED -> "matches";
                default -> "notchecked";
            } : p.status();
            String word = profile && p.status().equals(Report.FAILED) ? "differs" : p.status();
            String row = propertyAnchor(n, p);
            h.append("<tr class=\"").append(css).append("\" id=\"").append(row).append("\"><th scope=\"row\"><code>").append(esc(p.name()))
                    .append("</code>").append(self(row)).append("<br><span class=\"small\">").append(p.kind()).append(": ")
                    .append(linkIds(esc(String.join(", ", p.requirements())), n));
            if (!p.blamed().isEmpty()) {
                h.append("; blamed: ").append(linkIds(esc(String.join(", ", p.blamed())), n));
            }
            h.append("</span></th><td><b>").append(word).append("</b>");
            if (p.notReproduced()) {
                h.append(" <span class=\"small\">(not reproduced: flaky)</span>");
            }
            h.append("<br><span class=\"small\">").append(String.format(java.util.Locale.ROOT, "%,d", p.tries())).append(" tries; seed <code>")
                    .append(esc(p.seed())).append("</code>; ").append(Words.ms(p.durationMs())).append("</span></td><td>");
            if (p.status().equals(Report.FAILED)) {
                h.append(esc(Words.firstLine(p.failure())));
                if (p.notReproduced()) {
                    h.append("<br><span class=\"small\">Not reproduced: its sample passed when run once more on its own, so the ")
                            .append("failure is flaky (timing or state outside the sample); no counterexample was exported. ")
                            .append("Replay with the seed above.</span>");
                }
                String shrinking = Words.shrinking(p);
                if (!shrinking.isEmpty()) {
                    h.append("<br><span class=\"small\">").append(esc(shrinking)).append("</span>");
                }
                if (p.counterexample() != null) {
                    h.append("<br><span class=\"small\">shrunk sample:</span><code class=\"sample\">").append(esc(p.counterexample()))
                            .append("</code>");
                }
                String feature = p.counterexampleFeature();
                if (feature != null) {
                    h.append("<span class=\"small\">counterexample: ");
                    if (Counterexamples.linkable(feature)) {
                        h.append("<a href=\"").append(attr(feature)).append("\"><code>").append(esc(feature)).append("</code></a>");
                    } else {
                        h.append("<code>").append(esc(feature)).append("</code> (not in the report folder)");
                    }
                    h.append("</span>");
                }
            } else if (p.status().equals(Report.SKIPPED)) {
                h.append("<span class=\"small muted\">skipped: unsupported by the implementation</span>");
            }
            h.append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    /** A check's status in the words of its requirement's kind. */
    private static String checkWord(Report.RequirementResult req, String status) {
        if (req.isNormative()) {
            return status;
        }
        return switch (status) {
            case Report.PASSED -> "matches";
            case Report.FAILED -> "differs";
            default -> "not checked (" + status + ")";
        };
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

    private static String self(String anchor) {
        return "<a class=\"self\" href=\"#" + anchor + "\" aria-label=\"link to this row\">#</a>";
    }

    static String anchor(int implementation, String id) {
        return "impl" + implementation + "-" + id;
    }

    static String propertyAnchor(int implementation, Report.PropertyResult p) {
        return "impl" + implementation + "-property-" + p.name().replaceAll("[^A-Za-z0-9_-]", "_");
    }

    static String simulationAnchor(Report.Simulation s) {
        return "simulation-" + s.scenario().replaceAll("[^A-Za-z0-9_-]", "_");
    }

    // ---------------------------------------------------------------- simulations

    private static void simulations(StringBuilder h, Report r) {
        h.append("<section id=\"simulations\" aria-labelledby=\"simulations-h\"><h2 id=\"simulations-h\">Fault simulations</h2>\n");
        if (r.simulations().isEmpty()) {
            h.append("<p class=\"muted\">No simulation results were given.</p>\n</section>\n");
            return;
        }
        h.append("<p class=\"small muted\">The reference implementation's server and clients on real TCP, with Toxiproxy injecting ")
                .append("faults into chosen peers' links. A simulation holds when every expectation of its scenario file held.</p>\n");
        for (Report.Simulation s : r.simulations()) {
            JsonNode sum = s.summary();
            String id = simulationAnchor(s);
            h.append("<article id=\"").append(id).append("\" aria-labelledby=\"").append(id).append("-h\"><h3 id=\"").append(id)
                    .append("-h\" class=\"").append(s.passed() ? "passed" : "failed").append("\"><span class=\"icon\" aria-hidden=\"true\">")
                    .append(s.passed() ? "&#10004;" : "&#10008;").append("</span>").append(esc(s.scenario())).append(": ")
                    .append(s.passed() ? "held" : "FAILED").append(" <span class=\"muted small\">(Toxiproxy: ").append(esc(s.toxiproxy()))
                    .append(")</span></h3>\n");
            h.append("<ul class=\"expectations\" aria-label=\"Expectations\">");
            for (Report.Expectation e : s.expectations()) {
                h.append("<li class=\"").append(e.passed() ? "passed" : "failed").append("\"><span class=\"icon\" aria-hidden=\"true\">")
                        .append(e.passed() ? "&#10004;" : "&#10008;").append("</span>").append(e.passed() ? "held" : "FAILED").append(": ")
                        .append(esc(e.expectation())).append(" <span class=\"muted small\">").append(esc(e.detail())).append("</span></li>");
            }
            h.append("</ul>\n<table class=\"figures\"><caption>Figures</caption><tbody>\n");
            figure(h, "peers", sum.path("peers").asText(), "unfaulted: " + Words.num(sum, "unfaultedPeers"));
            figure(h, "faults", sum.path("faults").asText(), "injected into peers' links");
            figure(h, "timeouts", sum.path("timeouts").asText(), "sessions the server timed out");
            figure(h, "reconnects", sum.path("reconnects").asText(), "of clients");
            figure(h, "detection p50 / p99", Words.num(sum, "detectionP50Ms") + " / " + Words.num(sum, "detectionP99Ms") + " ms",
                    "from a fault's start to the server's TimedOut");
            figure(h, "recovery p50 / p99", Words.num(sum, "recoveryP50Ms") + " / " + Words.num(sum, "recoveryP99Ms") + " ms",
                    "from a fault's end to LoggedIn again");
            figure(h, "false timeouts", sum.path("falseTimeouts").asText(), "timeouts of peers no fault touched");
            h.append("</tbody></table>\n").append(Swimlanes.figure(s, id + "-lanes")).append("</article>\n");
        }
        h.append("</section>\n");
    }

    private static void figure(StringBuilder h, String name, String value, String meaning) {
        h.append("<tr><th scope=\"row\">").append(esc(name)).append("</th><td>").append(esc(value)).append("</td><td class=\"small muted\">")
                .append(esc(meaning)).append("</td></tr>\n");
    }

    // ---------------------------------------------------------------- the trend

    private static void trend(StringBuilder h, Report r) {
        h.append("<section id=\"trend\" aria-labelledby=\"trend-h\"><h2 id=\"trend-h\">Earlier runs</h2>\n");
        if (r.earlierRuns().isEmpty()) {
            h.append("<p class=\"muted\">No earlier run was given. <code>ReportMain --previous report.json ...</code> adds them; ")
                    .append("the main job gives the reports of its last runs, kept in <code>target/conformance-history/</code>.</p>\n</section>\n");
            return;
        }
        Set<String> names = new LinkedHashSet<>();
        r.earlierRuns().forEach(e -> e.implementations().forEach(i -> names.add(i.name())));
        r.implementations().forEach(i -> names.add(i.name()));
        h.append("<table id=\"trend-table\"><caption>Both verdicts of each implementation, oldest run first, this run last</caption>\n")
                .append("<thead><tr><th scope=\"col\">run</th><th scope=\"col\">verdicts</th><th scope=\"col\">simulations held</th>")
                .append("</tr></thead><tbody>\n");
        for (Report.EarlierRun e : r.earlierRuns()) {
            h.append("<tr><th scope=\"row\" class=\"when\"><time datetime=\"").append(attr(e.generatedAt())).append("\">")
                    .append(esc(readableTime(e.generatedAt()))).append("</time></th><td><ul class=\"trend\">");
            for (String name : names) {
                Report.EarlierImplementation i = e.implementations().stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
                if (i == null) {
                    h.append("<li class=\"muted\">").append(esc(name)).append(": not run</li>");
                } else {
                    trendLine(h, name, i.conformant(), i.conformance(), i.profileMatched(), i.profileTotal(), i.propertiesPassed(),
                            i.properties());
                }
            }
            h.append("</ul></td><td>").append(e.simulations() == 0 ? "none" : e.simulationsHeld() + " of " + e.simulations())
                    .append("</td></tr>\n");
        }
        h.append("<tr><th scope=\"row\" class=\"when\"><b>this run</b><br><time class=\"small\" datetime=\"").append(attr(r.generatedAt()))
                .append("\">").append(esc(readableTime(r.generatedAt()))).append("</time></th><td><ul class=\"trend\">");
        for (String name : names) {
            Report.Implementation i = r.implementations().stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
            if (i == null) {
                h.append("<li class=\"muted\">").append(esc(name)).append(": not run</li>");
            } else {
                trendLine(h, name, i.verdict().conformant(), i.verdict().conformance(), i.verdict().profile().matched(),
                        i.verdict().profile().total(), (int) Words.propertiesPassed(i), i.properties().size());
            }
        }
        long held = r.simulations().stream().filter(Report.Simulation::passed).count();
        h.append("</ul></td><td>").append(r.simulations().isEmpty() ? "none" : held + " of " + r.simulations().size())
                .append("</td></tr>\n</tbody></table>\n</section>\n");
    }

    private static void trendLine(StringBuilder h, String name, boolean conformant, String conformance, int matched, int total, int passed,
                                  int properties) {
        h.append("<li class=\"").append(conformant ? "passed" : "failed").append("\"><span class=\"icon\" aria-hidden=\"true\">")
                .append(conformant ? "&#10004;" : "&#10008;").append("</span><b>").append(esc(name)).append("</b>: ").append(esc(conformance))
                .append(" <span class=\"small\">(profile ").append(matched).append(" of ").append(total).append("; properties ")
                .append(properties == 0 ? "not run" : passed + " of " + properties + " passed").append(")</span></li>");
    }

    /** An ISO instant as a reader takes it in: "2026-11-21 11:08 UTC"; anything else as given. */
    static String readableTime(String instant) {
        if (instant != null && instant.length() >= 16 && instant.charAt(10) == 'T') {
            return instant.substring(0, 10) + " " + instant.substring(11, 16) + " UTC";
        }
        return instant;
    }
}
