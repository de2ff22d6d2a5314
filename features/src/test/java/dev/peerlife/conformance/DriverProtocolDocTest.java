package dev.peerlife.conformance;

import dev.peerlife.conformance.driver.DriverServer;
import dev.peerlife.conformance.reference.ReferenceSut;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The example session in docs/driver-protocol.md is what the reference driver really answers. */
class DriverProtocolDocTest {

    @Test
    void theDocumentedSessionReplaysExactlyAgainstTheReferenceDriver() throws Exception {
        List<String> requests = new ArrayList<>();
        List<String> responses = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("../docs/driver-protocol.md"))) {
            if (line.startsWith("> {")) {
                requests.add(line.substring(2));
            } else if (line.startsWith("< {")) {
                responses.add(line.substring(2));
            }
        }
        assertTrue(requests.size() >= 10, "the document holds a session");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DriverServer(new ReferenceSut()).serve(
                new ByteArrayInputStream(String.join("\n", requests).getBytes(StandardCharsets.UTF_8)), out);
        List<String> actual = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(responses, actual);
    }

    @Test
    void anUnknownOpAndAWrongProtocolVersionAreProtocolErrors() throws Exception {
        String requests = "{\"id\":1,\"op\":\"hello\",\"args\":{\"protocol\":2}}\n{\"id\":2,\"op\":\"fly\",\"args\":{}}\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DriverServer(new ReferenceSut()).serve(new ByteArrayInputStream(requests.getBytes(StandardCharsets.UTF_8)), out);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.get(0).contains("\"kind\":\"PROTOCOL\"") && lines.get(0).contains("protocol version 2"), lines.get(0));
        assertTrue(lines.get(1).contains("\"kind\":\"PROTOCOL\"") && lines.get(1).contains("unknown op 'fly'"), lines.get(1));
    }

    @Test
    void malformedInputsAreProtocolErrorsAndInvalidSpecsAreRejectedByName() throws Exception {
        String requests = String.join("\n",
                "{\"id\":1,\"op\":\"reset\",\"args\":{}}",
                "{\"id\":2,\"op\":\"advanceClock\",\"args\":{\"ms\":-5}}",
                "{\"id\":3,\"op\":\"startServer\",\"args\":{\"spec\":{\"reliablePort\":7000}}}",
                "{\"id\":4,\"op\":\"serverInput\",\"args\":{\"input\":{\"kind\":\"CONNECT\"}}}",
                "{\"id\":5,\"op\":\"stopServer\",\"args\":{}}",
                "{\"id\":6,\"op\":\"startServer\",\"args\":{\"spec\":{\"reliablePort\":7000,\"resumeGraceMs\":-1}}}",
                "{\"id\":7,\"op\":\"startServer\",\"args\":{\"spec\":{\"reliablePort\":0}}}") + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DriverServer(new ReferenceSut()).serve(new ByteArrayInputStream(requests.getBytes(StandardCharsets.UTF_8)), out);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.get(1).contains("\"PROTOCOL\"") && lines.get(1).contains("ms must be >= 0"), lines.get(1));
        assertTrue(lines.get(3).contains("\"PROTOCOL\"") && lines.get(3).contains("input.peer"), lines.get(3));
        assertTrue(lines.get(5).contains("\"REJECTED\"") && lines.get(5).contains("\"field\":\"resumeGraceMs\""), lines.get(5));
        assertTrue(lines.get(6).contains("\"REJECTED\"") && lines.get(6).contains("\"field\":\"reliablePort\""), lines.get(6));
    }
}
