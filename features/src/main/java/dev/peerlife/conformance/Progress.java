package dev.peerlife.conformance;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClasspathResourceSource;
import org.junit.platform.engine.support.descriptor.FileSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Prints one line as each part of a run finishes, so that a long run is never silent: per feature
 * file its scenario counts, or per property its outcome. Called by the JUnit launcher, one thread.
 */
final class Progress implements TestExecutionListener {

    private final PrintStream out;
    private final boolean perTest;
    private final Map<String, int[]> counts = new HashMap<>();
    private final Map<String, Long> startedNs = new HashMap<>();
    private TestPlan plan;

    private Progress(PrintStream out, boolean perTest) {
        this.out = out;
        this.perTest = perTest;
    }

    /** A line per feature file: how many scenarios passed, failed and were skipped. */
    static Progress perFeature(PrintStream out) {
        return new Progress(out, false);
    }

    /** A line per property. */
    static Progress perProperty(PrintStream out) {
        return new Progress(out, true);
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        this.plan = testPlan;
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        startedNs.put(id.getUniqueId(), System.nanoTime());
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        if (id.isTest()) {
            finished(id, 2, 0);
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        long ms = Optional.ofNullable(startedNs.remove(id.getUniqueId())).map(t -> (System.nanoTime() - t) / 1_000_000).orElse(0L);
        if (id.isTest()) {
            finished(id, switch (result.getStatus()) {
                case SUCCESSFUL -> 0;
                case FAILED -> 1;
                case ABORTED -> 2;
            }, ms);
        } else if (!perTest && isFile(id)) {
            int[] c = counts.getOrDefault(id.getUniqueId(), new int[3]);
            StringBuilder line = new StringBuilder("  ").append(fileName(id)).append(": ").append(c[0]).append(" passed");
            if (c[1] > 0) {
                line.append(", ").append(c[1]).append(" FAILED");
            }
            if (c[2] > 0) {
                line.append(", ").append(c[2]).append(" skipped (unsupported)");
            }
            out.println(line.append("  (").append(seconds(ms)).append(')'));
        }
    }

    private void finished(TestIdentifier test, int outcome, long ms) {
        if (perTest) {
            String name = test.getSource().filter(MethodSource.class::isInstance).map(m -> ((MethodSource) m).getMethodName())
                    .orElse(test.getDisplayName());
            out.printf("  %s: %s  (%s)%n", name, new String[] {"passed", "FAILED", "skipped"}[outcome], seconds(ms));
            return;
        }
        TestIdentifier file = test;
        while (file != null && !isFile(file)) {
            file = plan.getParent(file).orElse(null);
        }
        if (file != null) {
            counts.computeIfAbsent(file.getUniqueId(), k -> new int[3])[outcome]++;
        }
    }

    /** A feature file: a container right under an engine. */
    private boolean isFile(TestIdentifier id) {
        return plan != null && id.isContainer() && plan.getParent(id).map(p -> plan.getRoots().contains(p)).orElse(false);
    }

    private static String fileName(TestIdentifier id) {
        TestSource source = id.getSource().orElse(null);
        String path = null;
        if (source instanceof ClasspathResourceSource c) {
            path = c.getClasspathResourceName();
        } else if (source instanceof FileSource f) {
            path = f.getFile().getName();
        }
        return path == null ? id.getDisplayName() : path.substring(path.lastIndexOf('/') + 1);
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
