package dev.peerlife.conformance.pit;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Prints the two mutation scores of the lifecycle core after {@code mvn -Ppit}: reference-impl's unit
 * tests, and the conformance suite run in process against the reference. Both are counted against the
 * mutants that are not equivalent (the measure); the suite also against those that are not
 * equivalent, that the SPI can observe at all, and whose change some requirement decides
 * (docs/mutation-testing.md classifies every surviving mutant, and says why). Once every survivor is
 * classified, that last figure counts only the survivors classified as none of those, so it says how
 * many gaps are left, not how much of the core the suite reaches. PIT's raw score is printed beside each. Every
 * surviving mutant the document does not classify is listed, so the document stays complete.
 *
 * <p>Arguments: the unit tests' {@code mutations.xml}, the suite's {@code mutations.xml}, the document.
 */
public final class MutationScores {

    private MutationScores() {
    }

    /** One mutant, identified as the document names it: {@code Class.method:line Mutator description}. */
    record Mutant(String key, String status) {
        boolean killed() {
            return status.equals("KILLED") || status.equals("TIMED_OUT") || status.equals("MEMORY_ERROR");
        }
    }

    /** A row of the document's table: a pattern over mutant keys ({@code *} matches anything) and its class. */
    record Rule(Pattern pattern, String category) {
        boolean matches(Mutant m) {
            return pattern.matcher(m.key()).matches();
        }
    }

    static final String EQUIVALENT = "equivalent";
    static final String NOT_OBSERVABLE = "not observable through the spi";
    static final String ALLOWED = "allowed";

    public static void main(String[] args) throws Exception {
        List<Rule> rules = classification(Path.of(args[2]));
        List<Mutant> unit = read(Path.of(args[0]));
        List<Mutant> suite = read(Path.of(args[1]));
        System.out.println();
        System.out.println("== mutation scores of the lifecycle core (dev.peerlife.lifecycle, dev.peerlife.internal), "
                + "surviving mutants classified in " + args[2]);
        System.out.printf("   %d mutants; of those the suite lets survive: %d equivalent, %d not observable through the SPI, "
                + "%d allowed by the spec and the reference profile%n", suite.size(), count(suite, rules, EQUIVALENT),
                count(suite, rules, NOT_OBSERVABLE), count(suite, rules, ALLOWED));
        score("unit tests (reference-impl)", unit, rules, Set.of(EQUIVALENT), "non-equivalent");
        score("conformance suite (in process)", suite, rules, Set.of(EQUIVALENT), "non-equivalent");
        score("  of those it can see", suite, rules, Set.of(EQUIVALENT, NOT_OBSERVABLE, ALLOWED),
                "non-equivalent mutants the SPI can observe and a requirement decides:");
        unclassified(unit, rules);
        unclassified(suite, rules);
    }

    private static String categoryOf(Mutant m, List<Rule> rules) {
        for (Rule r : rules) {
            if (r.matches(m)) {
                return r.category().toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    /** The surviving mutants of a run that the document puts in {@code category}. */
    private static long count(List<Mutant> mutants, List<Rule> rules, String category) {
        return mutants.stream().filter(m -> !m.killed() && category.equals(categoryOf(m, rules))).count();
    }

    /**
     * Killed against counted, where a mutant is left out of the count only when it survived and the
     * document puts it in one of {@code excluded}: a killed mutant always counts.
     */
    private static void score(String name, List<Mutant> mutants, List<Rule> rules, Set<String> excluded, String counting) {
        long killed = mutants.stream().filter(Mutant::killed).count();
        long counted = mutants.stream().filter(m -> {
            String category = categoryOf(m, rules);
            return m.killed() || category == null || !excluded.contains(category);
        }).count();
        System.out.printf("   %-32s %d of %d %s %.1f%% (PIT's raw score %d of %d: %.1f%%)%n", name + ":", killed, counted,
                counting.endsWith(":") ? counting : counting + " mutants killed:", 100.0 * killed / counted, killed,
                mutants.size(), 100.0 * killed / mutants.size());
    }

    private static void unclassified(List<Mutant> mutants, List<Rule> rules) {
        List<String> out = new ArrayList<>();
        for (Mutant m : mutants) {
            if (!m.killed() && categoryOf(m, rules) == null) {
                out.add(m.key() + " (" + m.status() + ")");
            }
        }
        if (!out.isEmpty()) {
            System.out.println("   surviving mutants the document does not classify (each is a gap until it does):");
            out.forEach(u -> System.out.println("     " + u));
        }
    }

    static List<Mutant> read(Path xml) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        NodeList nodes = factory.newDocumentBuilder().parse(xml.toFile()).getElementsByTagName("mutation");
        List<Mutant> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element m = (Element) nodes.item(i);
            String mutatedClass = text(m, "mutatedClass");
            String mutator = text(m, "mutator");
            String key = mutatedClass.substring(mutatedClass.lastIndexOf('.') + 1) + "." + text(m, "mutatedMethod") + ":"
                    + text(m, "lineNumber") + " " + mutator.substring(mutator.lastIndexOf('.') + 1) + " "
                    + text(m, "description");
            out.add(new Mutant(key, m.getAttribute("status")));
        }
        return out;
    }

    private static String text(Element e, String tag) {
        return e.getElementsByTagName(tag).item(0).getTextContent().strip();
    }

    /**
     * The document's classification table: rows {@code | `PATTERN` | category | why |}, where PATTERN
     * names mutants as {@link Mutant#key()} does, {@code *} standing for any text.
     */
    static List<Rule> classification(Path doc) throws Exception {
        List<Rule> out = new ArrayList<>();
        for (String line : Files.readAllLines(doc)) {
            String[] cells = line.split("\\|");
            if (cells.length >= 4 && cells[1].strip().startsWith("`")) {
                String glob = cells[1].strip().replace("`", "");
                String[] parts = glob.split("\\*", -1);
                StringBuilder regex = new StringBuilder();
                for (int i = 0; i < parts.length; i++) {
                    regex.append(i == 0 ? "" : ".*").append(Pattern.quote(parts[i]));
                }
                out.add(new Rule(Pattern.compile(regex.toString()), cells[2].strip()));
            }
        }
        return out;
    }
}
