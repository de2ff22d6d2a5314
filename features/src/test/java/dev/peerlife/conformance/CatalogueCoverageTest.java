package dev.peerlife.conformance;

import dev.peerlife.conformance.catalogue.Catalogue;
import dev.peerlife.conformance.catalogue.FeatureIndex;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The suite traces every catalogued requirement, and the catalogue matches the requirement file. */
class CatalogueCoverageTest {

    private static final Path FEATURES = Path.of("src/main/resources/features");
    private final Catalogue catalogue = Catalogue.load();
    private final FeatureIndex index = FeatureIndex.scan(FEATURES);

    @Test
    void everyCataloguedRequirementHasAtLeastOneScenario() {
        List<String> uncovered = catalogue.ids().stream().filter(id -> index.taggedWith(id).isEmpty()).toList();
        assertEquals(List.of(), uncovered, "requirements without a scenario");
    }

    @Test
    void everyScenarioIsTaggedWithACataloguedRequirement() {
        List<String> problems = new ArrayList<>();
        for (FeatureIndex.ScenarioEntry s : index.scenarios()) {
            if (s.requirementIds().isEmpty()) {
                problems.add(s.file() + ":" + s.line() + " '" + s.title() + "' has no requirement tag");
            }
            for (String id : s.requirementIds()) {
                if (catalogue.find(id).isEmpty()) {
                    problems.add(s.file() + ":" + s.line() + " is tagged @" + id + ", which the catalogue lacks");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everySeedScenarioKeepsTheSeedsTitleWordForWord() {
        List<String> missing = new ArrayList<>();
        for (Catalogue.Requirement r : catalogue.requirements()) {
            for (String title : r.seedScenarios()) {
                boolean found = index.taggedWith(r.id()).stream().anyMatch(s -> s.title().equals(title));
                if (!found) {
                    missing.add(r.id() + ": '" + title + "'");
                }
            }
        }
        assertEquals(List.of(), missing, "seed scenarios missing or retitled");
    }

    @Test
    void theCatalogueHoldsExactlyTheIdsOfTheRequirementFile() throws IOException {
        Path requirements = Path.of("../../shared/REQUIREMENTS.md");
        Assumptions.assumeTrue(Files.exists(requirements),
                "shared/REQUIREMENTS.md is not beside the repository; the catalogue is checked against it where it is");
        Matcher m = Pattern.compile("\\*\\*([A-Z]+-\\d+)\\*\\*").matcher(Files.readString(requirements));
        TreeSet<String> inFile = new TreeSet<>();
        while (m.find()) {
            inFile.add(m.group(1));
        }
        assertTrue(inFile.size() >= 20, "found only " + inFile + " in " + requirements);
        assertEquals(inFile, new TreeSet<>(catalogue.ids()));
    }
}
