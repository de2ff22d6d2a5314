package dev.peerlife.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * The conformance report: every catalogued requirement, for every implementation run, with its
 * scenarios; the property results; the simulations. Its JSON form is report.json, described in
 * docs/report.md. Immutable.
 */
public record Report(
        String generatedAt,
        List<Requirement> catalogue,
        List<Implementation> implementations,
        List<Simulation> simulations) {

    public static final String PASSED = "passed";
    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";
    public static final String NOT_COVERED = "not covered";

    public record Requirement(String id, String title, String source, String text) {
    }

    /** One implementation run: the suite's verdict per requirement and the property results. */
    public record Implementation(String name, String version, String sut, List<RequirementResult> requirements,
                                 List<PropertyResult> properties) {
        public long count(String status) {
            return requirements.stream().filter(r -> r.status().equals(status)).count();
        }
    }

    /** A requirement's status for one implementation: failed if any scenario failed, and so on. */
    public record RequirementResult(String id, String title, String source, String status, List<ScenarioResult> scenarios) {
    }

    public record ScenarioResult(String name, String feature, String status, long durationMs, String message) {
    }

    public record PropertyResult(String name, List<String> requirements, String status, long tries, long checks,
                                 String seed, long durationMs, String failure, String counterexample,
                                 String counterexampleFeature) {
    }

    /** A simulation: its summary figures, each expectation's verdict, and the timelines as recorded. */
    public record Simulation(String scenario, String toxiproxy, boolean passed, long durationMs, JsonNode summary,
                             List<Expectation> expectations, JsonNode faults, Map<String, JsonNode> timelines) {
    }

    public record Expectation(String expectation, boolean passed, String detail) {
    }

    public boolean passed() {
        return implementations.stream().allMatch(i -> i.requirements().stream().allMatch(r -> r.status().equals(PASSED)
                        || r.status().equals(SKIPPED))
                && i.properties().stream().allMatch(p -> p.status().equals(PASSED)))
                && simulations.stream().allMatch(Simulation::passed);
    }
}
