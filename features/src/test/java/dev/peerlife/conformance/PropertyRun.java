package dev.peerlife.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.peerlife.conformance.steps.SharedSut;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs the suite's properties against one implementation inside this JVM, for tests of the suite
 * itself, and reads back the records {@code PropertyHooks} wrote: which properties failed, and the
 * requirement IDs each failure is blamed on.
 */
final class PropertyRun {

    static final List<String> CLASSES = List.of("dev.peerlife.conformance.properties.SpecProperties",
            "dev.peerlife.conformance.properties.ProfileProperties");

    /** Per property name: its record. */
    final Map<String, JsonNode> records;

    private PropertyRun(Map<String, JsonNode> records) {
        this.records = records;
    }

    /** The folder of the property records a run named {@code name} wrote. */
    static Path records(String name) {
        return Path.of("target", "property-runs", name, "records");
    }

    static PropertyRun against(String sut, String name, Map<String, String> properties) {
        return against(sut, name, properties, CLASSES);
    }

    /** Only the normative properties: what decides conformance. */
    static final List<String> NORMATIVE = List.of("dev.peerlife.conformance.properties.SpecProperties");

    static PropertyRun against(String sut, String name, Map<String, String> properties, List<String> classes) {
        Path dir = records(name).getParent();
        Map<String, String> all = new HashMap<>(properties);
        all.put("sut", sut);
        all.put("peerlife.propertyResults", dir.resolve("records").toString());
        all.put("peerlife.counterexamples", dir.resolve("counterexamples").toString());
        all.put(dev.peerlife.conformance.steps.ProfileMode.PROPERTY, "enforce");
        Map<String, String> saved = new HashMap<>();
        all.keySet().forEach(k -> saved.put(k, System.getProperty(k)));
        try {
            deleteTree(dir);
            Files.createDirectories(dir);
            all.forEach(System::setProperty);
            SharedSut.discard();
            var request = EngineTestKit.engine("jqwik")
                    .configurationParameter("jqwik.database", dir.resolve("jqwik-database").toString())
                    // Expected failures report through the platform (captured here), not on the console.
                    .configurationParameter("jqwik.reporting.usejunitplatform", "true");
            for (String c : classes) {
                request = request.selectors(selectClass(c));
            }
            request.execute();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            saved.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
        Map<String, JsonNode> records = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir.resolve("records"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                JsonNode node = new ObjectMapper().readTree(f.toFile());
                records.put(node.path("name").asText(), node);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PropertyRun(records);
    }

    /** Failed property name → the IDs its failure is blamed on. */
    Map<String, Set<String>> failures() {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        records.forEach((name, r) -> {
            if (r.path("status").asText().equals("failed")) {
                Set<String> blamed = new TreeSet<>();
                r.path("blamed").forEach(b -> blamed.add(b.asText()));
                if (blamed.isEmpty()) {
                    r.path("requirements").forEach(b -> blamed.add(b.asText()));
                }
                out.put(name, blamed);
            }
        });
        return out;
    }

    /** Every blamed ID of every failed property. */
    Set<String> blamedIds() {
        Set<String> out = new TreeSet<>();
        failures().values().forEach(out::addAll);
        return out;
    }

    String describe() {
        StringBuilder out = new StringBuilder();
        records.forEach((name, r) -> {
            if (r.path("status").asText().equals("failed")) {
                out.append("\n  ").append(name).append(" blamed ").append(r.path("blamed")).append(": ")
                        .append(r.path("failure").asText());
            }
        });
        return out.toString();
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
