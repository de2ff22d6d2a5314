package dev.peerlife.conformance.catalogue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The scenarios of a folder of feature files, with their tags: enough to trace requirements
 * without running anything. Reads the Gherkin subset the suite uses (feature- and scenario-level
 * tags, Scenario and Scenario Outline).
 */
public record FeatureIndex(List<ScenarioEntry> scenarios) {

    /** A requirement-ID tag such as {@code @MSL-2}. */
    public static final Pattern REQUIREMENT_TAG = Pattern.compile("@([A-Z]+-\\d+)");

    public record ScenarioEntry(String file, int line, String title, Set<String> tags) {
        /** The requirement IDs this scenario is tagged with, without the {@code @}. */
        public List<String> requirementIds() {
            return tags.stream().filter(t -> REQUIREMENT_TAG.matcher(t).matches()).map(t -> t.substring(1)).toList();
        }
    }

    public static FeatureIndex scan(Path folder) {
        List<ScenarioEntry> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".feature")).sorted().toList()) {
                scanFile(folder.relativize(file).toString(), Files.readAllLines(file, StandardCharsets.UTF_8), out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FeatureIndex(List.copyOf(out));
    }

    private static void scanFile(String name, List<String> lines, List<ScenarioEntry> out) {
        Set<String> featureTags = new LinkedHashSet<>();
        Set<String> pending = new LinkedHashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("@")) {
                for (String tag : line.split("\\s+")) {
                    if (tag.startsWith("#")) {
                        break;
                    }
                    pending.add(tag);
                }
            } else if (line.startsWith("Feature:")) {
                featureTags.addAll(pending);
                pending.clear();
            } else if (line.startsWith("Scenario:") || line.startsWith("Scenario Outline:")) {
                Set<String> tags = new LinkedHashSet<>(featureTags);
                tags.addAll(pending);
                pending.clear();
                String title = line.substring(line.indexOf(':') + 1).strip();
                out.add(new ScenarioEntry(name, i + 1, title, Set.copyOf(tags)));
            }
        }
    }

    public List<ScenarioEntry> taggedWith(String id) {
        return scenarios.stream().filter(s -> s.requirementIds().contains(id)).toList();
    }
}
