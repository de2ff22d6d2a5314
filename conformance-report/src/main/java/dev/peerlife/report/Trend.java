package dev.peerlife.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an earlier run's report.json for the trend: when it was made, and per implementation both
 * verdicts and the property count, as that run wrote them (an earlier run is never judged again with
 * today's catalogue). Stateless.
 */
final class Trend {

    private Trend() {
    }

    /** The earlier run in {@code file}; an IOException whose message names the file and what is wrong with it. */
    static Report.EarlierRun read(ObjectMapper json, Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("cannot read the earlier report " + file + ": " + (Files.exists(file) ? "not a file" : "no such file"));
        }
        JsonNode root;
        try {
            root = json.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException("cannot read the earlier report " + file + ": not JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.path("implementations").isArray() || !root.hasNonNull("generatedAt")) {
            throw new IOException("cannot read the earlier report " + file + ": not a report.json (no generatedAt or implementations)");
        }
        List<Report.EarlierImplementation> implementations = new ArrayList<>();
        for (JsonNode i : root.path("implementations")) {
            JsonNode verdict = i.path("verdict");
            int passed = 0;
            int properties = 0;
            for (JsonNode p : i.path("properties")) {
                properties++;
                passed += Report.PASSED.equals(p.path("status").asText()) ? 1 : 0;
            }
            implementations.add(new Report.EarlierImplementation(Words.text(i, "name", "?"), Words.text(i, "version", ""),
                    verdict.path("conformant").asBoolean(false), Words.text(verdict, "conformance", "?"),
                    verdict.path("profile").path("matched").asInt(), verdict.path("profile").path("total").asInt(), passed, properties));
        }
        int simulations = 0;
        int held = 0;
        for (JsonNode s : root.path("simulations")) {
            simulations++;
            held += s.path("passed").asBoolean(false) ? 1 : 0;
        }
        return new Report.EarlierRun(root.path("generatedAt").asText(), file.toString(), implementations, simulations, held);
    }
}
