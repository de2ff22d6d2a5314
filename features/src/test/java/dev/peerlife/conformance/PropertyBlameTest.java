package dev.peerlife.conformance;

import dev.peerlife.conformance.controls.ModelSut;
import dev.peerlife.conformance.model.Alternative;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The properties blame a difference on the REF decision that made it: against an implementation
 * that meets the spec but decides one REF question differently, no normative property fails, and
 * the profile properties blame that REF ID and no other. A fixed seed keeps the runs reproducible.
 */
class PropertyBlameTest {

    private static final String MODEL = "class:" + ModelSut.class.getName();
    private static final Map<String, String> BUDGET = Map.of("peerlife.tries", "300", "peerlife.seed", "42");

    private static PropertyRun run(String alternatives, String name) {
        Map<String, String> props = new java.util.HashMap<>(BUDGET);
        props.put(ModelSut.PROPERTY, alternatives);
        return PropertyRun.against(MODEL, "blame-" + name, props);
    }

    @Test
    void aSecondImplementationOfTheReferenceProfilePassesEveryProperty() {
        PropertyRun run = run("", "none");
        assertEquals(Map.of(), run.failures(), run.describe());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Alternative.class)
    void aDifferenceIsBlamedOnItsOwnDecisionOnly(Alternative alternative) {
        PropertyRun run = run(alternative.name(), alternative.name());
        Set<String> blamed = run.blamedIds();
        assertTrue(Set.of(alternative.refId()).containsAll(blamed),
                alternative + " may only be blamed on " + alternative.refId() + ": " + run.describe());
        System.out.printf("property blame for %s: %s%n", alternative, blamed.isEmpty() ? "not exercised by the properties" : blamed);
    }

    @Test
    void theOriginalSystemsDecisionsFailNoNormativeProperty() {
        PropertyRun run = run("original", "original");
        Set<String> allowed = new TreeSet<>(new ModelSut(ModelSut.parse("original")).differingIds());
        assertTrue(allowed.containsAll(run.blamedIds()), run.describe());
    }
}
