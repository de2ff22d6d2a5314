package dev.peerlife.conformance.verdict;

import java.util.List;

/**
 * How one property run ended, as its record in OUT/properties/ says.
 *
 * @param requirements the IDs the property checks (normative or profile, never both)
 * @param blamed the IDs a failure is blamed on; empty: every ID in {@code requirements}
 * @param failure the failure message; null when it passed
 * @param counterexample the shrunk sample as text, or null
 * @param counterexampleFeature the exported Gherkin file of the counterexample, or null
 * @param reproduced for a failure: whether its sample failed again when run once more on its own (false: flaky,
 *                   nothing exported); null when the property passed or the record does not say
 * @param shrinkRuns how many runs shrinking the failing sample took
 * @param shrinkingCutShort whether shrinking stopped at its budget of runs or time (the sample may not be minimal)
 */
public record PropertyResult(String name, Status status, List<String> requirements, List<String> blamed, String seed,
                             long tries, long checks, long durationMs, String failure, String counterexample,
                             String counterexampleFeature, Boolean reproduced, long shrinkRuns, boolean shrinkingCutShort) {

    /** A run whose record says nothing of replaying or shrinking its failure. */
    public PropertyResult(String name, Status status, List<String> requirements, List<String> blamed, String seed, long tries,
                          long checks, long durationMs, String failure, String counterexample, String counterexampleFeature) {
        this(name, status, requirements, blamed, seed, tries, checks, durationMs, failure, counterexample, counterexampleFeature,
                null, 0, false);
    }

    public PropertyResult {
        if (status == Status.NOT_COVERED) {
            throw new IllegalArgumentException("a property is passed, failed or skipped, not " + status.label());
        }
        requirements = List.copyOf(requirements);
        blamed = blamed == null ? List.of() : List.copyOf(blamed);
    }

    /** The IDs a failure counts against: the blamed ones, or every declared one when none is blamed. */
    public List<String> blamedIds() {
        return blamed.isEmpty() ? requirements : blamed;
    }

    /** Whether this run failed but its sample passed when run once more on its own: a flaky failure. */
    public boolean notReproduced() {
        return status == Status.FAILED && Boolean.FALSE.equals(reproduced);
    }

    /** Whether this run failed and its failure is blamed on {@code id}. */
    public boolean blames(String id) {
        return status == Status.FAILED && blamedIds().contains(id);
    }

    /** Whether this run is tagged with {@code id} or blames it. */
    public boolean concerns(String id) {
        return requirements.contains(id) || blames(id);
    }
}
