package dev.peerlife.conformance;

import dev.peerlife.conformance.verdict.RequirementVerdict;
import dev.peerlife.conformance.verdict.Status;
import dev.peerlife.conformance.verdict.Verdict;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The second implementation ({@code examples/node-driver}, plain JavaScript, written from the docs)
 * judged through the driver protocol: CONFORMANT, and different from the reference profile on exactly
 * the REF decisions its README documents, no more and no fewer. Its README is the expectation: the one
 * verdict line it shows, and one {@code ### REF-N} heading per decision it takes the other way.
 */
class NodeExampleTest {

    private static final Path README = ExampleDrivers.EXAMPLES.resolve("node-driver/README.md");
    private static final Pattern VERDICT = Pattern.compile("^(NOT )?CONFORMANT[ (;].*", Pattern.MULTILINE);
    private static final Pattern REF_HEADING = Pattern.compile("^### (REF-\\d+)\\b", Pattern.MULTILINE);

    @Test
    void theNodeImplementationIsConformantAndDiffersFromTheReferenceExactlyWhereItsReadmeSays() throws IOException {
        ExampleDrivers.assumeNode();
        String readme = Files.readString(README);
        List<String> verdictLines = VERDICT.matcher(readme).results().map(m -> m.group()).toList();
        assertEquals(1, verdictLines.size(), "the README shows one verdict line: " + verdictLines);
        Set<String> documented = new TreeSet<>();
        Matcher heading = REF_HEADING.matcher(readme);
        while (heading.find()) {
            documented.add(heading.group(1));
        }
        assertFalse(documented.isEmpty(), "the README documents the REF decisions it takes the other way");

        Verdict verdict = ExampleDrivers.judge(ExampleDrivers.sut("node-driver/driver.js"), "node-driver");

        assertEquals(verdictLines.get(0), verdict.summary(), failures(verdict));
        assertEquals(documented, new TreeSet<>(verdict.profileDiffers()), "documented differences");
    }

    /** Each failed requirement with its first failure, for a message that says what to look at. */
    private static String failures(Verdict verdict) {
        StringBuilder out = new StringBuilder();
        for (RequirementVerdict r : verdict.requirements()) {
            if (r.status() == Status.FAILED) {
                out.append("\n  ").append(r.id()).append(": ");
                r.failedScenarios().stream().findFirst().ifPresent(s -> out.append("scenario \"").append(s.name())
                        .append("\": ").append(s.message()));
                r.failedProperties().stream().findFirst().ifPresent(p -> out.append(" property ").append(p.name())
                        .append(": ").append(p.failure()));
            }
        }
        return out.toString();
    }
}
