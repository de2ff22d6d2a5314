package dev.peerlife.report;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

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
 * Opens the generated index.html in headless Chromium (Debian's chromium), as a reader would:
 * the verdict banner, the matrix and a timeline must be in the rendered page, the page must log no console error, and a
 * screenshot is kept at target/report-screenshot.png. Skipped, saying so, where Chromium is absent.
 */
class ReportPageChromiumTest {

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

    private static List<String> run(String chromium, Path profile, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
                "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        Path out = Files.createTempFile("chromium-out", ".txt");
        Path err = Files.createTempFile("chromium-err", ".txt");
        Thread o = new Thread(() -> copy(p.getInputStream(), out));
        Thread e = new Thread(() -> copy(p.getErrorStream(), err));
        o.start();
        e.start();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "chromium finished");
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
    void theReportRendersWithMatrixAndTimelineAndNoConsoleError() throws Exception {
        String chromium = chromium();
        Assumptions.assumeTrue(chromium != null,
                "headless Chromium is not installed (apt-get install -y chromium); the page check is skipped");
        Path dir = Files.createTempDirectory("report-page");
        Report report = ReportTest.sample(dir);
        Path out = Path.of("target", "report-page");
        ReportWriter.writeAll(report, out);
        String url = out.resolve("index.html").toAbsolutePath().toUri().toString();

        List<String> dom = run(chromium, dir.resolve("profile1"), "--dump-dom", url);
        assertTrue(dom.get(0).contains("id=\"verdicts\""), "the verdict banner is rendered");
        assertTrue(dom.get(0).contains("id=\"requirement-matrix\""), "the matrix is rendered");
        assertTrue(dom.get(0).contains("<svg class=\"timeline\""), "a timeline is rendered");
        List<String> consoleErrors = dom.get(1).lines()
                .filter(l -> l.contains("CONSOLE") && (l.contains("ERROR") || l.contains("Uncaught"))).toList();
        assertEquals(List.of(), consoleErrors, "the page logs no console error");

        Path screenshot = Path.of("target", "report-screenshot.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        run(chromium, dir.resolve("profile2"), "--screenshot=" + screenshot, "--window-size=1280,1800", "--hide-scrollbars", url);
        assertTrue(Files.size(screenshot) > 10_000, "a screenshot was taken: " + screenshot);
    }
}
