package dev.peerlife.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Opens a generated index.html in headless Chromium (Debian's chromium) as a reader would, at a
 * desktop width (1400 px) and a narrow one (420 px): the verdict banner, the matrix and the swimlanes
 * render with no console error; nothing is wider than the window (no horizontal scrollbar); and every
 * state the default simulation went through is visible in its swimlane. Screenshots of the top of the
 * page and of the simulation at both widths are kept in target/ (report-1400.png,
 * report-1400-simulation.png, report-420.png, report-420-simulation.png).
 *
 * <p>How it measures without a DevTools connection: headless Chromium will not make a window narrower
 * than 500 px, so the page is shown in an iframe exactly W px wide (its viewport, and so its media
 * queries and layout, are those of a W px window) inside a small frame page. For measuring, a copy of
 * the report (index-measure.html; the report itself has no script) gets one inline script at its end
 * that measures the laid-out page (document width against the viewport's, every swimlane bar and
 * marker's rendered box) and writes the result as JSON into the frame page, which {@code --dump-dom}
 * then prints ({@code --allow-file-access-from-files} lets the two file: pages see each other).
 * Screenshots are cropped to the iframe. Skipped, saying so on the console, where Chromium is absent.
 */
class ReportPageChromiumTest {

    private static final String MEASURE = """
            <script>
            (function () {
              var doc = document.documentElement, out = {};
              out.innerWidth = window.innerWidth;
              out.clientWidth = doc.clientWidth;
              out.scrollWidth = Math.max(doc.scrollWidth, document.body.scrollWidth);
              out.wide = [];
              document.querySelectorAll('body *').forEach(function (e) {
                var r = e.getBoundingClientRect();
                if (r.width > 0 && r.right > doc.clientWidth + 0.5 && out.wide.length < 8) {
                  out.wide.push(e.tagName + (e.id ? '#' + e.id : '') + (e.className && e.className.baseVal === undefined
                      ? '.' + e.className : '') + ' right=' + Math.round(r.right));
                }
              });
              var seen = {};
              document.querySelectorAll('[data-interval]').forEach(function (e) {
                var r = e.getBoundingClientRect(), key = e.closest('svg').id.replace(/-(wide|narrow)$/, '') + ' '
                    + e.getAttribute('data-interval') + ' ' + e.getAttribute('data-state');
                seen[key] = Math.max(seen[key] || 0, Math.min(r.width, r.height));
              });
              out.intervals = seen;
              var pre = parent.document.createElement('pre');
              pre.id = 'measured';
              pre.textContent = JSON.stringify(out);
              parent.document.body.appendChild(pre);
            })();
            </script>
            """;

    private static String chromium;
    private static Path page;

    private static String chromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                File f = new File(dir, name);
                if (f.canExecute()) {
                    return f.getAbsolutePath();
                }
            }
        }
        return null;
    }

    /** The page under test: two implementations, failing properties with a long counterexample, the default simulation, a trend. */
    @BeforeAll
    static void writePage() throws Exception {
        chromium = chromium();
        if (chromium == null) {
            System.out.println("ReportPageChromiumTest skipped: headless Chromium is not installed (apt-get install -y chromium)");
            return;
        }
        Path dir = Files.createTempDirectory("report-page");
        Path acme = ReportTest.run(dir, "acme", ReportTest.CUCUMBER, "class:com.acme.Sut");
        ReportTest.properties(acme);
        Files.writeString(acme.resolve("properties/long.json"), """
                {"name": "msl1_msl2_pro2_eachPeerBehavesAsIfItWereAlone", "requirements": ["MSL-1", "MSL-2", "PRO-2"],
                 "status": "failed", "tries": 1000, "checks": 1000, "seed": "-5355334274227584950", "durationMs": 812,
                 "failure": "peer p1 changed state when p0 logged in: LoggedIn became TransportConnected at 120000000000 ms",
                 "reproduced": true, "shrinkRuns": 57, "counterexample": "%s"}""".formatted(
                "[History[policy=SessionPolicy[heartbeatIntervalMs=2000,heartbeatTimeoutMs=6000,reconnectDelayMs=1000],"
                        + "peers=[p0,p1],steps=[" + "Connect[peer=p0,atMs=0],Login[peer=p0,ok=true],Heartbeat[peer=p1,atMs=1999],".repeat(12)
                        + "]]]"));
        Path origin = ReportTest.run(dir, "origin-implementation-with-a-long-name", ReportTest.allPassing(),
                "process:node examples/node-driver/driver.js --with --several --arguments");
        Path earlier = dir.resolve("earlier");
        ReportWriter.writeAll(new ReportBuilder().addRun(origin).build(), earlier);
        Report report = new ReportBuilder().addRun(acme).addRun(origin).addSimulations(ReportPageTest.defaultSimulation(dir))
                .addEarlierRun(earlier.resolve("report.json")).build();
        Path out = Path.of("target", "report-page");
        ReportWriter.writeAll(report, out);
        page = out.resolve("index.html").toAbsolutePath();
    }

    private static List<String> run(Path profile, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
                "--hide-scrollbars", "--allow-file-access-from-files", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        Path out = Files.createTempFile("chromium-out", ".txt");
        Path err = Files.createTempFile("chromium-err", ".txt");
        Thread o = new Thread(() -> copy(p.getInputStream(), out));
        Thread e = new Thread(() -> copy(p.getErrorStream(), err));
        o.start();
        e.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium finished");
        o.join();
        e.join();
        return List.of(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static void copy(java.io.InputStream in, Path to) {
        try (in) {
            Files.write(to, in.readAllBytes());
        } catch (java.io.IOException ignored) {
            // the test reads whatever arrived
        }
    }

    @Test
    void theReportRendersWithBannerMatrixAndTimelineAndNoConsoleError() throws Exception {
        Assumptions.assumeTrue(chromium != null, "headless Chromium is not installed (apt-get install -y chromium)");
        List<String> dom = run(Files.createTempDirectory("chromium-profile"), "--dump-dom", page.toUri().toString());
        assertTrue(dom.get(0).contains("id=\"verdicts\""), "the verdict banner is rendered");
        assertTrue(dom.get(0).contains("id=\"requirement-matrix\""), "the matrix is rendered");
        assertTrue(dom.get(0).contains("<svg class=\"timeline tl-wide\""), "a timeline is rendered");
        List<String> consoleErrors = dom.get(1).lines()
                .filter(l -> l.contains("CONSOLE") && (l.contains("ERROR") || l.contains("Uncaught"))).toList();
        assertEquals(List.of(), consoleErrors, "the page logs no console error");
    }

    /**
     * A frame page showing {@code file} (next to it) in an iframe {@code width} px wide and {@code height} high,
     * scrolled to the element {@code target} once loaded when one is given.
     */
    private static Path frame(String file, int width, int height, String target) throws Exception {
        Path frame = page.resolveSibling("frame-" + width + (target == null ? "" : "-" + target) + "-" + file);
        Files.writeString(frame, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>html,body{margin:0;background:#fff}"
                + "iframe{border:0;display:block}</style></head><body><iframe id=\"page\" src=\"" + file + "\" style=\"width:" + width
                + "px;height:" + height + "px\"></iframe>"
                + (target == null ? "" : "<script>var f = document.getElementById('page'); f.addEventListener('load', function () {"
                + " f.contentDocument.getElementById('" + target + "').scrollIntoView(); });</script>")
                + "</body></html>");
        return frame;
    }

    /** A screenshot of the iframe of a frame page, cropped to it. */
    private static void screenshot(Path frame, int width, int height, Path png) throws Exception {
        Files.deleteIfExists(png);
        run(Files.createTempDirectory("chromium-profile"), "--screenshot=" + png, "--window-size=" + Math.max(width, 600) + "," + height,
                frame.toUri().toString());
        assertTrue(Files.exists(png) && Files.size(png) > 10_000, "a screenshot was taken: " + png);
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
        if (image.getWidth() > width) {
            javax.imageio.ImageIO.write(image.getSubimage(0, 0, width, Math.min(height, image.getHeight())), "png", png.toFile());
        }
    }

    @ParameterizedTest(name = "at {0} px")
    @ValueSource(ints = {1400, 420})
    void nothingOverflowsTheWindowAndEveryStateOfTheDefaultSimulationIsVisible(int width) throws Exception {
        Assumptions.assumeTrue(chromium != null, "headless Chromium is not installed (apt-get install -y chromium)");
        Files.writeString(page.resolveSibling("index-measure.html"), Files.readString(page).replace("</body>", MEASURE + "</body>"));
        List<String> dom = run(Files.createTempDirectory("chromium-profile"), "--window-size=" + Math.max(width, 600) + ",900",
                "--dump-dom", frame("index-measure.html", width, 900, null).toUri().toString());
        String text = dom.get(0);
        int start = text.indexOf("<pre id=\"measured\">");
        assertTrue(start >= 0, "the measuring script ran: " + dom);
        String json = text.substring(start + "<pre id=\"measured\">".length(), text.indexOf("</pre>", start))
                .replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        JsonNode m = new ObjectMapper().readTree(json);
        assertEquals(width, m.path("innerWidth").asInt(), "the page's viewport is " + width + " px wide: " + json);
        assertTrue(m.path("scrollWidth").asInt() <= m.path("clientWidth").asInt(),
                "no horizontal overflow at " + width + " px: " + m.path("scrollWidth") + " > " + m.path("clientWidth")
                        + "; widest: " + m.path("wide"));

        List<String> hidden = new ArrayList<>();
        JsonNode intervals = m.path("intervals");
        int count = 0;
        for (var it = intervals.fields(); it.hasNext(); ) {
            var e = it.next();
            count++;
            if (e.getValue().asDouble() < 2) {
                hidden.add(e.getKey() + " (" + e.getValue().asDouble() + " px)");
            }
        }
        int expected = 0;
        Report.Simulation s = new ReportBuilder().addSimulations(ReportPageTest.defaultSimulation(Files.createTempDirectory("sim")))
                .build().simulations().get(0);
        for (String peer : Swimlanes.lanes(s)) {
            expected += Swimlanes.intervals(s, peer).size();
        }
        assertEquals(expected, count, "every state interval of every lane was measured: " + intervals);
        assertEquals(List.of(), hidden, "every state is at least 2 px wide and high, as a bar or a marker, at " + width + " px");

        screenshot(frame("index.html", width, 1600, null), width, 1600, Path.of("target", "report-" + width + ".png").toAbsolutePath());
        screenshot(frame("index.html", width, 1000, "simulation-latency-beyond-timeout-lanes"), width, 1000,
                Path.of("target", "report-" + width + "-simulation.png").toAbsolutePath());
    }
}
