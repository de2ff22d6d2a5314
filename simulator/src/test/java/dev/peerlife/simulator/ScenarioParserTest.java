package dev.peerlife.simulator;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScenarioParserTest {

    private static ScenarioParser.InvalidScenarioException invalid(String text) {
        return assertThrows(ScenarioParser.InvalidScenarioException.class, () -> ScenarioParser.parse(text, "t"));
    }

    @Test
    void everyShippedScenarioParses() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("scenarios"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Scenario s = ScenarioParser.parse(f);
                assertTrue(s.peers() > 0 && s.durationMs() > 0, f.toString());
            }
        }
    }

    @Test
    void anUnknownToxicNamesItsLineAndField() {
        ScenarioParser.InvalidScenarioException e = invalid("""
                peers: 3
                durationMs: 1000
                faults:
                  - {atMs: 10, peer: peer-1, toxic: latency, attributes: {latency: 100}}
                  - atMs: 20
                    peer: peer-2
                    toxic: latncy
                """);
        assertEquals(7, e.line());
        assertEquals("faults[1].toxic", e.field());
        assertTrue(e.getMessage().contains("unknown toxic 'latncy'"), e.getMessage());
    }

    @Test
    void badValuesAndUnknownFieldsAreNamed() {
        assertEquals("peers", invalid("peers: many\ndurationMs: 5\n").field());
        assertEquals("durationMs", invalid("peers: 2\n").field());
        ScenarioParser.InvalidScenarioException unknown = invalid("peers: 2\ndurationMs: 5\ncolour: red\n");
        assertEquals("colour", unknown.field());
        assertEquals(3, unknown.line());
        assertEquals("faults[0].peer", invalid("peers: 2\ndurationMs: 5\nfaults: [{atMs: 1, peer: peer-9, toxic: timeout}]\n").field());
        assertEquals("expectations[0].state", invalid("""
                peers: 2
                durationMs: 5
                expectations:
                  - {type: reaches, peer: peer-1, state: Happy, withinMs: 5}
                """).field());
        assertEquals("expectations[0].after", invalid("""
                peers: 2
                durationMs: 5
                expectations:
                  - {type: reaches, peer: peer-1, state: LoggedIn, withinMs: 5, after: "fault:0"}
                """).field());
        assertEquals("policy.heartbeatTimeoutMs", invalid("peers: 2\ndurationMs: 5\npolicy: {heartbeatTimeoutMs: 0}\n").field());
    }

    @Test
    void jsonIsAcceptedToo() throws Exception {
        Scenario s = ScenarioParser.parse("{\"peers\": 2, \"durationMs\": 100, \"faults\": [{\"atMs\": 5, \"peers\": [\"all\"], \"toxic\": \"disable\"}]}", "j");
        assertEquals(2, s.peers());
        assertEquals("disable", s.faults().get(0).toxic());
    }

    @Test
    void aMisspelledToxicAttributeIsRejectedListingTheAllowedNames() {
        ScenarioParser.InvalidScenarioException e = invalid("""
                peers: 2
                durationMs: 100
                faults:
                  - atMs: 1
                    peer: peer-1
                    toxic: latency
                    attributes:
                      latency: 100
                      jiter: 5
                """);
        assertEquals(9, e.line());
        assertEquals("faults[0].attributes.jiter", e.field());
        assertTrue(e.getMessage().contains("unknown attribute for latency; allowed: latency, jitter"), e.getMessage());
        assertTrue(invalid("peers: 2\ndurationMs: 100\nfaults: [{atMs: 1, peer: peer-1, toxic: disable, attributes: {timeout: 1}}]\n")
                .getMessage().contains("it takes none"));
    }

    @Test
    void requiredToxicAttributesAreRequired() {
        ScenarioParser.InvalidScenarioException none = invalid("peers: 2\ndurationMs: 100\nfaults: [{atMs: 1, peer: peer-1, toxic: latency}]\n");
        assertEquals("faults[0].toxic", none.field());
        assertTrue(none.getMessage().contains("latency needs attributes: {latency: ...}"), none.getMessage());
        ScenarioParser.InvalidScenarioException onlyJitter = invalid(
                "peers: 2\ndurationMs: 100\nfaults: [{atMs: 1, peer: peer-1, toxic: latency, attributes: {jitter: 5}}]\n");
        assertEquals("faults[0].attributes.latency", onlyJitter.field());
        assertEquals("faults[0].attributes.rate", invalid(
                "peers: 2\ndurationMs: 100\nfaults: [{atMs: 1, peer: peer-1, toxic: bandwidth, attributes: {}}]\n").field());
        assertEquals("faults[0].attributes.size_variation", invalid("peers: 2\ndurationMs: 100\nfaults: [{atMs: 1, peer: peer-1, "
                + "toxic: slicer, attributes: {average_size: 10, size_variation: 10}}]\n").field());
        Scenario ok = assertDoesNotThrow(() -> ScenarioParser.parse(
                "peers: 2\ndurationMs: 100\nfaults: [{atMs: 1, peer: peer-1, toxic: timeout}, {atMs: 2, peer: peer-2, toxic: slicer, "
                        + "attributes: {average_size: 10, size_variation: 3, delay: 50}}]\n", "t"));
        assertTrue(ok.faults().get(0).attributes().isEmpty(), "timeout defaults to 0: drop data until lifted");
    }

    @Test
    void invalidYamlIsReportedAtItsOwnLineWithTheParsersMessage() {
        ScenarioParser.InvalidScenarioException e = invalid("""
                name: broken
                peers: 2
                durationMs: 100
                faults:
                  - {atMs: 1, peer: peer-1, toxic: timeout
                expectations: []
                """);
        assertEquals(6, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains("expected ',' or '}'"), e.getMessage());
        ScenarioParser.InvalidScenarioException tab = invalid("peers: 2\ndurationMs: 100\npolicy:\n\theartbeatIntervalMs: 100\n");
        assertEquals(4, tab.line(), tab.getMessage());
    }

    @Test
    void aFieldGivenTwiceIsRejected() {
        ScenarioParser.InvalidScenarioException e = invalid("peers: 2\ndurationMs: 100\npeers: 3\n");
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("appears twice"), e.getMessage());
    }
}
