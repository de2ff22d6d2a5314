package dev.peerlife.conformance.runner;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.peerlife.conformance.driver.DriverJson;
import dev.peerlife.conformance.driver.DriverServer;
import dev.peerlife.conformance.spi.ClientInput;
import dev.peerlife.conformance.spi.ClientSpec;
import dev.peerlife.conformance.spi.EventView;
import dev.peerlife.conformance.spi.MessageView;
import dev.peerlife.conformance.spi.PeerInput;
import dev.peerlife.conformance.spi.ServerSpec;
import dev.peerlife.conformance.spi.ServerStatus;
import dev.peerlife.conformance.spi.SessionView;
import dev.peerlife.conformance.spi.SutDescription;
import dev.peerlife.conformance.spi.SutException;
import dev.peerlife.conformance.spi.SystemUnderTest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An implementation in another process, reached through the driver protocol: requests as JSON
 * lines on its stdin, responses on its stdout. Every call waits at most the call timeout; a child
 * that does not answer, answers garbage or exits fails the call with {@link SutHungException}
 * carrying the tail of its stderr, and is then killed and marked broken so the suite starts a new
 * one for the next scenario.
 */
public final class ProcessSut implements SystemUnderTest, GuardedSut.Breakable {

    /** Overrides what {@code {classpath}} expands to (set by the main job, whose JVM class path is Maven's). */
    public static final String CLASSPATH_PROPERTY = "peerlife.classpath";

    private static final Object EOF = new Object();
    private static final int STDERR_TAIL_CHARS = 2_000;
    /** How long a failed driver may take to finish writing stderr after its input ends. */
    private static final long STDERR_GRACE_MS = 1_000;

    private final List<String> command;
    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<Object> responses = new LinkedBlockingQueue<>();
    private final StringBuilder stderrTail = new StringBuilder();
    private final ObjectMapper mapper = DriverJson.mapper();
    private final long timeoutMs;
    private final Thread stderrReader;
    private long nextId = 1;
    private volatile boolean broken;
    private String lastProblem = "";
    private SutDescription description;

    private ProcessSut(List<String> command, long timeoutMs) throws IOException {
        this.command = command;
        this.timeoutMs = timeoutMs;
        this.process = new ProcessBuilder(command).start();
        this.stdin = process.getOutputStream();
        daemon("driver-stdout", () -> readLines(process.getInputStream()));
        this.stderrReader = daemon("driver-stderr", () -> readStderr(process.getErrorStream()));
    }

    /**
     * Starts the driver a {@code process:} selection names (after the prefix; {@code {java}} and
     * {@code {classpath}} expanded) and performs the {@code hello} handshake.
     *
     * @throws UnusableSutException when the command is empty, cannot start, or answers no valid hello
     */
    public static ProcessSut start(String commandLine, long timeoutMs) {
        if (commandLine == null || commandLine.isBlank()) {
            throw new UnusableSutException("'process:' names no driver command; write process:COMMAND, for example "
                    + "process:python3 driver.py");
        }
        return start(command(commandLine), commandLine.strip(), timeoutMs);
    }

    /** Starts the child and performs the {@code hello} handshake; see {@link #start(String, long)}. */
    public static ProcessSut start(List<String> command, long timeoutMs) {
        return start(command, String.join(" ", command), timeoutMs);
    }

    private static ProcessSut start(List<String> command, String label, long timeoutMs) {
        ProcessSut sut;
        try {
            sut = new ProcessSut(command, timeoutMs);
        } catch (IOException e) {
            throw new UnusableSutException("the driver command '" + label + "' cannot start: " + startFailure(e, command));
        }
        ObjectNode args = sut.mapper.createObjectNode().put("protocol", DriverServer.PROTOCOL_VERSION);
        try {
            sut.description = hello(sut.call("hello", args));
        } catch (SutHungException e) {
            String stderr = sut.lastStderrLine();
            throw new UnusableSutException("the driver '" + label + "' answered no valid hello: " + sut.lastProblem
                    + (stderr.isEmpty() ? "; it printed nothing on stderr" : "; its stderr ends with: " + stderr));
        } catch (SutException | IllegalArgumentException e) {
            sut.process.destroyForcibly();
            throw new UnusableSutException("the driver '" + label + "' answered no valid hello: " + SutSelector.oneLine(e));
        }
        return sut;
    }

    /** The driver's description from its hello result; every field the driver protocol lists is required. */
    private static SutDescription hello(JsonNode result) {
        if (result == null || !result.isObject()) {
            throw new IllegalArgumentException("its result is " + (result == null ? "missing" : result)
                    + ", not an object with protocol, name, version and capabilities");
        }
        JsonNode protocol = result.path("protocol");
        if (!protocol.canConvertToInt() || protocol.asInt() != DriverServer.PROTOCOL_VERSION) {
            throw new IllegalArgumentException(protocol.isMissingNode() ? "its result has no protocol"
                    : "it speaks protocol " + protocol + ", this suite speaks " + DriverServer.PROTOCOL_VERSION);
        }
        for (String field : List.of("name", "version")) {
            if (!result.path(field).isTextual() || result.path(field).asText().isBlank()) {
                throw new IllegalArgumentException("its result has no " + field + " (a string)");
            }
        }
        JsonNode capabilities = result.path("capabilities");
        List<String> out = new ArrayList<>();
        capabilities.forEach(c -> out.add(c.isTextual() ? c.asText() : null));
        if (!capabilities.isArray() || out.contains(null)) {
            throw new IllegalArgumentException("its result has no capabilities (a list of strings, possibly empty)");
        }
        return new SutDescription(result.get("name").asText(), result.get("version").asText(), out);
    }

    /** Why a driver could not start, without Java's "Cannot run program" wrapping. */
    private static String startFailure(IOException e, List<String> command) {
        String message = String.valueOf(e.getMessage());
        String reason = message.replaceFirst("^Cannot run program \"[^\"]*\"(?: \\(in directory \"[^\"]*\"\\))?: ", "")
                .replaceFirst("^error=\\d+, ", "");
        return command.get(0) + ": " + reason;
    }

    /** Splits a command line on spaces and expands {@code {java}} and {@code {classpath}}. */
    public static List<String> command(String line) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty(CLASSPATH_PROPERTY,
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        List<String> out = new ArrayList<>();
        for (String part : line.trim().split("\\s+")) {
            out.add(part.replace("{java}", java).replace("{classpath}", classpath));
        }
        return out;
    }

    @Override
    public boolean broken() {
        return broken;
    }

    @Override
    public SutDescription describe() {
        return description;
    }

    @Override
    public void reset() {
        call("reset", null);
    }

    @Override
    public void advanceClock(long ms) {
        call("advanceClock", mapper.createObjectNode().put("ms", ms));
    }

    @Override
    public void startServer(ServerSpec spec) {
        call("startServer", args("spec", spec));
    }

    @Override
    public void stopServer() {
        call("stopServer", null);
    }

    @Override
    public ServerStatus serverStatus() {
        return as(call("serverStatus", null), new TypeReference<>() { });
    }

    @Override
    public void serverInput(PeerInput input) {
        call("serverInput", args("input", input));
    }

    @Override
    public void evaluateServer() {
        call("evaluateServer", null);
    }

    @Override
    public Optional<SessionView> lookup(String peer) {
        JsonNode result = call("lookup", mapper.createObjectNode().put("peer", peer));
        return result == null || result.isNull() ? Optional.empty() : Optional.of(as(result, new TypeReference<>() { }));
    }

    @Override
    public List<SessionView> sessions() {
        return as(call("sessions", null), new TypeReference<>() { });
    }

    @Override
    public List<EventView> serverEvents() {
        return as(call("serverEvents", null), new TypeReference<>() { });
    }

    @Override
    public List<MessageView> serverReceived() {
        return as(call("serverReceived", null), new TypeReference<>() { });
    }

    @Override
    public void serverSend(String peer, int type, String payload) {
        call("serverSend", mapper.createObjectNode().put("peer", peer).put("type", type).put("payload", payload));
    }

    @Override
    public int drainServer() {
        return call("drainServer", null).asInt();
    }

    @Override
    public void startClient(ClientSpec spec) {
        call("startClient", args("spec", spec));
    }

    @Override
    public void clientInput(ClientInput input) {
        call("clientInput", args("input", input));
    }

    @Override
    public void evaluateClient() {
        call("evaluateClient", null);
    }

    @Override
    public SessionView clientSession() {
        return as(call("clientSession", null), new TypeReference<>() { });
    }

    @Override
    public List<EventView> clientEvents() {
        return as(call("clientEvents", null), new TypeReference<>() { });
    }

    @Override
    public List<MessageView> clientReceived() {
        return as(call("clientReceived", null), new TypeReference<>() { });
    }

    @Override
    public boolean clientHeartbeatDue() {
        return call("clientHeartbeatDue", null).asBoolean();
    }

    @Override
    public void stopClient() {
        call("stopClient", null);
    }

    @Override
    public void close() {
        if (process.isAlive() && !broken) {
            try {
                call("shutdown", null);
                process.waitFor(2, TimeUnit.SECONDS);
            } catch (RuntimeException | InterruptedException ignored) {
                // the child is killed below either way
            }
        }
        process.destroyForcibly();
    }

    private ObjectNode args(String name, Object value) {
        ObjectNode node = mapper.createObjectNode();
        node.set(name, mapper.valueToTree(value));
        return node;
    }

    private <T> T as(JsonNode node, TypeReference<T> type) {
        return mapper.convertValue(node, type);
    }

    private synchronized JsonNode call(String op, ObjectNode args) {
        if (broken) {
            throw new SutHungException("driver " + command.get(0) + " is broken after an earlier failure; skipping " + op);
        }
        long id = nextId++;
        ObjectNode request = mapper.createObjectNode();
        request.put("id", id);
        request.put("op", op);
        request.set("args", args == null ? mapper.createObjectNode() : args);
        try {
            stdin.write((mapper.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            // A closed pipe usually means the driver is exiting; give it a moment to say with which code.
            String exited = exitCode();
            throw fail(exited.isEmpty() ? "could not send " + op + ": " + e.getMessage() : "the driver exited before " + op + exited);
        }
        Object line;
        try {
            line = responses.poll(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail("interrupted while waiting for " + op);
        }
        if (line == null) {
            throw fail("no answer to " + op + " within " + timeoutMs + " ms");
        }
        if (line == EOF) {
            throw fail("the driver exited during " + op + exitCode());
        }
        JsonNode response;
        try {
            response = mapper.readTree((String) line);
        } catch (IOException e) {
            throw fail("the driver answered " + op + " with a line that is not JSON: " + abbreviate((String) line));
        }
        if (response.path("id").asLong(-1) != id) {
            throw fail("the driver answered request " + id + " (" + op + ") with id " + response.path("id"));
        }
        if (response.path("ok").asBoolean(false)) {
            return response.get("result");
        }
        JsonNode error = response.path("error");
        String kind = error.hasNonNull("kind") ? error.get("kind").asText() : "FAILED";
        String message = error.hasNonNull("message") ? error.get("message").asText() : "no message";
        String field = error.hasNonNull("field") ? error.get("field").asText() : null;
        if (kind.equals("PROTOCOL")) {
            throw new SutException(SutException.Kind.FAILED, null, "driver protocol error on " + op + ": " + message);
        }
        throw new SutException(SutException.Kind.valueOf(kind), field, message);
    }

    private SutHungException fail(String what) {
        broken = true;
        lastProblem = what;
        // Stdout and stderr are separate pipes: what the child wrote to stderr before failing may
        // still be unread, and destroying the process closes our end of its pipes, losing it. So end
        // its input first (a driver exits at end of input), let the stderr reader reach the end of
        // the stream, and only then kill whatever is left.
        try {
            stdin.close();
        } catch (IOException ignored) {
            // the child may already be gone
        }
        try {
            stderrReader.join(STDERR_GRACE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        String tail;
        synchronized (stderrTail) {
            tail = stderrTail.toString().strip();
        }
        return new SutHungException("driver " + String.join(" ", command.subList(0, Math.min(1, command.size())))
                + ": " + what + (tail.isEmpty() ? "; it printed nothing on stderr" : "; stderr tail:\n" + tail));
    }

    /** The last non-blank line the driver wrote on stderr, or "". */
    private String lastStderrLine() {
        String tail;
        synchronized (stderrTail) {
            tail = stderrTail.toString().strip();
        }
        int nl = tail.lastIndexOf('\n');
        return abbreviate(nl < 0 ? tail : tail.substring(nl + 1).strip());
    }

    private String exitCode() {
        try {
            if (process.waitFor(1, TimeUnit.SECONDS)) {
                return " (exit code " + process.exitValue() + ")";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "";
    }

    private void readLines(InputStream in) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                responses.add(line);
            }
        } catch (IOException ignored) {
            // end of stream below
        }
        responses.add(EOF);
    }

    private void readStderr(InputStream in) {
        byte[] buffer = new byte[1024];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                synchronized (stderrTail) {
                    stderrTail.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    if (stderrTail.length() > STDERR_TAIL_CHARS) {
                        stderrTail.delete(0, stderrTail.length() - STDERR_TAIL_CHARS);
                    }
                }
            }
        } catch (IOException ignored) {
            // the child is gone
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
