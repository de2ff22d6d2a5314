package dev.peerlife.conformance.properties;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.peerlife.conformance.runner.SutSelector;
import dev.peerlife.conformance.spi.SystemUnderTest;
import dev.peerlife.conformance.steps.SharedSut;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.AroundTryHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.lifecycle.TryExecutionResult;
import net.jqwik.api.lifecycle.TryExecutor;
import net.jqwik.api.lifecycle.TryLifecycleContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Around every property:
 * <ul>
 *   <li><b>Isolation.</b> The property gets its own instance of the implementation under test
 *       ({@link #sut()}: a fresh driver process for {@code process:}), closed when the property ends.
 *       Shrinking runs in the property's own thread ({@link ShrinkingMode#FULL}) within a budget
 *       ({@code -Dpeerlife.shrinkSeconds}, 20 s; {@code -Dpeerlife.shrinkTries}, 5,000 tries): past it,
 *       the remaining shrink tries pass at once, so shrinking is finished, never abandoned on a thread
 *       that keeps calling the implementation while the next property runs.
 *   <li><b>Replay.</b> {@code -Dpeerlife.seed=N} replays a run from its seed, {@code -Dpeerlife.tries=N}
 *       changes the budget and {@code -Dpeerlife.shrinking=off} skips shrinking.
 *   <li><b>Counterexamples.</b> After a failure the shrunk sample is run once more on its own; only if
 *       it fails again is it written, as a Gherkin scenario in the suite's own steps that asserts the
 *       observation that failed, to {@code target/counterexamples/} (or {@code -Dpeerlife.counterexamples}).
 *   <li><b>Records.</b> One JSON record per property for the report: name, requirement IDs, the IDs the
 *       failure is blamed on, status, tries, seed, failure and counterexample.
 * </ul>
 */
public final class PropertyHooks implements AroundPropertyHook, AroundTryHook {

    private static final long SHRINK_SECONDS = Long.getLong("peerlife.shrinkSeconds", 20);
    private static final int SHRINK_TRIES = Integer.getInteger("peerlife.shrinkTries", 5_000);

    /** The running property's state; properties run one at a time, and shrinking now runs in their thread. */
    private static SystemUnderTest current;
    private static long firstFailureNs;
    private static int triesSinceFailure;
    private static boolean cutShort;

    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    /** The running property's own instance of the implementation under test, created on first use. */
    public static synchronized SystemUnderTest sut() {
        if (current == null) {
            current = SutSelector.create(SutSelector.selection(), SharedSut.callTimeoutMs());
        }
        return current;
    }

    private static synchronized void closeSut() {
        if (current != null) {
            try {
                current.close();
            } catch (RuntimeException ignored) {
                // a broken implementation may fail to close; it is dropped either way
            }
            current = null;
        }
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
        context.attributes().setShrinking(shrinking != null && !shrinking.isBlank()
                ? ShrinkingMode.valueOf(shrinking.toUpperCase(Locale.ROOT)) : ShrinkingMode.FULL);
        firstFailureNs = 0;
        triesSinceFailure = 0;
        cutShort = false;
        closeSut();
        long startNs = System.nanoTime();
        PropertyExecutionResult result;
        Outcome outcome = null;
        try {
            result = property.execute();
            if (result.status() == PropertyExecutionResult.Status.FAILED) {
                outcome = replay(context, result);
            }
        } finally {
            closeSut();
        }
        record(context, result, outcome, (System.nanoTime() - startNs) / 1_000_000);
        return result;
    }

    /** Stops spending time on shrinking once its budget is used: the remaining candidates pass at once. */
    @Override
    public TryExecutionResult aroundTry(TryLifecycleContext context, TryExecutor aTry, List<Object> parameters) {
        if (firstFailureNs != 0) {
            triesSinceFailure++;
            if (triesSinceFailure > SHRINK_TRIES
                    || System.nanoTime() - firstFailureNs > TimeUnit.SECONDS.toNanos(SHRINK_SECONDS)) {
                cutShort = true;
                return TryExecutionResult.satisfied();
            }
        }
        TryExecutionResult result = aTry.execute(parameters);
        if (result.isFalsified() && firstFailureNs == 0) {
            firstFailureNs = System.nanoTime();
        }
        return result;
    }

    /** What the shrunk sample does when run once more on its own. */
    private record Outcome(boolean reproduced, Throwable failure, String feature) {
    }

    private static Outcome replay(PropertyLifecycleContext context, PropertyExecutionResult result) {
        List<Object> sample = result.shrunkSample().map(s -> s.parameters())
                .or(() -> result.originalSample().map(s -> s.parameters())).orElse(List.of());
        Method method = context.targetMethod();
        Throwable failure = null;
        try {
            method.setAccessible(true);
            method.invoke(context.testInstance(), sample.toArray());
        } catch (InvocationTargetException e) {
            failure = e.getCause();
        } catch (ReflectiveOperationException | RuntimeException e) {
            failure = e;
        }
        if (failure == null) {
            return new Outcome(false, null, null); // flaky: recorded as not reproduced, nothing exported
        }
        String feature = failure instanceof PropertyFailure pf && pf.policy() != null ? export(context, result, pf) : null;
        return new Outcome(true, failure, feature);
    }

    private static String export(PropertyLifecycleContext context, PropertyExecutionResult result, PropertyFailure failure) {
        String name = context.targetMethod().getName();
        String seed = result.seed().orElse("unknown");
        String feature = GherkinExport.feature(failure, name, seed, SutSelector.selection());
        Path dir = Path.of(System.getProperty("peerlife.counterexamples", "target/counterexamples"));
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name + "-" + seed + ".feature");
            Files.writeString(file, feature);
            return file.toAbsolutePath().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes one JSON record per property run to {@code -Dpeerlife.propertyResults} (default
     * target/properties/), for the conformance report.
     */
    private static void record(PropertyLifecycleContext context, PropertyExecutionResult result, Outcome outcome, long durationMs) {
        Path dir = Path.of(System.getProperty("peerlife.propertyResults", "target/properties"));
        String name = context.targetMethod().getName();
        RequirementIds ids = context.targetMethod().getAnnotation(RequirementIds.class);
        Throwable failure = outcome != null && outcome.failure() != null ? outcome.failure() : result.throwable().orElse(null);
        Set<String> blamed = failure instanceof PropertyFailure pf ? pf.blamed() : Set.of();
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("name", name);
        record.put("requirements", ids == null ? List.of() : List.of(ids.value()));
        record.put("blamed", List.copyOf(blamed));
        record.put("sut", SutSelector.selection());
        record.put("status", result.status().name().toLowerCase(Locale.ROOT));
        record.put("tries", result.countTries());
        record.put("checks", result.countChecks());
        record.put("seed", result.seed().orElse(null));
        record.put("durationMs", durationMs);
        record.put("failure", failure == null ? null : failure.getMessage());
        record.put("shrinkingCutShort", cutShort);
        record.put("counterexample", result.shrunkSample().map(s -> String.valueOf(s.parameters())).orElse(null));
        record.put("reproduced", outcome == null ? null : outcome.reproduced());
        record.put("counterexampleFeature", outcome == null ? null : outcome.feature());
        try {
            Files.createDirectories(dir);
            String file = name + "-" + SutSelector.selection().replaceAll("[^A-Za-z0-9._-]", "_");
            file = file.length() > 200 ? file.substring(0, 200) : file;
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(dir.resolve(file + ".json").toFile(), record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The requirement IDs of a property method as Gherkin tags, for example "@MSL-1 @MSL-2". */
    static String tags(Method method) {
        RequirementIds ids = method.getAnnotation(RequirementIds.class);
        return ids == null ? "" : String.join(" ", java.util.Arrays.stream(ids.value()).map(id -> "@" + id).toList());
    }
}
