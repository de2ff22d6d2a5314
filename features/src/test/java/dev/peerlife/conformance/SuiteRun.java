package dev.peerlife.conformance;

import dev.peerlife.conformance.steps.SharedSut;
import org.junit.platform.engine.TestTag;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import static io.cucumber.junit.platform.engine.Constants.GLUE_PROPERTY_NAME;
import static io.cucumber.junit.platform.engine.Constants.PLUGIN_PROPERTY_NAME;
import static io.cucumber.junit.platform.engine.Constants.PLUGIN_PUBLISH_QUIET_PROPERTY_NAME;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

/** Runs the suite, or part of it, against one implementation inside this JVM, for tests of the suite itself. */
final class SuiteRun {

    final EngineExecutionResults results;

    private SuiteRun(EngineExecutionResults results) {
        this.results = results;
    }

    static SuiteRun against(String sut, String resource, String reportName, Map<String, String> properties) {
        return run(sut, selectClasspathResource(resource), reportName, properties);
    }

    /** The feature files of one folder, for exported counterexamples. */
    static SuiteRun againstDirectory(String sut, java.nio.file.Path dir, String reportName, Map<String, String> properties) {
        return run(sut, org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory(dir.toFile()), reportName, properties);
    }

    private static SuiteRun run(String sut, org.junit.platform.engine.DiscoverySelector selector, String reportName,
                                Map<String, String> properties) {
        String previous = System.getProperty("sut");
        Map<String, String> saved = new java.util.HashMap<>();
        properties.forEach((k, v) -> saved.put(k, System.getProperty(k)));
        System.setProperty("sut", sut);
        saved.putIfAbsent(dev.peerlife.conformance.steps.ProfileMode.PROPERTY,
                System.getProperty(dev.peerlife.conformance.steps.ProfileMode.PROPERTY));
        // The self-tests tell profile differences from failures themselves: every failure counts as one.
        System.setProperty(dev.peerlife.conformance.steps.ProfileMode.PROPERTY, "enforce");
        properties.forEach(System::setProperty);
        SharedSut.discard(); // a fresh instance, created with these properties
        try {
            return new SuiteRun(EngineTestKit.engine("cucumber")
                    .configurationParameter(GLUE_PROPERTY_NAME, "dev.peerlife.conformance.steps")
                    .configurationParameter(PLUGIN_PUBLISH_QUIET_PROPERTY_NAME, "true")
                    .configurationParameter(PLUGIN_PROPERTY_NAME, "json:" + cucumberJson(reportName))
                    .selectors(selector)
                    .execute());
        } finally {
            SharedSut.discard();
            restore("sut", previous);
            saved.forEach(SuiteRun::restore);
        }
    }

    /** The Cucumber JSON a run named {@code reportName} wrote. */
    static java.nio.file.Path cucumberJson(String reportName) {
        return java.nio.file.Path.of("target", "cucumber", reportName + ".json");
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    List<Event> failed() {
        return results.testEvents().failed().list();
    }

    long succeeded() {
        return results.testEvents().succeeded().count();
    }

    long aborted() {
        return results.testEvents().aborted().count();
    }

    /** The requirement IDs of the scenarios that failed. */
    TreeSet<String> failedIds() {
        TreeSet<String> ids = new TreeSet<>();
        for (Event e : failed()) {
            for (TestTag tag : e.getTestDescriptor().getTags()) {
                if (tag.getName().matches("[A-Z]+-\\d+")) {
                    ids.add(tag.getName());
                }
            }
        }
        return ids;
    }

    /** Each failed scenario with its tags and the first line of its failure, for assertion messages. */
    String failureMessages() {
        StringBuilder out = new StringBuilder();
        for (Event e : failed()) {
            String message = failure(e).map(Throwable::getMessage).orElse("");
            int nl = message.indexOf('\n');
            out.append("\n  ").append(e.getTestDescriptor().getDisplayName()).append(' ')
                    .append(e.getTestDescriptor().getTags().stream().map(TestTag::getName).toList()).append(": ")
                    .append(nl < 0 ? message : message.substring(0, nl));
        }
        return out.toString();
    }

    static Optional<Throwable> failure(Event event) {
        return event.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable);
    }
}
