package dev.peerlife.report;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The commands README.md gives run as written on a fresh clone. Every command is taken from the
 * README itself: lines of its code blocks, and inline code, that start with {@code bash bin/},
 * {@code mvn}, {@code java} or an environment assignment. The quick ones (the {@code --help} of a
 * {@code bin/} script or a java main) are run from the repository root and must exit 0 with their usage; the long ones
 * (a build, a run of the suite, a server, a simulation or a benchmark: more than a few seconds each)
 * are not run here, and are checked for what makes a command fail on a fresh clone: {@code mvn -pl}
 * without {@code -am}, a profile, test class, script or file that does not exist.
 *
 * <p>A quick command runs only where its classes and class path file are built (as every build leaves
 * them), so that the test never starts a nested Maven; otherwise it is skipped, saying why (on a fresh
 * clone, the benchmarks module builds after this one).
 */
class ReadmeCommandsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern COMMAND = Pattern.compile("^(bash bin/|mvn |java |SUT=|SUT_CLASSPATH=).*");
    private static final Pattern INLINE = Pattern.compile("`([^`]+)`");

    /** What each script needs built to start without Maven: its main class and its class path file. */
    private static final Map<String, List<String>> BUILT = Map.of(
            "bin/server", List.of("reference-impl/target/classes/dev/peerlife/cli/ServerMain.class", "reference-impl/target/classpath.txt"),
            "bin/client", List.of("reference-impl/target/classes/dev/peerlife/cli/ClientMain.class", "reference-impl/target/classpath.txt"),
            "bin/simulate", List.of("simulator/target/classes/dev/peerlife/simulator/SimulateMain.class", "simulator/target/classpath.txt"),
            "bin/report", List.of("conformance-report/target/classes/dev/peerlife/report/ReportMain.class",
                    "conformance-report/target/classpath.txt"),
            "bin/main-job", List.of());

    record Command(String text, int line) {
        /** The command without a trailing shell comment. */
        String bare() {
            int hash = text.indexOf(" #");
            return (hash < 0 ? text : text.substring(0, hash)).strip();
        }

        boolean quick() {
            return (bare().startsWith("bash bin/") || bare().startsWith("java ")) && bare().matches(".* (--help|-h|--version)");
        }

        /** What must be built for it to start without Maven: a script's main class and class path, or a java command's. */
        List<String> needs() {
            if (script() != null) {
                return BUILT.getOrDefault(script(), List.of());
            }
            List<String> files = new ArrayList<>();
            Matcher m = Pattern.compile("\\$\\(cat ([^)\\s]+)\\)|\"?([\\w-]+/target/classes)").matcher(bare());
            while (m.find()) {
                files.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
            return files;
        }

        String script() {
            Matcher m = Pattern.compile("bash (bin/[\\w-]+)").matcher(bare());
            return m.find() ? m.group(1) : null;
        }
    }

    static List<Command> commands(String readme) {
        List<Command> out = new ArrayList<>();
        boolean fence = false;
        List<String> lines = readme.lines().toList();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.startsWith("```")) {
                fence = !fence;
                continue;
            }
            if (fence) {
                String l = line.strip().startsWith("$ ") ? line.strip().substring(2) : line.strip();
                if (COMMAND.matcher(l).matches()) {
                    out.add(new Command(l, n + 1));
                }
            } else {
                Matcher m = INLINE.matcher(line);
                while (m.find()) {
                    if (COMMAND.matcher(m.group(1)).matches()) {
                        out.add(new Command(m.group(1), n + 1));
                    }
                }
            }
        }
        return out;
    }

    private static List<Command> readme() throws IOException {
        return commands(Files.readString(ROOT.resolve("README.md")));
    }

    @Test
    void theQuickCommandsRunAsWritten() throws Exception {
        List<Command> quick = readme().stream().filter(Command::quick).toList();
        assertFalse(quick.isEmpty(), "README gives --help commands");
        List<String> ran = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Command c : quick) {
            List<String> missing = c.needs().stream().filter(f -> !Files.exists(ROOT.resolve(f))).toList();
            if (!missing.isEmpty()) {
                skipped.add(c.bare() + " (not built here: " + String.join(", ", missing) + ")");
                continue;
            }
            Path out = Files.createTempFile("readme-out", ".txt");
            Path err = Files.createTempFile("readme-err", ".txt");
            Process p = new ProcessBuilder("bash", "-c", c.bare()).directory(ROOT.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "README line " + c.line() + ": `" + c.bare() + "` finished");
            String stdout = Files.readString(out);
            String stderr = Files.readString(err);
            assertEquals(0, p.exitValue(), "README line " + c.line() + ": `" + c.bare() + "` exits 0; stderr: " + stderr);
            assertTrue(stdout.toLowerCase(java.util.Locale.ROOT).contains("usage"), "README line " + c.line() + " prints its usage: " + stdout);
            assertFalse(stderr.contains("Exception"), "no stack trace: " + stderr);
            ran.add(c.bare().replaceAll("^java -cp \\S+ ", "java ... "));
        }
        System.out.println("README commands: ran " + ran.size() + " quick command(s): " + String.join("; ", ran)
                + (skipped.isEmpty() ? "" : "; skipped " + skipped.size() + ": " + String.join("; ", skipped)));
    }

    @Test
    void everyScriptHasItsHelpInTheReadme() throws Exception {
        List<String> helped = readme().stream().filter(Command::quick).map(Command::script).filter(java.util.Objects::nonNull).toList();
        try (Stream<Path> scripts = Files.list(ROOT.resolve("bin"))) {
            for (Path script : scripts.toList()) {
                String name = "bin/" + script.getFileName();
                assertTrue(helped.contains(name), "README shows `bash " + name + " --help`");
            }
        }
    }

    @Test
    void theLongCommandsNameWhatExistsAndBuildWhatTheyNeed() throws Exception {
        List<Command> all = readme();
        List<Command> slow = all.stream().filter(c -> !c.quick()).toList();
        String poms = pomText();
        List<String> problems = new ArrayList<>();
        for (Command c : slow) {
            String cmd = c.bare();
            String where = "README line " + c.line() + ": `" + cmd + "`";
            if (cmd.startsWith("mvn ") && cmd.matches(".* -pl \\S+.*") && !cmd.contains(" -am")) {
                problems.add(where + " uses -pl without -am: on a fresh clone the other modules are not installed");
            }
            Matcher profile = Pattern.compile(" -P([\\w-]+)").matcher(cmd);
            while (profile.find()) {
                if (!poms.contains("<id>" + profile.group(1) + "</id>")) {
                    problems.add(where + ": no profile " + profile.group(1) + " in any pom.xml");
                }
            }
            Matcher test = Pattern.compile(" -Dtest=(\\w+)").matcher(cmd);
            while (test.find()) {
                if (!testClassExists(test.group(1))) {
                    problems.add(where + ": no test class " + test.group(1));
                }
            }
            String script = c.script();
            if (script != null && !Files.isRegularFile(ROOT.resolve(script))) {
                problems.add(where + ": no script " + script);
            }
            Matcher file = Pattern.compile("(?<=[\\s\"])((?:simulator|examples|features|docs)/[\\w./-]+\\.(?:yaml|json|js|md|feature))").matcher(cmd);
            while (file.find()) {
                if (!Files.exists(ROOT.resolve(file.group(1)))) {
                    problems.add(where + ": no file " + file.group(1));
                }
            }
        }
        assertEquals(List.of(), problems);
        System.out.println("README commands: " + slow.size() + " long command(s) checked without running them (a build, the suite, "
                + "a server, a simulation or a benchmark each takes more than a few seconds; CI runs mvn verify and the main job)");
    }

    @Test
    void theExtractorFindsFencedPromptedAndInlineCommands() {
        List<Command> c = commands("""
                Run `bash bin/main-job --help` or `ReportMain --run DIR`.
                ```
                $ bash bin/main-job nosuch
                cannot use the implementation
                mvn -pl features verify   # a comment
                ```
                """);
        assertEquals(List.of("bash bin/main-job --help", "bash bin/main-job nosuch", "mvn -pl features verify   # a comment"),
                c.stream().map(Command::text).toList());
        assertTrue(c.get(0).quick());
        assertFalse(c.get(1).quick());
        assertEquals("mvn -pl features verify", c.get(2).bare());
    }

    private static String pomText() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(ROOT, 2)) {
            for (Path pom : files.filter(p -> p.getFileName().toString().equals("pom.xml")).toList()) {
                all.append(Files.readString(pom));
            }
        }
        return all.toString();
    }

    private static boolean testClassExists(String name) throws IOException {
        try (Stream<Path> files = Files.walk(ROOT, 12)) {
            return files.anyMatch(p -> p.getFileName().toString().equals(name + ".java") && p.toString().contains("/src/test/"));
        }
    }
}
