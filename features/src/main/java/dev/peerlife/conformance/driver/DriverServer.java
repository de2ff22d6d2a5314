package dev.peerlife.conformance.driver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.peerlife.conformance.spi.ClientInput;
import dev.peerlife.conformance.spi.ClientSpec;
import dev.peerlife.conformance.spi.PeerInput;
import dev.peerlife.conformance.spi.ServerSpec;
import dev.peerlife.conformance.spi.SutDescription;
import dev.peerlife.conformance.spi.SutException;
import dev.peerlife.conformance.spi.SystemUnderTest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Serves any {@link SystemUnderTest} over the driver protocol (docs/driver-protocol.md): one JSON
 * request per line on the input, one JSON response per line on the output, in order. Anything
 * else the implementation prints must go to stderr. Ends at {@code shutdown} or end of input.
 */
public final class DriverServer {

    public static final int PROTOCOL_VERSION = 1;

    private final SystemUnderTest sut;
    private final ObjectMapper mapper = DriverJson.mapper();

    public DriverServer(SystemUnderTest sut) {
        this.sut = sut;
    }

    public void serve(InputStream in, OutputStream out) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        PrintStream writer = new PrintStream(out, true, StandardCharsets.UTF_8);
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            ObjectNode response = mapper.createObjectNode();
            boolean stop = false;
            try {
                JsonNode request = mapper.readTree(line);
                response.set("id", request.get("id"));
                String op = request.path("op").asText();
                stop = op.equals("shutdown");
                Object result = handle(op, request.path("args"));
                response.put("ok", true);
                response.set("result", mapper.valueToTree(result));
            } catch (SutException e) {
                response.put("ok", false);
                ObjectNode error = response.putObject("error");
                error.put("kind", e.kind().name());
                error.put("field", e.field());
                error.put("message", e.getMessage());
            } catch (RuntimeException | IOException e) {
                response.put("ok", false);
                ObjectNode error = response.putObject("error");
                error.put("kind", e instanceof ProtocolException || e instanceof IOException ? "PROTOCOL" : "FAILED");
                error.putNull("field");
                error.put("message", String.valueOf(e.getMessage() == null ? e : e.getMessage()));
            }
            writer.println(mapper.writeValueAsString(response));
            if (stop) {
                break;
            }
        }
        sut.close();
    }

    private Object handle(String op, JsonNode args) {
        switch (op) {
            case "hello": {
                int version = args.path("protocol").asInt(-1);
                if (version != PROTOCOL_VERSION) {
                    throw new ProtocolException("unsupported protocol version " + version + "; this driver speaks "
                            + PROTOCOL_VERSION);
                }
                SutDescription d = sut.describe();
                ObjectNode hello = mapper.createObjectNode();
                hello.put("protocol", PROTOCOL_VERSION);
                hello.put("name", d.name());
                hello.put("version", d.version());
                hello.set("capabilities", mapper.valueToTree(d.capabilities()));
                return hello;
            }
            case "reset": sut.reset(); return null;
            case "advanceClock": {
                long ms = required(args, "ms").asLong();
                if (ms < 0) {
                    throw new ProtocolException("advanceClock: ms must be >= 0 (time never goes back), was " + ms);
                }
                sut.advanceClock(ms);
                return null;
            }
            case "startServer": sut.startServer(convert(required(args, "spec"), ServerSpec.class)); return null;
            case "stopServer": sut.stopServer(); return null;
            case "serverStatus": return sut.serverStatus();
            case "serverInput": sut.serverInput(peerInput(required(args, "input"))); return null;
            case "evaluateServer": sut.evaluateServer(); return null;
            case "lookup": return sut.lookup(required(args, "peer").asText()).orElse(null);
            case "sessions": return sut.sessions();
            case "serverEvents": return sut.serverEvents();
            case "serverReceived": return sut.serverReceived();
            case "serverSend":
                sut.serverSend(required(args, "peer").asText(), required(args, "type").asInt(),
                        required(args, "payload").asText());
                return null;
            case "drainServer": return sut.drainServer();
            case "startClient": sut.startClient(convert(required(args, "spec"), ClientSpec.class)); return null;
            case "clientInput": {
                ClientInput input = convert(required(args, "input"), ClientInput.class);
                if (input.kind() == null) {
                    throw new ProtocolException("missing argument 'input.kind'");
                }
                sut.clientInput(input);
                return null;
            }
            case "evaluateClient": sut.evaluateClient(); return null;
            case "clientSession": return sut.clientSession();
            case "clientEvents": return sut.clientEvents();
            case "clientReceived": return sut.clientReceived();
            case "clientHeartbeatDue": return sut.clientHeartbeatDue();
            case "stopClient": sut.stopClient(); return null;
            case "shutdown": return null;
            default: throw new ProtocolException("unknown op '" + op + "'");
        }
    }

    private PeerInput peerInput(JsonNode node) {
        PeerInput input = convert(node, PeerInput.class);
        if (input.kind() == null) {
            throw new ProtocolException("missing argument 'input.kind'");
        }
        if (input.peer() == null || input.peer().isBlank()) {
            throw new ProtocolException("missing argument 'input.peer'");
        }
        return input;
    }

    private <T> T convert(JsonNode node, Class<T> type) {
        try {
            return mapper.treeToValue(node, type);
        } catch (IOException e) {
            throw new ProtocolException("malformed " + type.getSimpleName() + ": " + e.getMessage());
        }
    }

    private static JsonNode required(JsonNode args, String name) {
        JsonNode value = args.get(name);
        if (value == null || value.isNull()) {
            throw new ProtocolException("missing argument '" + name + "'");
        }
        return value;
    }

    /** A request the driver cannot understand. */
    static final class ProtocolException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ProtocolException(String message) {
            super(message);
        }
    }
}
