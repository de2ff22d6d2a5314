package dev.peerlife.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.peerlife.conformance.catalogue.Catalogue;
import dev.peerlife.conformance.verdict.PropertyResult;
import dev.peerlife.conformance.verdict.RequirementVerdict;
import dev.peerlife.conformance.verdict.RunResults;
import dev.peerlife.conformance.verdict.Verdict;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds a {@link Report} from what the runs left behind: for each implementation a folder with
 * {@code cucumber.json} (the suite), {@code implementation.json} (who ran) and {@code properties/*.json}
 * (the property records); and folders of simulation results ({@code *.json} from the simulator). The
 * verdicts are computed by {@link Verdict}, as the main job's console summary computes them.
 */
public final class ReportBuilder {

    private final ObjectMapper json = new ObjectMapper();
    private final Catalogue catalogue = Catalogue.load();
    private final List<Report.Implementation> implementations = new ArrayList<>();
    private final List<Report.Simulation> simulations = new ArrayList<>();
    private final List<Report.EarlierRun> earlierRuns = new ArrayList<>();

    /** Adds one implementation run from {@code dir} (cucumber.json, implementation.json, properties/). */
    public ReportBuilder addRun(Path dir) throws IOException {
        RunResults results = RunResults.read(dir);
        String name = dir.getFileName().toString();
        String version = "unknown";
        String sut = name;
        Path implementation = dir.resolve("implementation.json");
        if (Files.exists(implementation)) {
            JsonNode i = json.readTree(implementation.toFile());
            name = Words.text(i, "name", name);
            version = Words.text(i, "version", version);
            sut = Words.text(i, "sut", sut);
        }
        return add(name, version, sut, results, dir);
    }

    /** Adds one implementation from a Cucumber JSON file and (if present) a folder of property records. */
    public ReportBuilder addSuite(String name, String version, String sut, Path cucumberJson, Path propertiesDir) throws IOException {
        return add(name, version, sut, new RunResults(RunResults.scenarios(cucumberJson), RunResults.properties(propertiesDir)), null);
    }

    private ReportBuilder add(String name, String version, String sut, RunResults results, Path runDir) {
        Verdict verdict = Verdict.of(catalogue, results.scenarios(), results.properties());
        List<Report.RequirementResult> requirements = new ArrayList<>();
        for (RequirementVerdict r : verdict.requirements()) {
            requirements.add(new Report.RequirementResult(r.id(), r.requirement().kind(), r.requirement().title(),
                    r.requirement().source(), r.status().label(),
                    r.scenarios().stream().map(s -> new Report.ScenarioResult(s.name(), s.feature(), s.status().label(),
                            s.durationMs(), s.message())).toList(),
                    r.properties().stream().map(PropertyResult::name).toList()));
        }
        List<Report.PropertyResult> properties = verdict.properties().stream().map(p -> new Report.PropertyResult(p.name(),
                verdict.isProfile(p) ? Report.PROFILE : Report.NORMATIVE, p.requirements(), p.blamed(), p.status().label(),
                p.tries(), p.checks(), p.seed(), p.durationMs(), p.failure(), p.counterexample(),
                locate(p.counterexampleFeature(), runDir), p.reproduced(), p.shrinkRuns(), p.shrinkingCutShort())).toList();
        implementations.add(new Report.Implementation(name, version, sut, verdicts(verdict), requirements, properties));
        return this;
    }

    /**
     * Where an exported counterexample is now: the file of that name in the run's own counterexamples/
     * folder (the main job renames its staging folder after the run, so the recorded absolute path may
     * name a folder that no longer exists), else the recorded path if it exists, else the recorded text.
     */
    static String locate(String recorded, Path runDir) {
        if (recorded == null) {
            return null;
        }
        Path path = Path.of(recorded);
        if (runDir != null && path.getFileName() != null) {
            Path inRun = runDir.resolve("counterexamples").resolve(path.getFileName().toString());
            if (Files.isRegularFile(inRun)) {
                return inRun.toAbsolutePath().normalize().toString();
            }
        }
        return Files.isRegularFile(path) ? path.toAbsolutePath().normalize().toString() : recorded;
    }

    private static Report.Verdicts verdicts(Verdict v) {
        List<String> unattributed = new ArrayList<>();
        v.unattributedFailedScenarios().forEach(s -> unattributed.add("scenario \"" + s.name() + "\" " + s.ids() + ": " + s.message()));
        v.unattributedFailedProperties().forEach(p -> unattributed.add("property " + p.name() + " " + p.requirements() + ": "
                + p.failure() + " (seed " + p.seed() + ")"));
        Report.Profile profile = new Report.Profile(v.profileMatched().size(), v.profileTotal(), v.profileDiffers(),
                v.profileNotChecked(), v.profile());
        return new Report.Verdicts(v.conformant(), v.conformance(), v.failed(), v.notCovered(), v.notVerified(), profile,
                unattributed, v.summary());
    }

    /** Adds every simulation result found in {@code dir}. */
    public ReportBuilder addSimulations(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return this;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode s = json.readTree(f.toFile());
                List<Report.Expectation> expectations = new ArrayList<>();
                s.path("verdicts").forEach(v -> expectations.add(new Report.Expectation(v.path("expectation").asText(),
                        v.path("passed").asBoolean(), v.path("detail").asText())));
                Map<String, JsonNode> timelines = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = s.path("timelines").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    timelines.put(e.getKey(), e.getValue());
                }
                simulations.add(new Report.Simulation(Words.text(s, "scenario", f.getFileName().toString()),
                        s.path("toxiproxy").asText(), expectations.stream().allMatch(Report.Expectation::passed),
                        s.path("durationMs").asLong(), s.path("summary"), expectations, s.path("faults"), timelines));
            }
        }
        return this;
    }

    /** Adds an earlier run, from its report.json, to the trend; its verdicts are read as that run wrote them. */
    public ReportBuilder addEarlierRun(Path reportJson) throws IOException {
        earlierRuns.add(Trend.read(json, reportJson));
        return this;
    }

    public Report build() {
        List<Report.Requirement> cat = catalogue.requirements().stream()
                .map(r -> new Report.Requirement(r.id(), r.kind(), r.title(), r.source(), r.text(), r.original())).toList();
        List<Report.EarlierRun> earlier = earlierRuns.stream().sorted(java.util.Comparator.comparing(Report.EarlierRun::generatedAt))
                .toList();
        return new Report(Instant.now().toString(), cat, List.copyOf(implementations), List.copyOf(simulations), earlier);
    }
}
