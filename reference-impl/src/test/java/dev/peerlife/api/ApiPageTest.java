package dev.peerlife.api;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The public API of reference-impl fits on one page of the README: every public type outside an
 * {@code internal} package has a row there ({@code | `lifecycle.ClockSync` | purpose |}, the package
 * below {@code dev.peerlife}) with a one-line purpose, and every row names such a type.
 */
class ApiPageTest {

    private static final String HEADING = "### The public API on one page";

    @Test
    void everyPublicTypeOutsideInternalIsListedWithItsPurposeAndNothingElseIs() throws Exception {
        Set<String> publicTypes = new TreeSet<>();
        Path classes = Path.of("target/classes");
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String relative = classes.relativize(file).toString().replace('\\', '/');
                if (!relative.endsWith(".class") || relative.contains("$") || relative.contains("/internal/")) {
                    continue;
                }
                String name = relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
                if (name.endsWith("package-info")) {
                    continue;
                }
                if (Modifier.isPublic(Class.forName(name, false, getClass().getClassLoader()).getModifiers())) {
                    publicTypes.add(name);
                }
            }
        }
        assertTrue(publicTypes.size() > 40, "found the compiled classes: " + publicTypes);

        String readme = Files.readString(Path.of("../README.md"));
        int start = readme.indexOf(HEADING);
        assertTrue(start >= 0, "README.md has a section '" + HEADING + "'");
        int end = readme.indexOf("\n#", start + HEADING.length());
        String page = readme.substring(start, end < 0 ? readme.length() : end);
        assertTrue(page.lines().count() <= 80, "one page: " + page.lines().count() + " lines");

        Set<String> listed = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        Matcher row = Pattern.compile("(?m)^\\| `([\\w.]+)` \\| (.*) \\|$").matcher(page);
        while (row.find()) {
            String type = "dev.peerlife." + row.group(1);
            listed.add(type);
            if (row.group(2).isBlank()) {
                problems.add(type + " has no purpose");
            }
        }
        Set<String> missing = new TreeSet<>(publicTypes);
        missing.removeAll(listed);
        Set<String> stale = new TreeSet<>(listed);
        stale.removeAll(publicTypes);
        assertEquals(Set.of(), missing, "public types without a row in README.md (" + HEADING + ")");
        assertEquals(Set.of(), stale, "rows in README.md naming no public type");
        assertEquals(List.of(), problems);
    }
}
