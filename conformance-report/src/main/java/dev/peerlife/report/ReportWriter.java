package dev.peerlife.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a {@link Report} into one folder: report.json, index.html (one self-contained page: inline CSS
 * and SVG, no script, nothing fetched), summary.md for CI job summaries and junit.xml for CI
 * dashboards, with every exported counterexample inside the folder and every link relative to it, so
 * that the folder can be moved or published whole. Every output leads with the two verdicts, and
 * shows a reference-profile difference apart from a failure.
 */
public final class ReportWriter {

    private ReportWriter() {
    }

    /** Writes the four files into {@code out}; returns the report as written (counterexamples named relative to {@code out}). */
    public static Report writeAll(Report report, Path out) throws IOException {
        Files.createDirectories(out);
        Report placed = Counterexamples.place(report, out);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("report.json").toFile(), placed);
        Files.writeString(out.resolve("index.html"), HtmlPage.of(placed));
        Files.writeString(out.resolve("summary.md"), MarkdownSummary.of(placed));
        Files.writeString(out.resolve("junit.xml"), JunitXml.of(placed));
        return placed;
    }
}
