package dev.peerlife.conformance.properties;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.peerlife.conformance.runner.SutSelector;
import dev.peerlife.conformance.spi.SystemUnderTest;
import dev.peerlife.conformance.steps.SharedSut;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import org.opentest4j.TestAbortedException;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 *   <li><b>Shrinking, finished and bounded.</b> jqwik's own shrinking is off: it can run on a thread it
 *       abandons at its time limit, still calling the implementation while the next property runs, and
 *       its candidate search on long histories can exhaust memory. Instead a failing history is shrunk
 *       here, in the property's own thread, by removing runs of steps while the property still fails the
 *       same way (blamed on the same IDs), within {@code -Dpeerlife.shrinkSeconds} (20 s) and
 *       {@code -Dpeerlife.shrinkTries} (2,000 runs). {@code -Dpeerlife.shrinking=off} skips it.
 *   <li><b>Replay.</b> {@code -Dpeerlife.seed=N} replays a run from its seed and {@code -Dpeerlife.tries=N}
 *       changes the budget.
 *   <li><b>Counterexamples.</b> The shrunk history is run once more on its own; only if it fails again
 *       is it written, as a Gherkin scenario in the suite's own steps that asserts the observation that
 *       failed, to {@code target/counterexamples/} (or {@code -Dpeerlife.counterexamples}).
 *   <li><b>Records.</b> One JSON record per property for the report: name, requirement IDs, the IDs the
 *       failure is blamed on, status, tries, seed, failure, the shrunk history and its Gherkin file.
 * </ul>
 */
public final class PropertyHooks implements AroundPropertyHook {

    private static final long SHRINK_SECONDS = Long.getLong("peerlife.shrinkSeconds", 20);
    private static final int SHRINK_TRIES = Integer.getInteger("peerlife.shrinkTries", 2_000);

    /** The running property's instance; properties run one at a time, each in one thread. */
    private static SystemUnderTest current;

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
        context.attributes().setShrinking(ShrinkingMode.OFF);
        boolean shrink = !"off".equalsIgnoreCase(System.getProperty("peerlife.shrinking", ""));
        closeSut();
        NeedsCapability needs = context.targetMethod().getAnnotation(NeedsCapability.class);
        if (needs != null && !sut().describe().can(needs.value())) {
            // jqwik's own aborted result: a result type of ours makes jqwik log a warning into a green build.
            PropertyExecutionResult unsupported = net.jqwik.engine.execution.lifecycle.PlainExecutionResult.aborted(
                    new TestAbortedException("unsupported: " + sut().describe().name()
                            + " does not declare the capability '" + needs.value() + "'"), (String) null);
            closeSut();
            record(context, unsupported, null, 0);
            return unsupported;
        }
        long startNs = System.nanoTime();
        PropertyExecutionResult result;
        Outcome outcome = null;
        try {
            result = property.execute();
            if (result.status() == PropertyExecutionResult.Status.FAILED) {
                outcome = replay(context, result, shrink);
                if (outcome.reproduced()) {
                    result = result.mapToFailed(new AssertionError(describe(context, result, outcome), outcome.failure()));
                }
            }
        } finally {
            closeSut();
        }
        record(context, result, outcome, (System.nanoTime() - startNs) / 1_000_000);
        if (result.status() == PropertyExecutionResult.Status.FAILED && isProfile(context.targetMethod())
                && dev.peerlife.conformance.steps.ProfileMode.reportOnly()) {
            // A reference-profile difference, in a plain run against another implementation: shown, not red.
            result = result.mapToAborted(new org.opentest4j.TestAbortedException("differs from the reference profile: "
                    + result.throwable().map(Throwable::getMessage).orElse("")));
        }
        return result;
    }

    private static String describe(PropertyLifecycleContext context, PropertyExecutionResult result, Outcome outcome) {
        return context.targetMethod().getName() + " failed (seed " + result.seed().orElse("?") + "; replay with -Dpeerlife.seed="
                + result.seed().orElse("?") + "): " + outcome.failure().getMessage()
                + "\n  shrunk sample: " + outcome.sample()
                + (outcome.feature() == null ? "" : "\n  counterexample: " + outcome.feature());
    }

    /** The shrunk sample, and what it does when run once more on its own. */
    private record Outcome(List<Object> sample, boolean reproduced, Throwable failure, String feature, int shrinkRuns,
                           boolean cutShort) {
    }

    private static Outcome replay(PropertyLifecycleContext context, PropertyExecutionResult result, boolean shrink) {
        List<Object> sample = result.falsifiedParameters()
                .or(() -> result.originalSample().map(s -> s.parameters())).orElse(List.of());
        Method method = context.targetMethod();
        method.setAccessible(true);
        Throwable first = run(context, method, sample);
        if (first == null) {
            return new Outcome(sample, false, null, null, 0, false); // flaky: recorded as not reproduced, nothing exported
        }
        Shrinker shrinker = new Shrinker(context, method, first);
        List<Object> shrunk = shrink ? shrinker.shrink(sample) : sample;
        Throwable failure = run(context, method, shrunk);
        if (failure == null) {
            return new Outcome(shrunk, false, null, null, shrinker.runs, shrinker.cutShort);
        }
        String feature = failure instanceof PropertyFailure pf && pf.setup() != null ? export(context, result, pf) : null;
        return new Outcome(shrunk, true, failure, feature, shrinker.runs, shrinker.cutShort);
    }

    /** Runs the property method once with {@code sample}; returns what it threw, or null if it passed. */
    private static Throwable run(PropertyLifecycleContext context, Method method, List<Object> sample) {
        try {
            method.invoke(context.testInstance(), sample.toArray());
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return e;
        }
    }

    /**
     * Delta debugging over a failing history's steps: removes runs of steps, halving their length
     * when none can go, while the property still fails the same way. Any sublist of a history is a
     * valid history, so every candidate is meaningful. Bounded in runs and time.
     */
    private static final class Shrinker {
        private final PropertyLifecycleContext context;
        private final Method method;
        private final Throwable original;
        private final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(SHRINK_SECONDS);
        int runs;
        boolean cutShort;

        Shrinker(PropertyLifecycleContext context, Method method, Throwable original) {
            this.context = context;
            this.method = method;
            this.original = original;
        }

        List<Object> shrink(List<Object> sample) {
            int at = -1;
            for (int i = 0; i < sample.size(); i++) {
                if (sample.get(i) instanceof History) {
                    at = i;
                }
            }
            if (at < 0) {
                return sample;
            }
            History history = (History) sample.get(at);
            List<Step> steps = new ArrayList<>(history.steps());
            int chunks = 2;
            while (steps.size() >= 1 && budgetLeft()) {
                int size = Math.max(1, steps.size() / chunks);
                boolean removed = false;
                for (int start = 0; start < steps.size() && budgetLeft(); start += size) {
                    List<Step> candidate = new ArrayList<>(steps.subList(0, start));
                    candidate.addAll(steps.subList(Math.min(steps.size(), start + size), steps.size()));
                    if (stillFails(sample, at, history, candidate)) {
                        steps = candidate;
                        removed = true;
                        break;
                    }
                }
                if (removed) {
                    chunks = Math.max(2, chunks - 1);
                } else if (size == 1) {
                    break;
                } else {
                    chunks = Math.min(steps.size(), chunks * 2);
                }
            }
            List<Object> out = new ArrayList<>(sample);
            out.set(at, history.withSteps(steps));
            return out;
        }

        private boolean budgetLeft() {
            if (runs >= SHRINK_TRIES || System.nanoTime() - deadlineNs > 0) {
                cutShort = true;
                return false;
            }
            return true;
        }

        private boolean stillFails(List<Object> sample, int at, History history, List<Step> steps) {
            runs++;
            List<Object> candidate = new ArrayList<>(sample);
            candidate.set(at, history.withSteps(steps));
            return sameFailure(run(context, method, candidate));
        }

        private boolean sameFailure(Throwable t) {
            if (t == null) {
                return false;
            }
            if (original instanceof PropertyFailure a) {
                return t instanceof PropertyFailure b && a.blamed().equals(b.blamed());
            }
            return t.getClass() == original.getClass();
        }
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
        record.put("shrinkRuns", outcome == null ? 0 : outcome.shrinkRuns());
        record.put("shrinkingCutShort", outcome != null && outcome.cutShort());
        record.put("counterexample", outcome == null ? null : String.valueOf(outcome.sample()));
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

    private static boolean isProfile(Method method) {
        RequirementIds ids = method.getAnnotation(RequirementIds.class);
        return ids != null && java.util.Arrays.stream(ids.value()).allMatch(id -> id.startsWith("REF-"));
    }

    /** The requirement IDs of a property method as Gherkin tags, for example "@MSL-1 @MSL-2". */
    static String tags(Method method) {
        RequirementIds ids = method.getAnnotation(RequirementIds.class);
        return ids == null ? "" : String.join(" ", java.util.Arrays.stream(ids.value()).map(id -> "@" + id).toList());
    }
}
