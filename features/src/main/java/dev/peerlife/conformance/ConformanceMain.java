package dev.peerlife.conformance;

import dev.peerlife.conformance.catalogue.Catalogue;
import dev.peerlife.conformance.runner.ProcessSut;
import dev.peerlife.conformance.runner.SutSelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherFactory;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.cucumber.junit.platform.engine.Constants.GLUE_PROPERTY_NAME;
import static io.cucumber.junit.platform.engine.Constants.PLUGIN_PROPERTY_NAME;
import static io.cucumber.junit.platform.engine.Constants.PLUGIN_PUBLISH_QUIET_PROPERTY_NAME;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.launcher.EngineFilter.includeEngines;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * Runs the conformance suite against the implementation selected by {@code -Dsut} (or {@code SUT}),
 * writes Cucumber JSON and message results to the output folder, prints a summary by requirement
 * and exits non-zero if any requirement failed or has no scenario.
 *
 * <p>Usage: {@code ConformanceMain [outputDir]}; default {@code target/conformance}.
 */
public final class ConformanceMain {

    private ConformanceMain() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "target/conformance");
        Files.createDirectories(out);
        exposeClassPath();
        String sut = SutSelector.selection();
        System.setProperty(SutSelector.PROPERTY, sut);

        LauncherDiscoveryRequest request = request()
                .selectors(selectClasspathResource("features"))
                .filters(includeEngines("cucumber"))
                .configurationParameter(GLUE_PROPERTY_NAME, "dev.peerlife.conformance.steps")
                .configurationParameter(PLUGIN_PUBLISH_QUIET_PROPERTY_NAME, "true")
                .configurationParameter(PLUGIN_PROPERTY_NAME, "json:" + out.resolve("cucumber.json")
                        + ", message:" + out.resolve("cucumber.ndjson"))
                .build();
        Recorder recorder = new Recorder();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, recorder);
        describe(sut, out);

        boolean ok = summarize(sut, recorder.results, out);
        ok &= properties(launcher, out);
        System.exit(ok ? 0 : 1);
    }

    /** Records which implementation ran, for the report. */
    private static void describe(String sut, Path out) throws IOException {
        var description = dev.peerlife.conformance.steps.SharedSut.get().describe();
        var node = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                .put("name", description.name()).put("version", description.version()).put("sut", sut);
        node.putArray("capabilities").addAll(description.capabilities().stream()
                .map(com.fasterxml.jackson.databind.node.TextNode::new).toList());
        Files.writeString(out.resolve("implementation.json"), node.toPrettyString());
    }

    /**
     * Runs the properties too when they are on the class path (the main job puts the test classes
     * there); their records go to OUT/properties/. Returns whether none failed.
     */
    private static boolean properties(Launcher launcher, Path out) {
        String properties = "dev.peerlife.conformance.properties.LifecycleProperties";
        try {
            Class.forName(properties);
        } catch (ClassNotFoundException e) {
            System.out.println("Properties: not on the class path, not run");
            return true;
        }
        System.setProperty("peerlife.propertyResults", out.resolve("properties").toString());
        Recorder recorder = new Recorder();
        launcher.execute(request()
                .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(properties))
                .filters(includeEngines("jqwik"))
                .configurationParameter("jqwik.database", out.resolve("jqwik-database").toString())
                .build(), recorder);
        long passed = recorder.results.stream().filter(r -> r.status.equals("passed")).count();
        long failed = recorder.results.stream().filter(r -> r.status.equals("failed")).count();
        System.out.printf("Properties: %d passed, %d failed; records: %s%n", passed, failed, out.resolve("properties"));
        recorder.results.stream().filter(r -> r.status.equals("failed"))
                .forEach(r -> System.out.printf("  FAILED %s: %s%n", r.title, firstLine(r.message)));
        return failed == 0;
    }

    /** Under exec:java the JVM class path is Maven's; the project's is the context loader's. */
    private static void exposeClassPath() {
        if (System.getProperty(ProcessSut.CLASSPATH_PROPERTY) == null
                && Thread.currentThread().getContextClassLoader() instanceof URLClassLoader loader) {
            String cp = Arrays.stream(loader.getURLs()).map(URL::getFile).collect(Collectors.joining(File.pathSeparator));
            System.setProperty(ProcessSut.CLASSPATH_PROPERTY, cp);
        }
    }

    record Result(String title, List<String> ids, String status, String message) {
    }

    private static boolean summarize(String sut, List<Result> results, Path out) {
        Catalogue catalogue = Catalogue.load();
        long passed = results.stream().filter(r -> r.status.equals("passed")).count();
        long failed = results.stream().filter(r -> r.status.equals("failed")).count();
        long skipped = results.stream().filter(r -> r.status.equals("skipped")).count();
        System.out.printf("%nConformance of '%s': %d scenarios, %d passed, %d failed, %d skipped (unsupported)%n",
                sut, results.size(), passed, failed, skipped);
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        int bad = 0;
        for (Catalogue.Requirement r : catalogue.requirements()) {
            List<Result> mine = results.stream().filter(x -> x.ids.contains(r.id())).toList();
            String status;
            if (mine.isEmpty()) {
                status = "not covered";
            } else if (mine.stream().anyMatch(x -> x.status.equals("failed"))) {
                status = "FAILED";
            } else if (mine.stream().anyMatch(x -> x.status.equals("passed"))) {
                status = "passed";
            } else {
                status = "skipped";
            }
            if (status.equals("FAILED") || status.equals("not covered")) {
                bad++;
            }
            byStatus.merge(status, 1, Integer::sum);
            long ok = mine.stream().filter(x -> x.status.equals("passed")).count();
            System.out.printf("  %-6s %-11s %d/%d  %s%n", r.id(), status, ok, mine.size(), r.title());
            for (Result x : mine) {
                if (x.status.equals("failed")) {
                    System.out.printf("           - %s: %s%n", x.title, firstLine(x.message));
                }
            }
        }
        System.out.printf("Requirements: %s%nResults: %s%n", byStatus, out.resolve("cucumber.json"));
        return bad == 0 && failed == 0;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static final class Recorder implements TestExecutionListener {
        final List<Result> results = new ArrayList<>();

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            if (id.isTest()) {
                results.add(new Result(id.getDisplayName(), ids(id), "skipped", reason));
            }
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (!id.isTest()) {
                return;
            }
            String status = switch (result.getStatus()) {
                case SUCCESSFUL -> "passed";
                case ABORTED -> "skipped";
                case FAILED -> "failed";
            };
            results.add(new Result(id.getDisplayName(), ids(id), status,
                    result.getThrowable().map(Throwable::getMessage).orElse(null)));
        }

        private static List<String> ids(TestIdentifier id) {
            return id.getTags().stream().map(TestTag::getName).filter(t -> t.matches("[A-Z]+-\\d+")).toList();
        }
    }
}
