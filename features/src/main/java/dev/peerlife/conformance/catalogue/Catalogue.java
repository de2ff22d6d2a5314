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
 * version 2, transcribed from shared/REQUIREMENTS.md): every ID the suite must trace, with its kind,
 * title, source and text, and the scenario titles that must appear word for word.
 *
 * <p>Two kinds: <b>normative</b> IDs (MSL, PRO, NSL, SNF, SRE) are what the spec says and alone
 * decide CONFORMANT; <b>profile</b> IDs (REF) are decisions the reference takes where the spec is
 * silent, reported as matches or differences and never fatal.
 */
public record Catalogue(int version, List<Requirement> requirements) {

    public static final String RESOURCE = "catalogue/requirements.json";
    public static final String NORMATIVE = "normative";
    public static final String PROFILE = "profile";

    /**
     * One requirement.
     *
     * @param kind {@link #NORMATIVE} or {@link #PROFILE}
     * @param source "seed", "upstream" or "reference"
     * @param scenarios scenario titles that must appear word for word, tagged with this ID
     * @param original for a profile ID, what the system the spec was written for decides instead (or null)
     */
    public record Requirement(String id, String kind, String source, String title, String text,
                              List<String> scenarios, String original) {
        public boolean isNormative() {
            return NORMATIVE.equals(kind);
        }
    }

    public static Catalogue load() {
        try (InputStream in = Catalogue.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            List<Requirement> out = new ArrayList<>();
            for (JsonNode r : root.path("requirements")) {
                List<String> titles = new ArrayList<>();
                r.path("scenarios").forEach(s -> titles.add(s.asText()));
                out.add(new Requirement(r.path("id").asText(), r.path("kind").asText(), r.path("source").asText(),
                        r.path("title").asText(), r.path("text").asText(), List.copyOf(titles),
                        r.hasNonNull("original") ? r.get("original").asText() : null));
            }
            return new Catalogue(root.path("version").asInt(1), List.copyOf(out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<String> ids() {
        return requirements.stream().map(Requirement::id).toList();
    }

    /** The normative IDs, in catalogue order. */
    public List<String> normativeIds() {
        return requirements.stream().filter(Requirement::isNormative).map(Requirement::id).toList();
    }

    /** The reference-profile IDs, in catalogue order. */
    public List<String> profileIds() {
        return requirements.stream().filter(r -> !r.isNormative()).map(Requirement::id).toList();
    }

    public Optional<Requirement> find(String id) {
        return requirements.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** Whether {@code id} is a catalogued normative ID. */
    public boolean isNormative(String id) {
        return find(id).map(Requirement::isNormative).orElse(false);
    }
}
