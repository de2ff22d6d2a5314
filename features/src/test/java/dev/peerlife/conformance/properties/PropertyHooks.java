package dev.peerlife.conformance.properties;

import dev.peerlife.conformance.runner.SutSelector;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Around every property: {@code -Dpeerlife.seed=N} replays a run from its seed,
 * {@code -Dpeerlife.tries=N} changes the budget and {@code -Dpeerlife.shrinking=off} skips shrinking; after a failure, the shrunk history is written as
 * a Gherkin scenario to {@code target/counterexamples/}, named with the property and the seed, so
 * that a bug found once can become a permanent feature test.
 */
public final class PropertyHooks implements AroundPropertyHook {

    public static final Path COUNTEREXAMPLES = Path.of("target", "counterexamples");

    /** Registered on a class, the hook must reach the class's property methods. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        String seed = System.getProperty("peerlife.seed");
        if (seed != null && !seed.isBlank()) {
            context.attributes().setSeed(seed);
        }
        Integer tries = Integer.getInteger("peerlife.tries");
        if (tries != null) {
            context.attributes().setTries(tries);
        }
        String shrinking = System.getProperty("peerlife.shrinking");
        if (shrinking != null && !shrinking.isBlank()) {
            context.attributes().setShrinking(ShrinkingMode.valueOf(shrinking.toUpperCase(java.util.Locale.ROOT)));
        }
        long startNs = System.nanoTime();
        PropertyExecutionResult result = property.execute();
        String counterexample = null;
        if (result.status() == PropertyExecutionResult.Status.FAILED) {
            counterexample = export(context, result);
        }
        record(context, result, counterexample, (System.nanoTime() - startNs) / 1_000_000);
        return result;
    }

    /**
     * Writes one JSON record per property run to {@code -Dpeerlife.propertyResults} (default
     * target/properties/), for the conformance report: name, requirement IDs, implementation, status,
     * tries, checks, seed, the shrunk counterexample and its Gherkin file.
     */
    private static void record(PropertyLifecycleContext context, PropertyExecutionResult result, String counterexample,
                               long durationMs) {
        Path dir = Path.of(System.getProperty("peerlife.propertyResults", "target/properties"));
        String name = context.targetMethod().getName();
        RequirementIds ids = context.targetMethod().getAnnotation(RequirementIds.class);
        java.util.Map<String, Object> record = new java.util.LinkedHashMap<>();
        record.put("name", name);
        record.put("requirements", ids == null ? List.of() : List.of(ids.value()));
        record.put("sut", SutSelector.selection());
        record.put("status", result.status().name().toLowerCase(java.util.Locale.ROOT));
        record.put("tries", result.countTries());
        record.put("checks", result.countChecks());
        record.put("seed", result.seed().orElse(null));
        record.put("durationMs", durationMs);
        record.put("failure", result.throwable().map(Throwable::getMessage).orElse(null));
        record.put("counterexample", result.shrunkSample().map(s -> String.valueOf(s.parameters())).orElse(null));
        record.put("counterexampleFeature", counterexample);
        try {
            Files.createDirectories(dir);
            String file = name + "-" + SutSelector.selection().replaceAll("[^A-Za-z0-9._-]", "_") + ".json";
            new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                    .writeValue(dir.resolve(file.length() > 200 ? file.substring(0, 200) : file).toFile(), record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The requirement IDs of a property method as Gherkin tags, for example "@MSL-1 @MSL-2". */
    static String tags(java.lang.reflect.Method method) {
        RequirementIds ids = method.getAnnotation(RequirementIds.class);
        return ids == null ? "" : String.join(" ", java.util.Arrays.stream(ids.value()).map(id -> "@" + id).toList());
    }

    private static String export(PropertyLifecycleContext context, PropertyExecutionResult result) {
        List<Object> sample = result.shrunkSample().map(s -> s.parameters())
                .or(() -> result.originalSample().map(s -> s.parameters())).orElse(List.of());
        History history = sample.stream().filter(History.class::isInstance).map(History.class::cast).findFirst().orElse(null);
        if (history == null) {
            return null;
        }
        String name = context.targetMethod().getName();
        String seed = result.seed().orElse("unknown");
        String ids = tags(context.targetMethod());
        String feature = GherkinExport.feature(history, name, seed, ids, SutSelector.selection());
        try {
            Files.createDirectories(COUNTEREXAMPLES);
            Path file = COUNTEREXAMPLES.resolve(name + "-" + seed + ".feature");
            Files.writeString(file, feature);
            System.out.println("counterexample of " + name + " (seed " + seed + ") written to " + file.toAbsolutePath());
            return file.toAbsolutePath().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
