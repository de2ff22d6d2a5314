package dev.peerlife.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.peerlife.conformance.catalogue.Catalogue;
import dev.peerlife.conformance.runner.ProcessSut;
import dev.peerlife.conformance.runner.SutSelector;
import dev.peerlife.conformance.runner.UnusableSutException;
import dev.peerlife.conformance.spi.SutDescription;
import dev.peerlife.conformance.verdict.RunResults;
import dev.peerlife.conformance.verdict.Verdict;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherFactory;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.cucumber.junit.platform.engine.Constants.GLUE_PROPERTY_NAME;
import static io.cucumber.junit.platform.engine.Constants.PLUGIN_PROPERTY_NAME;
import static io.cucumber.junit.platform.engine.Constants.PLUGIN_PUBLISH_QUIET_PROPERTY_NAME;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;
import static org.junit.platform.launcher.EngineFilter.includeEngines;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * The conformance run of the main job: checks that the implementation selected by {@code -Dsut} (or
 * {@code SUT}) can be used, runs the conformance suite and the properties against it with a progress
 * line as each feature file and property finishes, writes the results to the output folder
 * (cucumber.json, properties/, implementation.json) and prints every requirement and both verdicts.
 *
 * <p>Usage: {@code ConformanceMain [--check] [OUTPUT_DIR]} (default {@code target/conformance}; {@code --help}
 * says more). Exit codes:
 * {@value #CONFORMANT} CONFORMANT, {@value #NOT_CONFORMANT} NOT CONFORMANT and nothing else,
 * {@value #UNUSABLE} a usage error or an unusable implementation (one line on stderr, nothing written),
 * {@value #HARNESS_FAILED} the harness itself failed.
 */
public final class ConformanceMain {

    public static final int CONFORMANT = 0;
    public static final int NOT_CONFORMANT = 1;
    public static final int UNUSABLE = 2;
    public static final int HARNESS_FAILED = 3;

    /** Every jqwik property class of this package runs, except those named Reference* (they test the reference directly). */
    static final String PROPERTIES_PACKAGE = "dev.peerlife.conformance.properties";

    /** jqwik logs edge-case and shrinking notes through java.util.logging; the run reports failures itself. */
    private static final Logger JQWIK_LOG = Logger.getLogger("net.jqwik");

    private ConformanceMain() {
    }

    public static void main(String[] args) {
        // Profile differences are failures to the suite here; the verdict tells them apart from normative ones.
        System.setProperty(dev.peerlife.conformance.steps.ProfileMode.PROPERTY, "enforce");
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command on {@code args}; returns its exit code. Never calls System.exit. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new Command(out, err));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((ParameterException e, String[] ignored) -> {
            err.println("conformance: " + e.getMessage() + " (see ConformanceMain --help)");
            return UNUSABLE;
        });
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            err.println("conformance: the harness failed: " + e);
            e.printStackTrace(err);
            return HARNESS_FAILED;
        });
        return cli.execute(args);
    }

    @CommandLine.Command(name = "ConformanceMain", mixinStandardHelpOptions = true, versionProvider = Command.Version.class,
            description = {"Runs the conformance suite and the properties against one implementation, writes its results "
                    + "(cucumber.json, properties/, implementation.json) to OUTPUT_DIR and prints every requirement and both verdicts.",
                    "The implementation: -Dsut=reference|NAME|class:NAME|process:COMMAND, or the environment variable SUT "
                            + "(default: reference)."},
            footer = {"", "Exit codes: 0 CONFORMANT; 1 NOT CONFORMANT; 2 usage error, or the implementation cannot be used (one line "
                    + "says why; nothing is written); 3 the harness itself failed."})
    static final class Command implements Callable<Integer> {
        @CommandLine.Option(names = "--check", description = "Only check that the implementation can be used (exit 0, or 2 with one "
                + "line saying why).")
        private boolean checkOnly;
        @CommandLine.Parameters(arity = "0..1", paramLabel = "OUTPUT_DIR", defaultValue = "target/conformance",
                description = "Where the results go (default: ${DEFAULT-VALUE}).")
        private Path dir;

        private final PrintStream out;
        private final PrintStream err;

        Command(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public Integer call() throws IOException {
            exposeClassPath();
            String sut = SutSelector.selection();
            SutDescription who;
            try {
                who = SutSelector.probe(sut, Long.getLong("sut.callTimeoutMs", 10_000));
            } catch (UnusableSutException e) {
                err.println("cannot use the implementation: " + e.getMessage());
                return UNUSABLE;
            }
            if (checkOnly) {
                return CONFORMANT;
            }
            try {
                Verdict verdict = conformance(sut, who, dir, out);
                return verdict.conformant() ? CONFORMANT : NOT_CONFORMANT;
            } catch (LinkageError | AssertionError e) {
                err.println("conformance: the harness failed: " + e);
                e.printStackTrace(err);
                return HARNESS_FAILED;
            }
        }

        /** The version line: the suite's catalogue version. */
        static final class Version implements CommandLine.IVersionProvider {
            @Override
            public String[] getVersion() {
                return new String[] {"peerlife conformance suite (requirement catalogue version " + Catalogue.load().version() + ")"};
            }
        }
    }

    private static Verdict conformance(String sut, SutDescription who, Path dir, PrintStream out) throws IOException {
        Files.createDirectories(dir);
        describe(sut, who, dir);
        System.setProperty(SutSelector.PROPERTY, sut);
        JQWIK_LOG.setLevel(Level.SEVERE);
        Launcher launcher = LauncherFactory.create();

        out.printf("== conformance suite against %s %s ('%s'; capabilities: %s)%n", who.name(), who.version(), sut,
                who.capabilities().isEmpty() ? "none" : String.join(", ", who.capabilities()));
        launcher.execute(request()
                .selectors(selectClasspathResource("features"))
                .filters(includeEngines("cucumber"))
                .configurationParameter(GLUE_PROPERTY_NAME, "dev.peerlife.conformance.steps")
                .configurationParameter(PLUGIN_PUBLISH_QUIET_PROPERTY_NAME, "true")
                .configurationParameter(PLUGIN_PROPERTY_NAME, "json:" + dir.resolve("cucumber.json")
                        + ", message:" + dir.resolve("cucumber.ndjson"))
                .build(), Progress.perFeature(out));

        properties(launcher, dir, out);

        RunResults results = RunResults.read(dir);
        Verdict verdict = Verdict.of(Catalogue.load(), results.scenarios(), results.properties());
        ConsoleSummary.print(out, sut, who, verdict);
        return verdict;
    }

    /** Records which implementation ran, for the report. */
    private static void describe(String sut, SutDescription who, Path dir) throws IOException {
        ObjectNode node = new ObjectMapper().createObjectNode()
                .put("name", who.name()).put("version", who.version()).put("sut", sut);
        node.putArray("capabilities").addAll(who.capabilities().stream().map(TextNode::new).toList());
        Files.writeString(dir.resolve("implementation.json"), node.toPrettyString());
    }

    /**
     * Runs every jqwik property class of {@link #PROPERTIES_PACKAGE} on the class path (the main job
     * puts the test classes there) except the Reference* ones; their records go to DIR/properties/,
     * emptied first so that no record of an earlier run counts.
     */
    private static void properties(Launcher launcher, Path dir, PrintStream out) throws IOException {
        Path records = dir.resolve("properties");
        Files.createDirectories(records);
        try (Stream<Path> old = Files.list(records)) {
            for (Path f : old.filter(p -> p.toString().endsWith(".json")).toList()) {
                Files.delete(f);
            }
        }
        System.setProperty("peerlife.propertyResults", records.toString());
        System.setProperty("peerlife.counterexamples", dir.resolve("counterexamples").toString());
        LauncherDiscoveryRequest request = request()
                .selectors(selectPackage(PROPERTIES_PACKAGE))
                .filters(includeEngines("jqwik"), notReference())
                .configurationParameter("jqwik.database", dir.resolve("jqwik-database").toString())
                .configurationParameter("jqwik.reporting.usejunitplatform", "true")
                .build();
        TestPlan plan = launcher.discover(request);
        long count = plan.countTestIdentifiers(id -> id.isTest());
        if (count == 0) {
            out.println("== properties: none on the class path (" + PROPERTIES_PACKAGE + "), not run");
            return;
        }
        out.println("== properties (" + count + ")");
        launcher.execute(plan, Progress.perProperty(out));
    }

    /** Excludes property classes whose simple name starts with "Reference": they test the reference in process. */
    private static PostDiscoveryFilter notReference() {
        return descriptor -> {
            String className = descriptor.getSource().map(ConformanceMain::className).orElse("");
            String simple = className.substring(className.lastIndexOf('.') + 1);
            return simple.startsWith("Reference") ? FilterResult.excluded("tests the reference in process")
                    : FilterResult.included("runs against the selected implementation");
        };
    }

    private static String className(TestSource source) {
        if (source instanceof ClassSource c) {
            return c.getClassName();
        }
        return source instanceof MethodSource m ? m.getClassName() : "";
    }

    /** Under exec:java the JVM class path is Maven's; the project's is the context loader's. */
    private static void exposeClassPath() {
        if (System.getProperty(ProcessSut.CLASSPATH_PROPERTY) == null
                && Thread.currentThread().getContextClassLoader() instanceof URLClassLoader loader) {
            String cp = Arrays.stream(loader.getURLs()).map(URL::getFile).collect(Collectors.joining(File.pathSeparator));
            System.setProperty(ProcessSut.CLASSPATH_PROPERTY, cp);
        }
    }
}
