package dev.peerlife.conformance.verdict;

import dev.peerlife.conformance.catalogue.Catalogue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every rule of the two verdicts, on hand-made check results against the real catalogue. */
class VerdictTest {

    private static final Catalogue CATALOGUE = Catalogue.load();

    private static ScenarioResult scenario(String name, Status status, String... ids) {
        return new ScenarioResult(name, "feature", status, List.of(ids), 1,
                status == Status.FAILED ? name + " broke" : status == Status.SKIPPED ? "unsupported: no client" : null);
    }

    private static PropertyResult property(String name, Status status, List<String> declared, List<String> blamed) {
        return new PropertyResult(name, status, declared, blamed, "42", 10, 10, 5,
                status == Status.FAILED ? name + " found a counterexample" : null, null, null);
    }

    /** One passing scenario per catalogued ID, except {@code except}. */
    private static List<ScenarioResult> allPassing(String... except) {
        List<ScenarioResult> out = new ArrayList<>();
        for (String id : CATALOGUE.ids()) {
            if (!Arrays.asList(except).contains(id)) {
                out.add(scenario("checks " + id, Status.PASSED, id));
            }
        }
        return out;
    }

    private static List<ScenarioResult> plus(List<ScenarioResult> list, ScenarioResult... more) {
        List<ScenarioResult> out = new ArrayList<>(list);
        out.addAll(List.of(more));
        return out;
    }

    private static Status status(Verdict v, String id) {
        return v.requirements().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow().status();
    }

    @Test
    void everyCataloguedRequirementGetsAVerdictInCatalogueOrder() {
        Verdict v = Verdict.of(CATALOGUE, allPassing(), List.of());
        assertEquals(CATALOGUE.ids(), v.requirements().stream().map(RequirementVerdict::id).toList());
        assertEquals(21, CATALOGUE.normativeIds().size());
        assertEquals(14, v.profileTotal());
    }

    @Test
    void everyRequirementPassedIsConformantAndMatchesTheWholeProfile() {
        Verdict v = Verdict.of(CATALOGUE, allPassing(), List.of());
        assertTrue(v.conformant());
        assertEquals("CONFORMANT; matches the reference profile on 14 of 14", v.summary());
    }

    @Test
    void aFailedScenarioFailsEveryRequirementItIsTaggedWithAndOnlyThose() {
        Verdict v = Verdict.of(CATALOGUE, plus(allPassing(), scenario("breaks two", Status.FAILED, "MSL-3", "PRO-2")), List.of());
        assertEquals(Status.FAILED, status(v, "MSL-3"));
        assertEquals(Status.FAILED, status(v, "PRO-2"));
        assertEquals(Status.PASSED, status(v, "MSL-4"));
        assertFalse(v.conformant());
        assertEquals(List.of("MSL-3", "PRO-2"), v.failed());
        assertEquals("NOT CONFORMANT (MSL-3, PRO-2 failed)", v.conformance());
        RequirementVerdict msl3 = v.requirements().stream().filter(r -> r.id().equals("MSL-3")).findFirst().orElseThrow();
        assertEquals(List.of("breaks two broke"), msl3.failedScenarios().stream().map(ScenarioResult::message).toList());
        assertEquals(1, msl3.passedChecks());
        assertEquals(2, msl3.checks());
    }

    @Test
    void aRequirementPassesWhenOneCheckPassedAndNoneFailedEvenIfOthersWereSkipped() {
        Verdict v = Verdict.of(CATALOGUE, plus(allPassing(), scenario("client only", Status.SKIPPED, "PRO-1")), List.of());
        assertEquals(Status.PASSED, status(v, "PRO-1"));
    }

    @Test
    void aNormativeRequirementWhoseEveryCheckWasSkippedIsNotVerifiedAndLeavesTheImplementationConformant() {
        Verdict v = Verdict.of(CATALOGUE, plus(allPassing("PRO-1"), scenario("client only", Status.SKIPPED, "PRO-1")), List.of());
        assertEquals(Status.SKIPPED, status(v, "PRO-1"));
        assertTrue(v.conformant());
        assertEquals(List.of("PRO-1"), v.notVerified());
        assertEquals("CONFORMANT (PRO-1 not verified: unsupported)", v.conformance());
    }

    @Test
    void aNormativeRequirementNoCheckIsTaggedWithIsNotCoveredAndMakesItNotConformant() {
        Verdict v = Verdict.of(CATALOGUE, allPassing("SRE-2"), List.of());
        assertEquals(Status.NOT_COVERED, status(v, "SRE-2"));
        assertFalse(v.conformant());
        assertEquals("NOT CONFORMANT (SRE-2 not covered)", v.conformance());
    }

    @Test
    void aFailedPropertyFailsItsRequirementEvenWhenEveryScenarioTaggedWithItPassed() {
        Verdict v = Verdict.of(CATALOGUE, allPassing(), List.of(property("msl3", Status.FAILED, List.of("MSL-3"), List.of())));
        assertEquals(Status.FAILED, status(v, "MSL-3"));
        assertEquals("NOT CONFORMANT (MSL-3 failed); matches the reference profile on 14 of 14", v.summary());
        RequirementVerdict msl3 = v.requirements().stream().filter(r -> r.id().equals("MSL-3")).findFirst().orElseThrow();
        assertEquals(List.of("msl3"), msl3.failedProperties().stream().map(PropertyResult::name).toList());
    }

    @Test
    void aPropertyFailureFailsOnlyTheRequirementsItIsBlamedOn() {
        Verdict v = Verdict.of(CATALOGUE, allPassing(),
                List.of(property("removal", Status.FAILED, List.of("MSL-3", "MSL-4"), List.of("MSL-4"))));
        assertEquals(Status.PASSED, status(v, "MSL-3"));
        assertEquals(Status.FAILED, status(v, "MSL-4"));
        assertEquals(List.of("MSL-4"), v.failed());
    }

    @Test
    void aPropertyFailureBlamingNothingFailsEveryRequirementItDeclares() {
        for (List<String> none : Arrays.asList(null, List.<String>of())) {
            Verdict v = Verdict.of(CATALOGUE, allPassing(),
                    List.of(property("removal", Status.FAILED, List.of("MSL-3", "MSL-4"), none)));
            assertEquals(List.of("MSL-3", "MSL-4"), v.failed());
        }
    }

    @Test
    void aPropertyThatFailedOnAnotherRequirementDoesNotCoverTheOthersItDeclares() {
        Verdict v = Verdict.of(CATALOGUE, allPassing("MSL-3"),
                List.of(property("removal", Status.FAILED, List.of("MSL-3", "MSL-4"), List.of("MSL-4"))));
        assertEquals(Status.NOT_COVERED, status(v, "MSL-3"), "its failure says nothing about MSL-3");
        assertEquals(Status.FAILED, status(v, "MSL-4"));
    }

    @Test
    void aPassedPropertyAloneCoversItsRequirements() {
        Verdict v = Verdict.of(CATALOGUE, allPassing("MSL-3"), List.of(property("removal", Status.PASSED, List.of("MSL-3"), null)));
        assertEquals(Status.PASSED, status(v, "MSL-3"));
        assertTrue(v.conformant());
    }

    @Test
    void aProfileDifferenceNeverChangesTheConformanceVerdict() {
        Verdict v = Verdict.of(CATALOGUE, plus(allPassing(), scenario("first heartbeat at once", Status.FAILED, "REF-3")),
                List.of(property("model", Status.FAILED, CATALOGUE.profileIds(), List.of("REF-7"))));
        assertTrue(v.conformant());
        assertEquals(List.of(), v.failed());
        assertEquals(List.of("REF-3", "REF-7"), v.profileDiffers());
        assertEquals("CONFORMANT; matches the reference profile on 12 of 14; differs on REF-3, REF-7", v.summary());
        assertTrue(v.isProfile(v.properties().get(0)));
    }

    @Test
    void aNormativeFailureBesideProfileDifferencesReadsAsTheIssueExample() {
        Verdict v = Verdict.of(CATALOGUE, plus(allPassing(), scenario("a", Status.FAILED, "MSL-3"),
                scenario("b", Status.FAILED, "REF-3"), scenario("c", Status.FAILED, "REF-7")), List.of());
        assertEquals("NOT CONFORMANT (MSL-3 failed); matches the reference profile on 12 of 14; differs on REF-3, REF-7", v.summary());
    }

    @Test
    void profileIdsThatWereSkippedOrNotCoveredAreNotCheckedNotMatched() {
        Verdict v = Verdict.of(CATALOGUE, plus(allPassing("REF-9", "REF-10"), scenario("sync lane", Status.SKIPPED, "REF-10")),
                List.of());
        assertEquals(List.of("REF-9", "REF-10"), v.profileNotChecked());
        assertEquals(12, v.profileMatched().size());
        assertTrue(v.conformant(), "an unchecked profile ID is not a normative gap");
        assertEquals("CONFORMANT; matches the reference profile on 12 of 14; not checked: REF-9, REF-10", v.summary());
    }

    @Test
    void everythingFailedAndUncoveredIsListedInOneLine() {
        Verdict v = Verdict.of(CATALOGUE, plus(allPassing("SRE-2", "PRO-1"), scenario("x", Status.FAILED, "MSL-1"),
                scenario("client", Status.SKIPPED, "PRO-1")), List.of());
        assertEquals("NOT CONFORMANT (MSL-1 failed; SRE-2 not covered; PRO-1 not verified: unsupported)", v.conformance());
    }

    @Test
    void failuresNamingNoCataloguedRequirementAreKeptInSightWithoutDecidingAnything() {
        Verdict v = Verdict.of(CATALOGUE, plus(allPassing(), scenario("untagged", Status.FAILED), scenario("old tag", Status.FAILED, "SRE-9")),
                List.of(property("untagged property", Status.FAILED, List.of(), null)));
        assertTrue(v.conformant());
        assertEquals(List.of("untagged", "old tag"), v.unattributedFailedScenarios().stream().map(ScenarioResult::name).toList());
        assertEquals(List.of("untagged property"), v.unattributedFailedProperties().stream().map(PropertyResult::name).toList());
    }

    @Test
    void aNormativePropertyIsNotAProfileOne() {
        Verdict v = Verdict.of(CATALOGUE, allPassing(), List.of(property("p", Status.PASSED, List.of("MSL-1"), null),
                property("q", Status.PASSED, List.of(), null)));
        assertFalse(v.isProfile(v.properties().get(0)));
        assertFalse(v.isProfile(v.properties().get(1)));
    }
}
