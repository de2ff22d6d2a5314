package dev.peerlife.conformance;

import dev.peerlife.conformance.catalogue.Catalogue;
import dev.peerlife.conformance.controls.ModelSut;
import dev.peerlife.conformance.model.Alternative;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The split between normative checks and the reference profile, shown on implementations that meet
 * the spec but decide REF questions differently ({@link ModelSut}, a second implementation written
 * from the model, not from the reference): each is CONFORMANT, and the scenarios report exactly the
 * REF IDs it decides differently, nothing more and nothing less.
 */
class ReferenceProfileVariantsTest {

    private static final String MODEL = "class:" + ModelSut.class.getName();
    private static final Catalogue CATALOGUE = Catalogue.load();

    private static SuiteRun run(String alternatives, String name) {
        return SuiteRun.against(MODEL, "features", "variant-" + name, Map.of(ModelSut.PROPERTY, alternatives));
    }

    @Test
    void aSecondImplementationOfTheReferenceProfilePassesEveryScenario() {
        SuiteRun run = run("", "none");
        assertEquals(new TreeSet<>(), run.failedIds(), "failures: " + run.failureMessages());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Alternative.class)
    void eachAlternativeIsReportedAsExactlyItsOwnReferenceDecision(Alternative alternative) {
        SuiteRun run = run(alternative.name(), alternative.name());
        assertEquals(new TreeSet<>(Set.of(alternative.refId())), run.failedIds(),
                alternative + " should differ on " + alternative.refId() + " only: " + run.failureMessages());
    }

    @Test
    void theOriginalSystemsDecisionsKeepItConformantAndAreListedAsDifferences() {
        Set<String> expected = new TreeSet<>(new ModelSut(ModelSut.parse("original")).differingIds());
        SuiteRun run = run("original", "original");
        assertEquals(expected, run.failedIds(), run.failureMessages());
        assertEquals(new TreeSet<>(), normative(run.failedIds()));
        System.out.printf("original profile (%d alternatives): differs on %s%n", ModelSut.parse("original").size(), expected);
    }

    @Test
    void theOriginalSystemsDecisionsThroughTheDriverProtocol() {
        Set<String> expected = new TreeSet<>(new ModelSut(ModelSut.parse("original")).differingIds());
        String driver = "process:{java} -D" + ModelSut.PROPERTY + "=original -cp {classpath} "
                + "dev.peerlife.conformance.driver.SutDriver " + MODEL;
        SuiteRun run = SuiteRun.against(driver, "features", "variant-original-driver", Map.of());
        assertEquals(expected, run.failedIds(), run.failureMessages());
    }

    @Test
    void anUnvalidatedPolicyIsAProfileDifferenceNotAFault() {
        String sut = "class:" + dev.peerlife.conformance.controls.UnvalidatedPolicySut.class.getName();
        SuiteRun run = SuiteRun.against(sut, "features", "variant-unvalidated-policy", Map.of());
        assertEquals(new TreeSet<>(Set.of("REF-8")), run.failedIds(), run.failureMessages());
    }

    private static Set<String> normative(Set<String> ids) {
        Set<String> out = new TreeSet<>(ids);
        out.removeIf(id -> !CATALOGUE.isNormative(id));
        return out;
    }
}
