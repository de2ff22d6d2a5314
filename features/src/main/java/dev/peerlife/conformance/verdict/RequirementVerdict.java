package dev.peerlife.conformance.verdict;

import dev.peerlife.conformance.catalogue.Catalogue;

import java.util.List;

/**
 * One catalogued requirement's status for one implementation, with every check that concerns it.
 *
 * @param scenarios the scenarios tagged with it
 * @param properties the property runs tagged with it or blaming it
 */
public record RequirementVerdict(Catalogue.Requirement requirement, Status status, List<ScenarioResult> scenarios,
                                 List<PropertyResult> properties) {
    public RequirementVerdict {
        scenarios = List.copyOf(scenarios);
        properties = List.copyOf(properties);
    }

    public String id() {
        return requirement.id();
    }

    public boolean isNormative() {
        return requirement.isNormative();
    }

    /** The scenarios tagged with it that failed. */
    public List<ScenarioResult> failedScenarios() {
        return scenarios.stream().filter(s -> s.status() == Status.FAILED).toList();
    }

    /** The property runs whose failure is blamed on it. */
    public List<PropertyResult> failedProperties() {
        return properties.stream().filter(p -> p.blames(id())).toList();
    }

    /** How many of its checks (scenarios and properties) passed. */
    public long passedChecks() {
        return scenarios.stream().filter(s -> s.status() == Status.PASSED).count()
                + properties.stream().filter(p -> p.status() == Status.PASSED).count();
    }

    /** How many checks concern it. */
    public int checks() {
        return scenarios.size() + properties.size();
    }

    /**
     * The status from the checks: failed if a scenario tagged with it failed or a property failure is
     * blamed on it; else passed if a check passed; else skipped if every conclusive check was skipped
     * as unsupported; else not covered. A property that failed on other IDs says nothing about this
     * one, so it is not a conclusive check here.
     */
    static Status statusOf(String id, List<ScenarioResult> scenarios, List<PropertyResult> properties) {
        if (scenarios.stream().anyMatch(s -> s.status() == Status.FAILED) || properties.stream().anyMatch(p -> p.blames(id))) {
            return Status.FAILED;
        }
        List<Status> conclusive = new java.util.ArrayList<>();
        scenarios.forEach(s -> conclusive.add(s.status()));
        properties.stream().filter(p -> p.status() != Status.FAILED).forEach(p -> conclusive.add(p.status()));
        if (conclusive.contains(Status.PASSED)) {
            return Status.PASSED;
        }
        return conclusive.isEmpty() ? Status.NOT_COVERED : Status.SKIPPED;
    }
}
