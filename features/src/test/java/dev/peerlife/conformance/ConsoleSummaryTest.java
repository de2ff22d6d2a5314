package dev.peerlife.conformance;

import dev.peerlife.conformance.catalogue.Catalogue;
import dev.peerlife.conformance.spi.SutDescription;
import dev.peerlife.conformance.verdict.PropertyResult;
import dev.peerlife.conformance.verdict.ScenarioResult;
import dev.peerlife.conformance.verdict.Status;
import dev.peerlife.conformance.verdict.Verdict;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console summary says both verdicts in words, every failure with its message, and property seeds. */
class ConsoleSummaryTest {

    private static String print(Verdict verdict) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleSummary.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), "class:com.acme.Sut",
                new SutDescription("acme", "1.2", List.of("client")), verdict);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static Verdict sample() {
        Catalogue catalogue = Catalogue.load();
        List<ScenarioResult> scenarios = new ArrayList<>();
        for (String id : catalogue.ids()) {
            if (!id.equals("SRE-2") && !id.equals("REF-9")) {
                scenarios.add(new ScenarioResult("checks " + id, "f", Status.PASSED, List.of(id), 1, null));
            }
        }
        scenarios.add(new ScenarioResult("Disconnect removes one session only", "f", Status.FAILED, List.of("MSL-3"), 1,
                "peer bob is TransportConnected, expected LoggedIn"));
        scenarios.add(new ScenarioResult("First heartbeat at once", "f", Status.FAILED, List.of("REF-3"), 1, "no heartbeat at 0 ms"));
        scenarios.add(new ScenarioResult("Client flow", "f", Status.SKIPPED, List.of("SRE-2"), 0, "unsupported: no client"));
        List<PropertyResult> properties = List.of(
                new PropertyResult("msl4_stopClearsAll", Status.FAILED, List.of("MSL-3", "MSL-4"), List.of("MSL-4"), "-77", 12, 12, 900,
                        "after stop p1 remains\nmore detail", null, "target/counterexamples/msl4-77.feature"),
                new PropertyResult("ref_model", Status.PASSED, List.of("REF-1", "REF-2"), null, "5", 1000, 1000, 2500, null, null, null));
        return Verdict.of(catalogue, scenarios, properties);
    }

    @Test
    void bothVerdictsEndTheSummaryInWords() {
        List<String> lines = print(sample()).lines().toList();
        assertEquals("Conformance: NOT CONFORMANT (MSL-3, MSL-4 failed; SRE-2 not verified: unsupported)", lines.get(lines.size() - 2));
        assertEquals("Reference profile: matches the reference profile on 12 of 14; differs on REF-3; not checked: REF-9",
                lines.get(lines.size() - 1));
    }

    @Test
    void everyRequirementIsListedNormativeFirstWithEachFailureMessage() {
        String text = print(sample());
        assertTrue(text.indexOf("  MSL-1 ") < text.indexOf("Reference profile (") && text.indexOf("Reference profile (") < text.indexOf("  REF-1 "),
                text);
        for (String id : Catalogue.load().ids()) {
            assertTrue(text.contains("\n  " + id + " "), id + " listed");
        }
        assertTrue(text.contains("- scenario \"Disconnect removes one session only\": peer bob is TransportConnected, expected LoggedIn"), text);
        assertTrue(text.contains("\n           - property msl4_stopClearsAll: after stop p1 remains (seed -77)\n"), text);
        assertTrue(text.contains("  REF-3  differs"), text);
        assertTrue(text.contains("  REF-9  not checked (no check)"), text);
        assertTrue(text.contains("  SRE-2  not verified (unsupported)"), text);
        assertFalse(text.contains("{"), "no raw map dumps: " + text);
    }

    @Test
    void propertiesAreListedWithKindStatusAndFailure() {
        String text = print(sample());
        assertTrue(text.contains("  FAILED  msl4_stopClearsAll (normative, MSL-3, MSL-4; 12 tries, 0.9 s)\n          after stop p1 remains "
                + "(blamed on MSL-4); seed -77; counterexample: target/counterexamples/msl4-77.feature\n"), text);
        assertTrue(text.contains("  passed  ref_model (profile, REF-1, REF-2; 1000 tries, 2.5 s)"), text);
        assertTrue(text.contains("): 36 scenarios (33 passed, 2 failed, 1 skipped (unsupported)); 2 properties (1 passed, 1 failed, "), text);
    }

    @Test
    void aFailureThatDidNotReproduceIsCalledFlaky() {
        PropertyResult flaky = new PropertyResult("msl4_stopClearsAll", Status.FAILED, List.of("MSL-4"), null, "7", 12, 12, 900,
                "after stop p1 remains", "[History[...]]", null, false, 0, false);
        assertEquals("after stop p1 remains; seed 7; not reproduced: its sample passed when run again (flaky), nothing exported",
                ConsoleSummary.propertyFailure(flaky));
    }
}
