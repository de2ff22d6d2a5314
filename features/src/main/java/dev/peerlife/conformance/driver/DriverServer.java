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
import java.util.ArrayList;
import java.util.List;

/**
 * Serves any {@link SystemUnderTest} over the driver protocol (docs/driver-protocol.md): one JSON
 * request per line on the input, one JSON response per line on the output, in order. Anything
 * else the implementation prints must go to stderr. Ends at {@code shutdown} or end of input.
 */
public final class DriverServer {

    public static final int PROTOCOL_VERSION = 1;

    private final SystemUnderTest sut;
    private final ObjectMapper mapper = DriverJson.mapper();

    /** Whether {@code batch} and {@code serverEvents}' {@code from} are served (off only to play an older driver in tests). */
    private final boolean batchOps;

    public DriverServer(SystemUnderTest sut) {
        this(sut, true);
    }

    DriverServer(SystemUnderTest sut, boolean batchOps) {
        this.batchOps = batchOps;
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
                answer(response, op, request.path("args"));
            } catch (RuntimeException | IOException e) {
                fail(response, e);
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
            case "serverEvents": return batchOps && args.has("from") ? sut.serverEventsFrom(args.get("from").asInt()) : sut.serverEvents();
            case "batch":
                if (!batchOps) {
                    throw new ProtocolException("unknown op '" + op + "'");
                }
                return batch(required(args, "requests"));
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

    /**
     * Each request of a batch in order, each answered as a response of its own would be (without the
     * id): a failing request does not stop the ones after it. A batch inside a batch is refused.
     */
    private List<ObjectNode> batch(JsonNode requests) {
        if (!requests.isArray()) {
            throw new ProtocolException("'requests' must be an array of {op, args}");
        }
        List<ObjectNode> results = new ArrayList<>();
        for (JsonNode request : requests) {
            String op = request.path("op").asText();
            ObjectNode response = mapper.createObjectNode();
            if (op.equals("batch") || op.equals("hello") || op.equals("shutdown")) {
                fail(response, new ProtocolException("'" + op + "' cannot be part of a batch"));
            } else {
                answer(response, op, request.path("args"));
            }
            results.add(response);
        }
        return results;
    }

    /** Fills {@code response} with what {@code op} gave: its result, or the error it failed with. */
    private void answer(ObjectNode response, String op, JsonNode args) {
        try {
            Object result = handle(op, args);
            response.put("ok", true);
            response.set("result", mapper.valueToTree(result));
        } catch (RuntimeException e) {
            fail(response, e);
        }
    }

    /**
     * A failed response: an implementation's own error with its kind and field, a malformed request
     * (or unreadable line) as PROTOCOL, anything else as FAILED.
     */
    private static void fail(ObjectNode response, Exception e) {
        response.put("ok", false);
        ObjectNode error = response.putObject("error");
        if (e instanceof SutException sut) {
            error.put("kind", sut.kind().name());
            error.put("field", sut.field());
            error.put("message", sut.getMessage());
        } else {
            error.put("kind", e instanceof ProtocolException || e instanceof IOException ? "PROTOCOL" : "FAILED");
            error.putNull("field");
            error.put("message", String.valueOf(e.getMessage() == null ? e : e.getMessage()));
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
