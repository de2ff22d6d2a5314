package dev.peerlife.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.peerlife.conformance.catalogue.Catalogue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds a {@link Report} from what the runs left behind: for each implementation a folder with
 * {@code cucumber.json} (the suite), {@code implementation.json} (who ran) and {@code properties/*.json}
 * (the property records); and folders of simulation results ({@code *.json} from the simulator).
 */
public final class ReportBuilder {

    private final ObjectMapper json = new ObjectMapper();
    private final Catalogue catalogue = Catalogue.load();
    private final List<Report.Implementation> implementations = new ArrayList<>();
    private final List<Report.Simulation> simulations = new ArrayList<>();

    /** Adds one implementation run from {@code dir}. */
    public ReportBuilder addRun(Path dir) throws IOException {
        Path cucumber = dir.resolve("cucumber.json");
        if (!Files.exists(cucumber)) {
            throw new IOException("no cucumber.json in " + dir + ": run the suite first (bin/main-job)");
        }
        String name = dir.getFileName().toString();
        String version = "unknown";
        String sut = name;
        Path implementation = dir.resolve("implementation.json");
        if (Files.exists(implementation)) {
            JsonNode i = json.readTree(implementation.toFile());
            name = i.path("name").asText(name);
            version = i.path("version").asText(version);
            sut = i.path("sut").asText(sut);
        }
        return addSuite(name, version, sut, cucumber, dir.resolve("properties"));
    }

    /** Adds one implementation from a Cucumber JSON file and (if present) a folder of property records. */
    public ReportBuilder addSuite(String name, String version, String sut, Path cucumberJson, Path propertiesDir) throws IOException {
        List<Scenario> scenarios = scenarios(json.readTree(cucumberJson.toFile()));
        List<Report.RequirementResult> requirements = new ArrayList<>();
        for (Catalogue.Requirement r : catalogue.requirements()) {
            List<Report.ScenarioResult> mine = scenarios.stream().filter(s -> s.ids.contains(r.id())).map(s -> s.result).toList();
            requirements.add(new Report.RequirementResult(r.id(), r.title(), r.source(), statusOf(mine), mine));
        }
        implementations.add(new Report.Implementation(name, version, sut, requirements, properties(propertiesDir)));
        return this;
    }

    /** Adds every simulation result found in {@code dir}. */
    public ReportBuilder addSimulations(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return this;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode s = json.readTree(f.toFile());
                List<Report.Expectation> expectations = new ArrayList<>();
                s.path("verdicts").forEach(v -> expectations.add(new Report.Expectation(v.path("expectation").asText(),
                        v.path("passed").asBoolean(), v.path("detail").asText())));
                Map<String, JsonNode> timelines = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = s.path("timelines").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    timelines.put(e.getKey(), e.getValue());
                }
                simulations.add(new Report.Simulation(s.path("scenario").asText(f.getFileName().toString()),
                        s.path("toxiproxy").asText(), expectations.stream().allMatch(Report.Expectation::passed),
                        s.path("durationMs").asLong(), s.path("summary"), expectations, s.path("faults"), timelines));
            }
        }
        return this;
    }

    public Report build() {
        List<Report.Requirement> cat = catalogue.requirements().stream()
                .map(r -> new Report.Requirement(r.id(), r.title(), r.source(), r.text())).toList();
        return new Report(Instant.now().toString(), cat, List.copyOf(implementations), List.copyOf(simulations));
    }

    private static String statusOf(List<Report.ScenarioResult> scenarios) {
        if (scenarios.isEmpty()) {
            return Report.NOT_COVERED;
        }
        if (scenarios.stream().anyMatch(s -> s.status().equals(Report.FAILED))) {
            return Report.FAILED;
        }
        if (scenarios.stream().anyMatch(s -> s.status().equals(Report.PASSED))) {
            return Report.PASSED;
        }
        return Report.SKIPPED;
    }

    private record Scenario(List<String> ids, Report.ScenarioResult result) {
    }

    /** Cucumber JSON: features, each with elements (scenarios) that have hooks and steps with results. */
    private static List<Scenario> scenarios(JsonNode features) {
        List<Scenario> out = new ArrayList<>();
        for (JsonNode feature : features) {
            for (JsonNode element : feature.path("elements")) {
                if (!element.path("type").asText().equals("scenario")) {
                    continue;
                }
                List<String> ids = new ArrayList<>();
                element.path("tags").forEach(t -> {
                    String tag = t.path("name").asText();
                    if (tag.matches("@[A-Z]+-\\d+")) {
                        ids.add(tag.substring(1));
                    }
                });
                long durationNs = 0;
                String status = Report.PASSED;
                String message = null;
                boolean anyPassed = false;
                List<JsonNode> results = new ArrayList<>();
                element.path("before").forEach(h -> results.add(h.path("result")));
                element.path("steps").forEach(st -> results.add(st.path("result")));
                element.path("after").forEach(h -> results.add(h.path("result")));
                for (JsonNode r : results) {
                    durationNs += r.path("duration").asLong();
                    String s = r.path("status").asText();
                    if (s.equals("passed")) {
                        anyPassed = true;
                    } else if (s.equals("skipped")) {
                        if (status.equals(Report.PASSED) && r.hasNonNull("error_message")) {
                            status = Report.SKIPPED;
                            message = firstLine(r.path("error_message").asText()).replaceFirst("^[\\w.]+Exception: ", "");
                        }
                    } else if (!status.equals(Report.FAILED)) {
                        status = Report.FAILED;
                        message = r.hasNonNull("error_message") ? firstLine(r.path("error_message").asText()) : "step " + s;
                    }
                }
                if (status.equals(Report.PASSED) && !anyPassed) {
                    status = Report.SKIPPED;
                }
                out.add(new Scenario(ids, new Report.ScenarioResult(element.path("name").asText(),
                        feature.path("name").asText(), status, durationNs / 1_000_000, message)));
            }
        }
        return out;
    }

    private List<Report.PropertyResult> properties(Path dir) throws IOException {
        List<Report.PropertyResult> out = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode p = json.readTree(f.toFile());
                List<String> ids = new ArrayList<>();
                p.path("requirements").forEach(i -> ids.add(i.asText()));
                String status = switch (p.path("status").asText()) {
                    case "successful" -> Report.PASSED;
                    case "aborted" -> Report.SKIPPED;
                    default -> Report.FAILED;
                };
                out.add(new Report.PropertyResult(p.path("name").asText(), ids, status, p.path("tries").asLong(),
                        p.path("checks").asLong(), text(p, "seed"), p.path("durationMs").asLong(), text(p, "failure"),
                        text(p, "counterexample"), text(p, "counterexampleFeature")));
            }
        }
        return out;
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
