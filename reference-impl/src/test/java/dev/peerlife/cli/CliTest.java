package dev.peerlife.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both mains as a user meets them: --help and --version exit 0; an unknown option or a bad value is
 * one line naming the option as typed, exit 2; an ordinary failure (port in use, no server) is one
 * line without a stack trace, exit 1, and the client never hangs.
 */
class CliTest {

    /** What one run printed and returned. */
    record Run(int code, String out, String err) {
        List<String> errLines() {
            return err.isBlank() ? List.of() : Arrays.asList(err.strip().split("\\R"));
        }
    }

    private interface Main {
        int execute(String[] args, PrintStream out, PrintStream err);
    }

    private static Run run(Main main, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = main.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run server(String... args) {
        return run(ServerMain::execute, args);
    }

    private static Run client(String... args) {
        return run(ClientMain::execute, args);
    }

    private static void assertUsageError(Run run, String option) {
        assertEquals(2, run.code(), run.toString());
        assertTrue(run.errLines().get(0).contains("'" + option + "'"), "names " + option + ": " + run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
        assertEquals(2, run.errLines().size(), "the problem and where to look: " + run.err());
    }

    @Test
    void helpAndVersionExitZeroAndDocumentTheExitCodes() {
        for (Function<String[], Run> main : List.<Function<String[], Run>>of(CliTest::server, CliTest::client)) {
            Run help = main.apply(new String[] {"--help"});
            assertEquals(0, help.code());
            assertTrue(help.out().contains("--port") && help.out().contains("Exit codes: 0 ok, 1 failure"), help.out());
            Run version = main.apply(new String[] {"--version"});
            assertEquals(0, version.code());
            assertTrue(version.out().startsWith("peerlife reference implementation "), version.out());
        }
    }

    @Test
    void unknownOptionsAndBadValuesAreRejectedByTheOptionAsTyped() {
        assertUsageError(server("--colour", "red"), "--colour");
        assertUsageError(client("--colour", "red"), "--colour");
        assertUsageError(server("--port", "x"), "--port");
        assertUsageError(server("--port", "4294967296"), "--port");
        assertUsageError(server("--port", "70000"), "--port");
        assertUsageError(server("--max-peers", "4294967297"), "--max-peers");
        assertUsageError(server("--max-peers", "0"), "--max-peers");
        assertUsageError(server("--resume-window-ms", "0"), "--resume-window-ms");
        assertUsageError(server("--heartbeat-timeout-ms", "0"), "--heartbeat-timeout-ms");
        assertUsageError(server("--table-every-ms", "-1"), "--table-every-ms");
        assertUsageError(client("--clients", "4294967297"), "--clients");
        assertUsageError(client("--port", "-1"), "--port");
        assertUsageError(client("--id-prefix", "bad\nid"), "--id-prefix");
    }

    @Test
    void aHeartbeatTimeoutShorterThanTheIntervalIsRejected() {
        Run s = server("--heartbeat-interval-ms", "5000", "--heartbeat-timeout-ms", "1000");
        assertUsageError(s, "--heartbeat-timeout-ms");
        assertTrue(s.err().contains("--heartbeat-interval-ms"), s.err());
        assertUsageError(client("--heartbeat-interval-ms", "5000", "--heartbeat-timeout-ms", "1000"), "--heartbeat-timeout-ms");
    }

    @Test
    void aPortInUseIsOneClearLineAndExitCodeOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Run run = server("--port", String.valueOf(taken.getLocalPort()), "--duration-s", "1");
            assertEquals(1, run.code(), run.toString());
            assertEquals(1, run.errLines().size(), run.err());
            assertTrue(run.err().startsWith("bin/server: cannot listen on tcp 127.0.0.1:" + taken.getLocalPort() + ": "), run.err());
            assertFalse(run.err().contains("Exception"), run.err());
        }
    }

    @Test
    void aClientWithNoServerExitsAtOnceWithOneLineAndExitCodeOne() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        long startNs = System.nanoTime();
        Run run = client("--port", String.valueOf(port), "--duration-s", "30");
        assertEquals(1, run.code(), run.toString());
        assertEquals(List.of("bin/client: cannot connect to 127.0.0.1:" + port + ": Connection refused"), run.errLines());
        assertTrue(System.nanoTime() - startNs < 10_000_000_000L, "it did not wait for --duration-s");
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("client-io") && t.isAlive()
                && !t.getState().equals(Thread.State.TERMINATED)) || awaitClientThreadsGone(), "no event loop left running");
    }

    private static boolean awaitClientThreadsGone() {
        dev.peerlife.testing.Await.until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("client-io")), "the client's event loop threads to end");
        return true;
    }

    @Test
    void serverAndClientRunTogetherAndSpellStatesAsTheSpecDoes() throws Exception {
        ByteArrayOutputStream serverOut = new ByteArrayOutputStream();
        int[] port = new int[1];
        Thread serverThread = new Thread(() -> ServerMain.execute(new String[] {"--port", "0", "--duration-s", "4",
                "--table-every-ms", "1000", "--heartbeat-interval-ms", "200", "--heartbeat-timeout-ms", "1000"},
                new PrintStream(serverOut, true, StandardCharsets.UTF_8), System.err), "cli-server");
        serverThread.start();
        // The whole line, port and line end included: the output may be read while it is being written.
        java.util.regex.Pattern listening = java.util.regex.Pattern.compile("listening: tcp 127\\.0\\.0\\.1:(\\d+)\\D");
        dev.peerlife.testing.Await.until(() -> listening.matcher(serverOut.toString(StandardCharsets.UTF_8)).find(),
                "the server to listen");
        java.util.regex.Matcher m = listening.matcher(serverOut.toString(StandardCharsets.UTF_8));
        m.find();
        port[0] = Integer.parseInt(m.group(1));
        Run run = client("--port", String.valueOf(port[0]), "--clients", "2", "--duration-s", "2",
                "--heartbeat-interval-ms", "200", "--heartbeat-timeout-ms", "1000");
        serverThread.join(10_000);
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("final: LoggedIn=2"), run.out());
        assertFalse(run.out().contains("LOGGED_IN"), run.out());
        String server = serverOut.toString(StandardCharsets.UTF_8);
        assertTrue(server.contains("player-1: TransportConnected Disconnected->TransportConnected"), server);
        assertFalse(server.contains("removed (identified as"), "a login does not begin with a removal: " + server);
        assertTrue(server.matches("(?s).*player-1 +LoggedIn +rtt \\d+ms +tick \\d+.*"), "rtt and tick when known: " + server);
    }
}
