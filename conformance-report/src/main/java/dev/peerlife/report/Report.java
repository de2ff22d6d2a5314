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
        List<Simulation> simulations,
        List<EarlierRun> earlierRuns) {

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
        earlierRuns = List.copyOf(earlierRuns);
    }

    /** This report with other implementations (the same otherwise). */
    public Report withImplementations(List<Implementation> replaced) {
        return new Report(generatedAt, catalogue, replaced, simulations, earlierRuns);
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
        /** The same run with other property results. */
        public Implementation withProperties(List<PropertyResult> replaced) {
            return new Implementation(name, version, sut, verdict, requirements, replaced);
        }

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
     * @param counterexampleFeature the exported Gherkin file of the counterexample: once written, relative to
     *                              the report folder (the file is copied in when it was elsewhere); null if none
     * @param reproduced for a failure, whether its sample failed again when run once more on its own (false:
     *                   flaky, nothing exported); null when it passed or the record does not say
     * @param shrinkRuns how many runs shrinking the failing sample took
     * @param shrinkingCutShort whether shrinking stopped at its budget (the sample may not be minimal)
     */
    public record PropertyResult(String name, String kind, List<String> requirements, List<String> blamed, String status,
                                 long tries, long checks, String seed, long durationMs, String failure, String counterexample,
                                 String counterexampleFeature, Boolean reproduced, long shrinkRuns, boolean shrinkingCutShort) {
        /** The IDs a failure counts against. */
        @JsonIgnore
        public List<String> blamedIds() {
            return blamed.isEmpty() ? requirements : blamed;
        }

        /** Whether it failed but its sample passed when run once more on its own. */
        @JsonIgnore
        public boolean notReproduced() {
            return FAILED.equals(status) && Boolean.FALSE.equals(reproduced);
        }

        /** The same run with its counterexample file at {@code feature}. */
        public PropertyResult withCounterexampleFeature(String feature) {
            return new PropertyResult(name, kind, requirements, blamed, status, tries, checks, seed, durationMs, failure,
                    counterexample, feature, reproduced, shrinkRuns, shrinkingCutShort);
        }
    }

    /** A simulation: its summary figures, each expectation's verdict, and the timelines as recorded. */
    public record Simulation(String scenario, String toxiproxy, boolean passed, long durationMs, JsonNode summary,
                             List<Expectation> expectations, JsonNode faults, Map<String, JsonNode> timelines) {
    }

    public record Expectation(String expectation, boolean passed, String detail) {
    }

    /**
     * An earlier run, read from its report.json, for the trend.
     *
     * @param file the report.json it was read from, as given
     * @param simulationsHeld of how many simulations every expectation held
     */
    public record EarlierRun(String generatedAt, String file, List<EarlierImplementation> implementations, int simulations,
                             int simulationsHeld) {
    }

    /** One implementation's verdicts in an earlier run. */
    public record EarlierImplementation(String name, String version, boolean conformant, String conformance, int profileMatched,
                                        int profileTotal, int propertiesPassed, int properties) {
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
