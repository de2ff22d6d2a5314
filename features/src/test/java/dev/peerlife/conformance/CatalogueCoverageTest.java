package dev.peerlife.conformance;

import dev.peerlife.conformance.catalogue.Catalogue;
import dev.peerlife.conformance.catalogue.FeatureIndex;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The suite traces every catalogued requirement, the catalogue matches the requirement file
 * (version 2: IDs, kinds, and the seed and upstream scenario titles to keep word for word), and no
 * scenario mixes a normative ID with a reference-profile one: a check that needs a reference
 * decision must never decide conformance.
 */
class CatalogueCoverageTest {

    private static final Path FEATURES = Path.of("src/main/resources/features");
    private static final Path REQUIREMENTS = Path.of("../../shared/REQUIREMENTS.md");
    private static final Pattern ID_LINE = Pattern.compile("^- \\*\\*([A-Z]+-\\d+)\\*\\*");
    private static final Pattern TITLE_LINE = Pattern.compile("^\\s+- \\*\\((seed|upstream)\\)\\* ([^:]+?)(?::|$)");

    private final Catalogue catalogue = Catalogue.load();
    private final FeatureIndex index = FeatureIndex.scan(FEATURES);

    @Test
    void theCatalogueIsVersionTwoWithBothKinds() {
        assertEquals(2, catalogue.version());
        for (Catalogue.Requirement r : catalogue.requirements()) {
            String expected = r.id().startsWith("REF-") ? Catalogue.PROFILE : Catalogue.NORMATIVE;
            assertEquals(expected, r.kind(), r.id() + " has the wrong kind");
        }
    }

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
    void noScenarioMixesNormativeAndReferenceProfileIds() {
        List<String> mixed = new ArrayList<>();
        for (FeatureIndex.ScenarioEntry s : index.scenarios()) {
            boolean normative = s.requirementIds().stream().anyMatch(catalogue::isNormative);
            boolean profile = s.requirementIds().stream().anyMatch(id -> !catalogue.isNormative(id));
            if (normative && profile) {
                mixed.add(s.file() + ":" + s.line() + " '" + s.title() + "' " + s.requirementIds());
            }
        }
        assertEquals(List.of(), mixed, "split these scenarios: a profile check must not decide a normative ID");
    }

    @Test
    void everyTitleToKeepAppearsWordForWordTaggedWithItsId() {
        List<String> missing = new ArrayList<>();
        for (Catalogue.Requirement r : catalogue.requirements()) {
            for (String title : r.scenarios()) {
                boolean found = index.taggedWith(r.id()).stream().anyMatch(s -> s.title().equals(title));
                if (!found) {
                    missing.add(r.id() + ": '" + title + "'");
                }
            }
        }
        assertEquals(List.of(), missing, "seed or upstream scenarios missing or retitled");
    }

    @Test
    void theCatalogueHoldsExactlyTheIdsKindsAndTitlesOfTheRequirementFile() throws IOException {
        Assumptions.assumeTrue(Files.exists(REQUIREMENTS),
                "shared/REQUIREMENTS.md is not beside the repository; the catalogue is checked against it where it is");
        Map<String, List<String>> titles = new LinkedHashMap<>();
        Map<String, String> kinds = new TreeMap<>();
        String current = null;
        boolean profileSection = false;
        for (String line : Files.readAllLines(REQUIREMENTS)) {
            if (line.startsWith("## ")) {
                profileSection = line.startsWith("## REF");
                current = null;
                continue;
            }
            Matcher id = ID_LINE.matcher(line);
            if (id.find()) {
                current = id.group(1);
                titles.put(current, new ArrayList<>());
                kinds.put(current, profileSection ? Catalogue.PROFILE : Catalogue.NORMATIVE);
                continue;
            }
            Matcher title = TITLE_LINE.matcher(line);
            if (current != null && title.find()) {
                titles.get(current).add(title.group(2).strip());
            }
        }
        assertTrue(titles.size() >= 30, "found only " + titles.keySet() + " in " + REQUIREMENTS);
        Map<String, String> catalogued = new TreeMap<>();
        catalogue.requirements().forEach(r -> catalogued.put(r.id(), r.kind()));
        assertEquals(kinds, catalogued, "IDs and kinds");
        for (Catalogue.Requirement r : catalogue.requirements()) {
            assertEquals(titles.get(r.id()), r.scenarios(), "titles to keep word for word for " + r.id());
        }
    }
}
