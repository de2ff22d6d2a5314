package dev.peerlife.conformance;

import dev.peerlife.conformance.catalogue.Catalogue;
import dev.peerlife.conformance.verdict.RunResults;
import dev.peerlife.conformance.verdict.Verdict;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The drivers in {@code examples/} (plain JavaScript for Node.js), run through the whole suite and the
 * properties over the driver protocol, each in a child {@code node} process.
 */
final class ExampleDrivers {

    static final Path EXAMPLES = Path.of("..", "examples");

    private ExampleDrivers() {
    }

    /** Aborts the calling test, saying why, where no {@code node} can be started. */
    static void assumeNode() {
        boolean found;
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            found = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            found = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            found = false;
        }
        Assumptions.assumeTrue(found, "node is not on the PATH: the JavaScript example drivers are not judged");
    }

    /** The selection for one example: {@code process:node ../examples/DIR/FILE}. */
    static String sut(String file) {
        return "process:node " + EXAMPLES.resolve(file);
    }

    /** The suite and the properties against {@code sut}, their results left under {@code name}, and both verdicts. */
    static Verdict judge(String sut, String name) {
        SuiteRun.against(sut, "features", name, Map.of());
        PropertyRun.against(sut, name, Map.of());
        try {
            return Verdict.of(Catalogue.load(), RunResults.scenarios(SuiteRun.cucumberJson(name)),
                    RunResults.properties(PropertyRun.records(name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
