package dev.peerlife.conformance.verdict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What one run of the suite and the properties left in its folder, read back: the scenarios from
 * {@code cucumber.json} and the property runs from {@code properties/*.json}. The console summary and
 * the report both read a run this way, so that they compute the same verdict.
 */
public record RunResults(List<ScenarioResult> scenarios, List<PropertyResult> properties) {

    public RunResults {
        scenarios = List.copyOf(scenarios);
        properties = List.copyOf(properties);
    }

    /** Reads {@code dir/cucumber.json} (required) and {@code dir/properties/} (optional). */
    public static RunResults read(Path dir) throws IOException {
        Path cucumber = dir.resolve("cucumber.json");
        if (!Files.exists(cucumber)) {
            throw new IOException("no cucumber.json in " + dir + ": run the suite first (bash bin/main-job)");
        }
        return new RunResults(scenarios(cucumber), properties(dir.resolve("properties")));
    }

    /**
     * The scenarios of a Cucumber JSON file: features, each with elements that have before hooks, steps
     * and after hooks with results. A feature's Background is an element of its own (type
     * {@code background}) written before each scenario it ran for; its steps count as that scenario's.
     * A scenario failed if any of them did not pass or skip; it was skipped if a hook or step skipped it
     * with a message (the unsupported capability) or nothing ran.
     */
    public static List<ScenarioResult> scenarios(Path cucumberJson) throws IOException {
        JsonNode features = new ObjectMapper().readTree(cucumberJson.toFile());
        List<ScenarioResult> out = new ArrayList<>();
        for (JsonNode feature : features) {
            JsonNode background = null;
            for (JsonNode element : feature.path("elements")) {
                String type = element.path("type").asText();
                if (type.equals("background")) {
                    background = element;
                } else if (type.equals("scenario")) {
                    out.add(scenario(feature.path("name").asText(), background, element));
                    background = null;
                }
            }
        }
        return out;
    }

    private static ScenarioResult scenario(String feature, JsonNode background, JsonNode element) {
        List<String> ids = new ArrayList<>();
        element.path("tags").forEach(t -> {
            String tag = t.path("name").asText();
            if (tag.matches("@[A-Z]+-\\d+")) {
                ids.add(tag.substring(1));
            }
        });
        long durationNs = 0;
        Status status = Status.PASSED;
        String message = null;
        boolean anyPassed = false;
        List<JsonNode> results = new ArrayList<>();
        element.path("before").forEach(h -> results.add(h.path("result")));
        if (background != null) {
            background.path("steps").forEach(st -> results.add(st.path("result")));
        }
        element.path("steps").forEach(st -> results.add(st.path("result")));
        element.path("after").forEach(h -> results.add(h.path("result")));
        for (JsonNode r : results) {
            durationNs += r.path("duration").asLong();
            String s = r.path("status").asText();
            if (s.equals("passed")) {
                anyPassed = true;
            } else if (s.equals("skipped")) {
                if (status == Status.PASSED && r.hasNonNull("error_message")) {
                    status = Status.SKIPPED;
                    message = firstLine(r.path("error_message").asText()).replaceFirst("^[\\w.]+Exception: ", "");
                }
            } else if (status != Status.FAILED) {
                status = Status.FAILED;
                message = r.hasNonNull("error_message") ? firstLine(r.path("error_message").asText()) : "step " + s;
            }
        }
        if (status == Status.PASSED && !anyPassed) {
            status = Status.SKIPPED;
        }
        return new ScenarioResult(element.path("name").asText(), feature, status, ids, durationNs / 1_000_000, message);
    }

    /**
     * The property records of a folder, sorted by file name: {@code status} successful, failed or
     * aborted (skipped); {@code blamed} absent, null or empty means every ID in {@code requirements};
     * {@code reproduced}, {@code shrinkRuns} and {@code shrinkingCutShort} as PropertyHooks writes them.
     */
    public static List<PropertyResult> properties(Path dir) throws IOException {
        List<PropertyResult> out = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return out;
        }
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode p = json.readTree(f.toFile());
                Status status = switch (p.path("status").asText()) {
                    case "successful" -> Status.PASSED;
                    case "aborted" -> Status.SKIPPED;
                    default -> Status.FAILED;
                };
                String name = p.hasNonNull("name") ? p.get("name").asText() : f.getFileName().toString();
                out.add(new PropertyResult(name, status, texts(p, "requirements"),
                        texts(p, "blamed"), text(p, "seed"), p.path("tries").asLong(), p.path("checks").asLong(),
                        p.path("durationMs").asLong(), text(p, "failure"), text(p, "counterexample"),
                        text(p, "counterexampleFeature"), p.path("reproduced").isBoolean() ? p.get("reproduced").asBoolean() : null,
                        p.path("shrinkRuns").asLong(), p.path("shrinkingCutShort").asBoolean()));
            }
        }
        return out;
    }

    private static List<String> texts(JsonNode node, String field) {
        List<String> out = new ArrayList<>();
        node.path(field).forEach(i -> out.add(i.asText()));
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
