package dev.peerlife.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * The conformance report: every catalogued requirement with its kind, and for every implementation run
 * both verdicts (conformance, decided by the normative requirements alone, and the reference profile),
 * each requirement's status with its checks, and the property results; then the simulations. Its JSON
 * form is report.json, described in docs/report.md. Immutable.
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

    /** Requirement kinds: normative IDs decide conformance; profile (REF) IDs are the reference's own decisions. */
    public static final String NORMATIVE = "normative";
    public static final String PROFILE = "profile";

    public Report {
        catalogue = List.copyOf(catalogue);
        implementations = List.copyOf(implementations);
        simulations = List.copyOf(simulations);
    }

    /** A catalogued requirement; {@code original} is what the spec's origin decides instead, for a REF ID. */
    public record Requirement(String id, String kind, String title, String source, String text, String original) {
        @JsonIgnore
        public boolean isNormative() {
            return NORMATIVE.equals(kind);
        }
    }

    /** One implementation run: both verdicts, every requirement's status, the property results. */
    public record Implementation(String name, String version, String sut, Verdicts verdict, List<RequirementResult> requirements,
                                 List<PropertyResult> properties) {
        public long count(String status) {
            return requirements.stream().filter(r -> r.status().equals(status)).count();
        }

        public RequirementResult requirement(String id) {
            return requirements.stream().filter(r -> r.id().equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no requirement " + id));
        }

        public PropertyResult property(String name) {
            return properties.stream().filter(p -> p.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no property " + name));
        }
    }

    /**
     * Both verdicts on one implementation.
     *
     * @param conformant whether no normative requirement failed or is not covered
     * @param conformance the verdict in words, for example "NOT CONFORMANT (MSL-3 failed)"
     * @param failed the normative IDs that failed
     * @param notCovered the normative IDs no check covers
     * @param notVerified the normative IDs whose every check was skipped as unsupported
     * @param unattributed failed checks that name no catalogued ID (they decide nothing; they should be tagged)
     * @param summary both verdicts in words on one line
     */
    public record Verdicts(boolean conformant, String conformance, List<String> failed, List<String> notCovered,
                           List<String> notVerified, Profile profile, List<String> unattributed, String summary) {
    }

    /**
     * The reference profile: on how many REF IDs the implementation matches the reference.
     *
     * @param differs the REF IDs a check failed on
     * @param notChecked the REF IDs skipped as unsupported or with no check
     * @param summary in words, for example "matches the reference profile on 12 of 14; differs on REF-3"
     */
    public record Profile(int matched, int total, List<String> differs, List<String> notChecked, String summary) {
    }

    /**
     * A requirement's status for one implementation: failed if any check blaming it failed (scenario
     * or property), else passed if one passed, else skipped if all were skipped as unsupported, else
     * not covered.
     *
     * @param properties the names of the property runs that check it or that a failure blames it on
     */
    public record RequirementResult(String id, String kind, String title, String source, String status,
                                    List<ScenarioResult> scenarios, List<String> properties) {
        @JsonIgnore
        public boolean isNormative() {
            return NORMATIVE.equals(kind);
        }
    }

    public record ScenarioResult(String name, String feature, String status, long durationMs, String message) {
    }

    /**
     * One property run.
     *
     * @param kind normative when it checks normative IDs, profile when only REF IDs
     * @param blamed the IDs its failure is blamed on (empty: every ID in requirements)
     */
    public record PropertyResult(String name, String kind, List<String> requirements, List<String> blamed, String status,
                                 long tries, long checks, String seed, long durationMs, String failure, String counterexample,
                                 String counterexampleFeature) {
        /** The IDs a failure counts against. */
        @JsonIgnore
        public List<String> blamedIds() {
            return blamed.isEmpty() ? requirements : blamed;
        }
    }

    /**
     * A simulation: its summary figures, each expectation's verdict, and the timelines as recorded.
     * {@code mode} "real" (sockets and Toxiproxy against the reference) or "virtual" (virtual time
     * against {@code sut}, replayable from {@code seed}; docs/virtual-simulation.md).
     */
    public record Simulation(String scenario, String toxiproxy, boolean passed, long durationMs, JsonNode summary,
                             List<Expectation> expectations, JsonNode faults, Map<String, JsonNode> timelines,
                             String mode, String sut, Long seed) {
        @JsonIgnore
        public boolean virtual() {
            return "virtual".equals(mode);
        }

        /** How a reader tells the run apart: the scenario, and for a virtual run the implementation and seed. */
        @JsonIgnore
        public String label() {
            return virtual() ? scenario + " (virtual time, " + sut + ", seed " + seed + ")" : scenario + " (real sockets, Toxiproxy " + toxiproxy + ")";
        }
    }

    public record Expectation(String expectation, boolean passed, String detail) {
    }

    /** Whether every implementation is CONFORMANT (profile differences do not count). */
    public boolean conformant() {
        return implementations.stream().allMatch(i -> i.verdict().conformant());
    }

    /** Whether every expectation of every simulation held. */
    public boolean simulationsHeld() {
        return simulations.stream().allMatch(Simulation::passed);
    }
}
