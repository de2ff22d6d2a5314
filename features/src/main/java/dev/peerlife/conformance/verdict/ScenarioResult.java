package dev.peerlife.conformance.verdict;

import java.util.List;

/**
 * How one scenario of the suite ended.
 *
 * @param ids the requirement IDs it is tagged with (normative or profile, never both)
 * @param message the first line of the failure, or why it was skipped; null when it passed
 */
public record ScenarioResult(String name, String feature, Status status, List<String> ids, long durationMs, String message) {
    public ScenarioResult {
        if (status == Status.NOT_COVERED) {
            throw new IllegalArgumentException("a scenario is passed, failed or skipped, not " + status.label());
        }
        ids = List.copyOf(ids);
    }
}
