package dev.peerlife.simulator;

import dev.peerlife.lifecycle.SessionState;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a scenario from YAML or JSON (JSON is YAML). Every problem is an
 * {@link InvalidScenarioException} that names the line and the field, such as
 * {@code line 12: faults[1].toxic: unknown toxic 'latncy'}.
 */
public final class ScenarioParser {

    private static final Set<String> SIDES = Set.of("server", "client");
    private static final Set<String> STREAMS = Set.of("upstream", "downstream", "both");

    private ScenarioParser() {
    }

    /** A scenario that cannot be run, with where and why. */
    public static final class InvalidScenarioException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int line;
        private final String field;

        InvalidScenarioException(int line, String field, String problem) {
            super("line " + line + ": " + field + ": " + problem);
            this.line = line;
            this.field = field;
        }

        public int line() {
            return line;
        }

        public String field() {
            return field;
        }
    }

    public static Scenario parse(Path file) throws IOException, InvalidScenarioException {
        return parse(Files.readString(file), file.getFileName().toString().replaceAll("\\.(ya?ml|json)$", ""));
    }

    public static Scenario parse(String text, String defaultName) throws InvalidScenarioException {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark at = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String context = e.getContext() == null ? "" : " (" + e.getContext()
                    + (e.getContextMark() == null ? "" : " that starts at line " + (e.getContextMark().getLine() + 1)) + ")";
            throw new InvalidScenarioException(at == null ? 1 : at.getLine() + 1, "(document)", "not valid YAML or JSON: "
                    + e.getProblem() + (at == null ? "" : " at column " + (at.getColumn() + 1)) + context);
        } catch (YAMLException e) {
            throw new InvalidScenarioException(1, "(document)", "not valid YAML or JSON: " + e.getMessage());
        }
        if (!(root instanceof MappingNode top)) {
            throw new InvalidScenarioException(root == null ? 1 : line(root), "(document)", "must be a mapping of fields");
        }
        Fields f = new Fields(top, "");
        f.only("name", "description", "peers", "policy", "resumeWindowMs", "durationMs", "faults", "randomFaults", "expectations");
        int peers = (int) f.number("peers", null, 1, 100_000);
        Fields p = f.object("policy");
        Scenario.Policy policy = p == null ? new Scenario.Policy(2_000, 6_000, 1_000, true) : policyOf(p);
        List<Scenario.Fault> faults = new ArrayList<>();
        int i = 0;
        for (Fields fault : f.list("faults")) {
            faults.add(fault(fault, peers, i++));
        }
        Fields r = f.object("randomFaults");
        Scenario.RandomFaults random = null;
        if (r != null) {
            r.only("fraction", "seed", "fromMs", "untilMs", "minDurationMs", "maxDurationMs");
            random = new Scenario.RandomFaults(r.decimal("fraction", 0, 1), r.number("seed", 1L, Long.MIN_VALUE, Long.MAX_VALUE),
                    r.number("fromMs", 0L, 0, Long.MAX_VALUE), r.number("untilMs", null, 0, Long.MAX_VALUE),
                    r.number("minDurationMs", 1_000L, 0, Long.MAX_VALUE), r.number("maxDurationMs", 5_000L, 0, Long.MAX_VALUE));
        }
        List<Scenario.Expectation> expectations = new ArrayList<>();
        i = 0;
        for (Fields e : f.list("expectations")) {
            expectations.add(expectation(e, peers, faults.size(), i++));
        }
        return new Scenario(f.text("name", defaultName), f.text("description", ""), peers, policy,
                f.number("resumeWindowMs", 30_000L, 1, Long.MAX_VALUE), f.number("durationMs", null, 1, Long.MAX_VALUE),
                List.copyOf(faults), random, List.copyOf(expectations));
    }

    private static Scenario.Policy policyOf(Fields p) throws InvalidScenarioException {
        p.only("heartbeatIntervalMs", "heartbeatTimeoutMs", "reconnectDelayMs", "autoReconnect");
        return new Scenario.Policy(p.number("heartbeatIntervalMs", 2_000L, 1, Long.MAX_VALUE),
                p.number("heartbeatTimeoutMs", 6_000L, 1, Long.MAX_VALUE), p.number("reconnectDelayMs", 1_000L, 0, Long.MAX_VALUE),
                p.bool("autoReconnect", true));
    }

    private static Scenario.Fault fault(Fields f, int peers, int index) throws InvalidScenarioException {
        f.only("atMs", "peers", "peer", "toxic", "stream", "attributes", "durationMs");
        List<String> targets = new ArrayList<>();
        String one = f.text("peer", null);
        if (one != null) {
            targets.add(peerId(f, "peer", one, peers));
        }
        for (String t : f.texts("peers")) {
            targets.add(t.equals("all") ? "all" : peerId(f, "peers", t, peers));
        }
        if (targets.isEmpty()) {
            throw f.error("peers", "name at least one peer (peer: peer-3, or peers: [peer-1, peer-2], or peers: [all])");
        }
        String toxic = f.text("toxic", null);
        if (toxic == null || !Scenario.Fault.TOXICS.contains(toxic)) {
            throw f.error("toxic", (toxic == null ? "missing" : "unknown toxic '" + toxic + "'") + "; one of " + Scenario.Fault.TOXICS);
        }
        String stream = f.text("stream", "both");
        if (!STREAMS.contains(stream)) {
            throw f.error("stream", "must be upstream, downstream or both, was '" + stream + "'");
        }
        if (toxic.equals("disable") && f.keys().contains("stream")) {
            throw f.error("stream", "disable acts on the whole proxy, both ways; stream does not apply to it");
        }
        List<String> allowed = Scenario.Fault.ATTRIBUTES.get(toxic);
        Map<String, Long> attributes = new LinkedHashMap<>();
        Fields a = f.object("attributes");
        if (a != null) {
            for (String key : a.keys()) {
                if (!allowed.contains(key)) {
                    throw a.keyError(key, "unknown attribute for " + toxic + (allowed.isEmpty() ? "; it takes none"
                            : "; allowed: " + String.join(", ", allowed)));
                }
                attributes.put(key, a.number(key, null, toxic.equals("slicer") && key.equals("average_size") ? 1 : 0, Long.MAX_VALUE));
            }
        }
        for (String required : Scenario.Fault.REQUIRED.get(toxic)) {
            if (!attributes.containsKey(required)) {
                throw (a == null ? f.error("toxic", toxic + " needs attributes: {" + required + ": ...}")
                        : a.missing(required, toxic + " needs it"));
            }
        }
        if (toxic.equals("slicer") && attributes.getOrDefault("size_variation", 0L) >= attributes.get("average_size")) {
            throw a.error("size_variation", "must be less than average_size (" + attributes.get("average_size") + "), as Toxiproxy requires");
        }
        return new Scenario.Fault(f.number("atMs", null, 0, Long.MAX_VALUE), List.copyOf(targets), toxic, stream,
                Map.copyOf(attributes), f.number("durationMs", 0L, 0, Long.MAX_VALUE));
    }

    private static Scenario.Expectation expectation(Fields e, int peers, int faults, int index) throws InvalidScenarioException {
        e.only("type", "peer", "side", "state", "withinMs", "after");
        String type = e.text("type", null);
        if (type == null || !Scenario.Expectation.TYPES.contains(type)) {
            throw e.error("type", (type == null ? "missing" : "unknown expectation '" + type + "'") + "; one of " + Scenario.Expectation.TYPES);
        }
        if (type.equals("noSupersededConnection") || type.equals("noLoginRefused")) {
            String peer = e.text("peer", null);
            if (peer != null) {
                peerId(e, "peer", peer, peers);
            }
            String after = e.text("after", "start");
            checkAfter(e, after, faults);
            return new Scenario.Expectation(type, peer, "client", null, 0, after);
        }
        String side = e.text("side", "server");
        if (!SIDES.contains(side)) {
            throw e.error("side", "must be server or client, was '" + side + "'");
        }
        String state = e.text("state", null);
        if (state == null || Arrays.stream(SessionState.values()).noneMatch(s -> s.specName().equals(state))) {
            throw e.error("state", (state == null ? "missing" : "unknown state '" + state + "'") + "; one of "
                    + Arrays.stream(SessionState.values()).map(SessionState::specName).toList());
        }
        String peer = null;
        String after = "start";
        long within = 0;
        if (type.equals("reaches")) {
            peer = peerId(e, "peer", e.text("peer", null), peers);
            within = e.number("withinMs", null, 0, Long.MAX_VALUE);
            after = e.text("after", "start");
            checkAfter(e, after, faults);
        }
        return new Scenario.Expectation(type, peer, side, state, within, after);
    }

    private static void checkAfter(Fields e, String after, int faults) throws InvalidScenarioException {
        if (!after.equals("start") && !after.matches("fault:\\d+(:end)?")) {
            throw e.error("after", "must be start, fault:N or fault:N:end, was '" + after + "'");
        }
        if (after.startsWith("fault:") && Integer.parseInt(after.split(":")[1]) >= faults) {
            throw e.error("after", "there is no fault number " + after.split(":")[1] + " (faults count from 0)");
        }
    }

    private static String peerId(Fields f, String field, String id, int peers) throws InvalidScenarioException {
        if (id == null) {
            throw f.error(field, "missing");
        }
        if (!id.matches("peer-\\d+") || Integer.parseInt(id.substring(5)) < 1 || Integer.parseInt(id.substring(5)) > peers) {
            throw f.error(field, "unknown peer '" + id + "'; peers are peer-1 .. peer-" + peers);
        }
        return id;
    }

    private static int line(Node n) {
        return n.getStartMark().getLine() + 1;
    }

    /** A mapping with its path, for error messages. */
    private static final class Fields {
        final MappingNode node;
        final String path;
        final Map<String, NodeTuple> byKey = new LinkedHashMap<>();

        Fields(MappingNode node, String path) throws InvalidScenarioException {
            this.node = node;
            this.path = path;
            for (NodeTuple t : node.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode key)) {
                    throw new InvalidScenarioException(line(t.getKeyNode()), path, "keys must be plain names");
                }
                if (byKey.containsKey(key.getValue())) {
                    throw new InvalidScenarioException(line(t.getKeyNode()), name(key.getValue()), "appears twice in the same mapping");
                }
                byKey.put(key.getValue(), t);
            }
        }

        String name(String field) {
            return path.isEmpty() ? field : path + "." + field;
        }

        InvalidScenarioException error(String field, String problem) {
            NodeTuple t = byKey.get(field);
            return new InvalidScenarioException(t == null ? line(node) : line(t.getValueNode()), name(field), problem);
        }

        /** An error about a key itself (an unknown name), at the key's line. */
        InvalidScenarioException keyError(String field, String problem) {
            return new InvalidScenarioException(line(byKey.get(field).getKeyNode()), name(field), problem);
        }

        /** A required field that is absent, at the line of the mapping that lacks it. */
        InvalidScenarioException missing(String field, String why) {
            return new InvalidScenarioException(line(node), name(field), "missing; " + why);
        }

        void only(String... allowed) throws InvalidScenarioException {
            Set<String> ok = Set.of(allowed);
            for (Map.Entry<String, NodeTuple> e : byKey.entrySet()) {
                if (!ok.contains(e.getKey())) {
                    throw new InvalidScenarioException(line(e.getValue().getKeyNode()), name(e.getKey()),
                            "unknown field; allowed here: " + Arrays.asList(allowed));
                }
            }
        }

        Set<String> keys() {
            return byKey.keySet();
        }

        private String scalar(String field) throws InvalidScenarioException {
            NodeTuple t = byKey.get(field);
            if (t == null) {
                return null;
            }
            if (!(t.getValueNode() instanceof ScalarNode s)) {
                throw error(field, "must be a single value");
            }
            return s.getValue();
        }

        String text(String field, String fallback) throws InvalidScenarioException {
            String v = scalar(field);
            return v == null ? fallback : v;
        }

        long number(String field, Long fallback, long min, long max) throws InvalidScenarioException {
            String v = scalar(field);
            if (v == null) {
                if (fallback == null) {
                    throw error(field, "missing");
                }
                return fallback;
            }
            long n;
            try {
                n = Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw error(field, "must be a whole number, was '" + v + "'");
            }
            if (n < min || n > max) {
                throw error(field, "must be in " + min + ".." + max + ", was " + n);
            }
            return n;
        }

        double decimal(String field, double min, double max) throws InvalidScenarioException {
            String v = scalar(field);
            if (v == null) {
                throw error(field, "missing");
            }
            try {
                double d = Double.parseDouble(v.trim());
                if (d < min || d > max) {
                    throw error(field, "must be in " + min + ".." + max + ", was " + d);
                }
                return d;
            } catch (NumberFormatException e) {
                throw error(field, "must be a number, was '" + v + "'");
            }
        }

        boolean bool(String field, boolean fallback) throws InvalidScenarioException {
            String v = scalar(field);
            if (v == null) {
                return fallback;
            }
            if (!v.equals("true") && !v.equals("false")) {
                throw error(field, "must be true or false, was '" + v + "'");
            }
            return Boolean.parseBoolean(v);
        }

        Fields object(String field) throws InvalidScenarioException {
            NodeTuple t = byKey.get(field);
            if (t == null) {
                return null;
            }
            if (!(t.getValueNode() instanceof MappingNode m)) {
                throw error(field, "must be a mapping of fields");
            }
            return new Fields(m, name(field));
        }

        List<Fields> list(String field) throws InvalidScenarioException {
            NodeTuple t = byKey.get(field);
            if (t == null) {
                return List.of();
            }
            if (!(t.getValueNode() instanceof SequenceNode seq)) {
                throw error(field, "must be a list");
            }
            List<Fields> out = new ArrayList<>();
            int i = 0;
            for (Node item : seq.getValue()) {
                if (!(item instanceof MappingNode m)) {
                    throw new InvalidScenarioException(line(item), name(field) + "[" + i + "]", "must be a mapping of fields");
                }
                out.add(new Fields(m, name(field) + "[" + i++ + "]"));
            }
            return out;
        }

        List<String> texts(String field) throws InvalidScenarioException {
            NodeTuple t = byKey.get(field);
            if (t == null) {
                return List.of();
            }
            if (!(t.getValueNode() instanceof SequenceNode seq)) {
                throw error(field, "must be a list");
            }
            List<String> out = new ArrayList<>();
            for (Node item : seq.getValue()) {
                if (!(item instanceof ScalarNode s)) {
                    throw new InvalidScenarioException(line(item), name(field), "items must be single values");
                }
                out.add(s.getValue());
            }
            return out;
        }
    }
}
