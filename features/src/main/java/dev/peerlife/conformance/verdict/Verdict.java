package dev.peerlife.conformance.verdict;

import dev.peerlife.conformance.catalogue.Catalogue;

import java.util.ArrayList;
import java.util.List;

/**
 * The two verdicts on one implementation, computed the same way for the console and for the report.
 *
 * <p><b>Conformance</b> is decided by the normative requirements alone: CONFORMANT when none is failed
 * or not covered. A normative requirement whose every check was skipped (the implementation does not
 * declare a capability they need) does not change it, and is listed as not verified.
 *
 * <p><b>The reference profile</b> (REF IDs, decisions the spec leaves open) is reported beside it and
 * never changes it: it matches on the REF IDs that passed, differs on those that failed, and the rest
 * were not checked.
 *
 * <p>A requirement fails when any check that blames it fails: a scenario blames its tags, a property
 * its blamed IDs (or all its IDs when it names none). Immutable.
 *
 * @param requirements one per catalogued ID, in catalogue order
 * @param scenarios every scenario result the verdict was computed from
 * @param properties every property result the verdict was computed from
 */
public record Verdict(List<RequirementVerdict> requirements, List<ScenarioResult> scenarios, List<PropertyResult> properties) {

    public Verdict {
        requirements = List.copyOf(requirements);
        scenarios = List.copyOf(scenarios);
        properties = List.copyOf(properties);
    }

    /** Computes every requirement's status from the checks. */
    public static Verdict of(Catalogue catalogue, List<ScenarioResult> scenarios, List<PropertyResult> properties) {
        List<RequirementVerdict> out = new ArrayList<>();
        for (Catalogue.Requirement r : catalogue.requirements()) {
            List<ScenarioResult> mine = scenarios.stream().filter(s -> s.ids().contains(r.id())).toList();
            List<PropertyResult> props = properties.stream().filter(p -> p.concerns(r.id())).toList();
            out.add(new RequirementVerdict(r, RequirementVerdict.statusOf(r.id(), mine, props), mine, props));
        }
        return new Verdict(out, scenarios, properties);
    }

    /** Whether no normative requirement is failed or not covered. */
    public boolean conformant() {
        return failed().isEmpty() && notCovered().isEmpty();
    }

    /** The normative IDs that failed. */
    public List<String> failed() {
        return normative(Status.FAILED);
    }

    /** The normative IDs no check is tagged with (or only checks that failed on other IDs). */
    public List<String> notCovered() {
        return normative(Status.NOT_COVERED);
    }

    /** The normative IDs not verified: every check was skipped as unsupported. */
    public List<String> notVerified() {
        return normative(Status.SKIPPED);
    }

    /** The REF IDs the implementation matches: at least one check passed and none failed. */
    public List<String> profileMatched() {
        return profile(Status.PASSED);
    }

    /** The REF IDs the implementation differs on: a check blaming them failed. */
    public List<String> profileDiffers() {
        return profile(Status.FAILED);
    }

    /** The REF IDs not checked: skipped as unsupported, or no check. */
    public List<String> profileNotChecked() {
        List<String> out = new ArrayList<>(profile(Status.SKIPPED));
        out.addAll(profile(Status.NOT_COVERED));
        return requirements.stream().map(RequirementVerdict::id).filter(out::contains).toList();
    }

    /** How many REF IDs the catalogue has. */
    public int profileTotal() {
        return (int) requirements.stream().filter(r -> !r.isNormative()).count();
    }

    /** Whether a property checks only REF IDs, so that its failure never changes conformance. */
    public boolean isProfile(PropertyResult property) {
        List<String> profileIds = requirements.stream().filter(r -> !r.isNormative()).map(RequirementVerdict::id).toList();
        return !property.requirements().isEmpty() && profileIds.containsAll(property.requirements());
    }

    /** Failed scenarios tagged with no catalogued ID: they cannot change a verdict, but must not go unseen. */
    public List<ScenarioResult> unattributedFailedScenarios() {
        List<String> ids = requirements.stream().map(RequirementVerdict::id).toList();
        return scenarios.stream().filter(s -> s.status() == Status.FAILED && s.ids().stream().noneMatch(ids::contains)).toList();
    }

    /** Failed properties that blame no catalogued ID. */
    public List<PropertyResult> unattributedFailedProperties() {
        List<String> ids = requirements.stream().map(RequirementVerdict::id).toList();
        return properties.stream().filter(p -> p.status() == Status.FAILED && p.blamedIds().stream().noneMatch(ids::contains))
                .toList();
    }

    /**
     * The conformance verdict in words: {@code CONFORMANT}, {@code CONFORMANT (PRO-1 not verified:
     * unsupported)} or {@code NOT CONFORMANT (MSL-3 failed; SRE-2 not covered)}.
     */
    public String conformance() {
        List<String> parts = new ArrayList<>();
        if (!failed().isEmpty()) {
            parts.add(String.join(", ", failed()) + " failed");
        }
        if (!notCovered().isEmpty()) {
            parts.add(String.join(", ", notCovered()) + " not covered");
        }
        if (!notVerified().isEmpty()) {
            parts.add(String.join(", ", notVerified()) + " not verified: unsupported");
        }
        String word = conformant() ? "CONFORMANT" : "NOT CONFORMANT";
        return parts.isEmpty() ? word : word + " (" + String.join("; ", parts) + ")";
    }

    /**
     * The reference profile in words: {@code matches the reference profile on 12 of 14; differs on
     * REF-3, REF-7}, with {@code ; not checked: REF-9} when some REF IDs were not checked.
     */
    public String profile() {
        StringBuilder s = new StringBuilder("matches the reference profile on ").append(profileMatched().size()).append(" of ")
                .append(profileTotal());
        if (!profileDiffers().isEmpty()) {
            s.append("; differs on ").append(String.join(", ", profileDiffers()));
        }
        if (!profileNotChecked().isEmpty()) {
            s.append("; not checked: ").append(String.join(", ", profileNotChecked()));
        }
        return s.toString();
    }

    /** Both verdicts on one line: {@code CONFORMANT; matches the reference profile on 14 of 14}. */
    public String summary() {
        return conformance() + "; " + profile();
    }

    private List<String> normative(Status status) {
        return requirements.stream().filter(r -> r.isNormative() && r.status() == status).map(RequirementVerdict::id).toList();
    }

    private List<String> profile(Status status) {
        return requirements.stream().filter(r -> !r.isNormative() && r.status() == status).map(RequirementVerdict::id).toList();
    }
}
