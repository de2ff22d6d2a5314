package dev.peerlife.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts every exported counterexample (a Gherkin .feature file) inside the report folder and makes the
 * report name it relative to that folder, so that the folder can be moved, archived or published as a
 * whole and its links still work. A file already inside the folder stays where it is (the main job's
 * runs write theirs there); one elsewhere is copied to counterexamples/N-NAME/ (N-th implementation).
 * A file that no longer exists is named by its absolute path and not linked. Stateless.
 */
final class Counterexamples {

    static final String FOLDER = "counterexamples";

    private Counterexamples() {
    }

    /** {@code report} with every counterexample file that exists placed under {@code out} and named relative to it. */
    static Report place(Report report, Path out) throws IOException {
        Path root = out.toAbsolutePath().normalize();
        List<Report.Implementation> placed = new ArrayList<>();
        for (int n = 0; n < report.implementations().size(); n++) {
            Report.Implementation i = report.implementations().get(n);
            List<Report.PropertyResult> properties = new ArrayList<>();
            for (Report.PropertyResult p : i.properties()) {
                properties.add(p.counterexampleFeature() == null ? p : p.withCounterexampleFeature(place(p.counterexampleFeature(), root,
                        (n + 1) + "-" + i.name().replaceAll("[^A-Za-z0-9._-]", "_"))));
            }
            placed.add(i.withProperties(properties));
        }
        return report.withImplementations(placed);
    }

    private static String place(String feature, Path root, String folder) throws IOException {
        Path file = Path.of(feature);
        if (!file.isAbsolute() && Files.isRegularFile(root.resolve(file))) {
            return feature; // already inside the report folder
        }
        file = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            return file.toString(); // gone: shown as an absolute path, not linked
        }
        if (!file.startsWith(root)) {
            Path copy = root.resolve(FOLDER).resolve(folder).resolve(file.getFileName().toString());
            Files.createDirectories(copy.getParent());
            Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
            file = copy;
        }
        return root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }

    /** Whether the report can link to {@code feature}: a path inside the report folder, not one outside or absolute. */
    static boolean linkable(String feature) {
        return feature != null && !feature.startsWith("/") && !feature.contains(":") && !feature.startsWith("..")
                && !feature.contains("/../");
    }
}
