package dev.peerlife.conformance.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The project's machine-readable copy of the requirement catalogue ({@code catalogue/requirements.json},
 * transcribed from shared/REQUIREMENTS.md): every ID the suite must trace, with its title, source and
 * text, and the seed scenario titles that must appear word for word.
 */
public record Catalogue(List<Requirement> requirements) {

    public static final String RESOURCE = "catalogue/requirements.json";

    /** One requirement. {@code source} is "seed" or "related". */
    public record Requirement(String id, String source, String title, String text, List<String> seedScenarios) {
    }

    public static Catalogue load() {
        try (InputStream in = Catalogue.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            List<Requirement> out = new ArrayList<>();
            for (JsonNode r : root.path("requirements")) {
                List<String> seeds = new ArrayList<>();
                r.path("seedScenarios").forEach(s -> seeds.add(s.asText()));
                out.add(new Requirement(r.path("id").asText(), r.path("source").asText(), r.path("title").asText(),
                        r.path("text").asText(), List.copyOf(seeds)));
            }
            return new Catalogue(List.copyOf(out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<String> ids() {
        return requirements.stream().map(Requirement::id).toList();
    }

    public Optional<Requirement> find(String id) {
        return requirements.stream().filter(r -> r.id().equals(id)).findFirst();
    }
}
