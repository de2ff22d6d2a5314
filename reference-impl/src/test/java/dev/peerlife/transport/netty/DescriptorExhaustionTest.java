package dev.peerlife.transport.netty;

import dev.peerlife.lifecycle.LifecycleClock;
import dev.peerlife.lifecycle.LifecycleEventKind;
import dev.peerlife.lifecycle.SessionEvent;
import dev.peerlife.lifecycle.SessionListener;
import dev.peerlife.lifecycle.SessionPolicy;
import dev.peerlife.lifecycle.SessionState;
import dev.peerlife.runtime.SharedNetworkRuntime;
import dev.peerlife.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12, finding 4: a server at its open-file limit. {@code bin/server}'s main runs in a child
 * JVM under {@code ulimit -n 256}; five healthy clients heartbeat to it while 600 idle connections
 * flood it. With the default cap (below the limit) the excess is refused at once; with a cap set
 * above the limit the accept loop meets EMFILE itself, pauses and goes on. Either way the process
 * lives, no healthy client leaves LoggedIn, and once the flood is gone a new client logs in.
 */
@EnabledOnOs(OS.LINUX)
class DescriptorExhaustionTest {

    private static final int LIMIT = 256;
    private static final int FLOOD = 600;
    private static final Pattern LISTENING = Pattern.compile("listening: tcp 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern REFUSED = Pattern.compile("; (\\d+) refused;");

    @Test
    void theDefaultCapRefusesTheExcessBelowTheLimitAndNothingDies() throws Exception {
        List<String> out = flood();
        assertTrue(out.stream().map(REFUSED::matcher).filter(Matcher::find).anyMatch(m -> Long.parseLong(m.group(1)) > 0),
                "the server counted refused connections: " + tail(out));
    }

    @Test
    void anAcceptLoopThatMeetsTheLimitPausesAndGoesOn() throws Exception {
        flood("--max-connections", "100000");
    }

    /** Runs the scenario against a child server with {@code extra} options; returns its output. */
    private List<String> flood(String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "-c", "ulimit -n " + LIMIT + "; exec \"$0\" \"$@\"",
                System.getProperty("java.home") + "/bin/java", "-cp", System.getProperty("java.class.path"),
                "dev.peerlife.cli.ServerMain", "--port", "0", "--table-every-ms", "500", "--login-timeout-ms", "60000",
                "--max-pending-logins", "100000", "--heartbeat-interval-ms", "200", "--heartbeat-timeout-ms", "3000",
                "--duration-s", "25"));
        command.addAll(List.of(extra));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> out = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    out.add(line);
                }
            } catch (IOException ignored) {
                // the child is gone
            }
        }, "child-output");
        reader.start();
        List<SharedNetworkRuntime> healthy = new ArrayList<>();
        List<String> departures = new CopyOnWriteArrayList<>();
        List<Socket> sockets = new ArrayList<>();
        AtomicBoolean driving = new AtomicBoolean(true);
        Thread driver = null;
        try {
            Await.until(() -> out.stream().anyMatch(l -> LISTENING.matcher(l).find()), "the child server to listen", 20_000);
            Matcher m = out.stream().map(LISTENING::matcher).filter(Matcher::find).findFirst().orElseThrow();
            int port = Integer.parseInt(m.group(1));
            SessionPolicy policy = new SessionPolicy(200, 3_000, 200, true);
            for (int i = 1; i <= 5; i++) {
                healthy.add(client("healthy-" + i, port, policy, departures));
            }
            driver = new Thread(() -> {
                while (driving.get()) {
                    healthy.forEach(SharedNetworkRuntime::update);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                }
            }, "healthy-clients");
            driver.start();
            Await.until(() -> healthy.stream().allMatch(c -> c.session().state() == SessionState.LOGGED_IN), "healthy clients in", 10_000);
            departures.clear();

            for (int i = 0; i < FLOOD; i++) {
                Socket s = new Socket();
                try {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
                } catch (IOException backlogFull) {
                    s.close();
                    break; // the server's accept queue is full: the flood has done its work
                }
                sockets.add(s);
            }
            // Hold the flood for a few heartbeat timeouts' worth of table lines.
            long tablesBefore = out.stream().filter(l -> l.contains(" session(s), ")).count();
            try {
                Await.until(() -> out.stream().filter(l -> l.contains(" session(s), ")).count() >= tablesBefore + 4,
                        "the child to keep printing its table", 15_000);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; the child printed last:\n" + tail(out), e);
            }
            assertTrue(child.isAlive(), "the server survives the flood: " + tail(out));
            for (Socket s : sockets) {
                s.close();
            }
            sockets.clear();
            SharedNetworkRuntime late = client("late", port, policy, new CopyOnWriteArrayList<>());
            healthy.add(late);
            Await.until(() -> late.session().state() == SessionState.LOGGED_IN, "a new client to log in after the flood", 15_000);
            assertEquals(List.of(), departures, "no healthy client left LoggedIn");
            assertTrue(child.isAlive(), "the server is still up: " + tail(out));
            return out;
        } finally {
            driving.set(false);
            if (driver != null) {
                driver.join(5_000);
            }
            for (Socket s : sockets) {
                s.close();
            }
            healthy.forEach(SharedNetworkRuntime::stop);
            child.destroy();
            child.waitFor(10, TimeUnit.SECONDS);
            child.destroyForcibly();
            reader.join(5_000);
        }
    }

    private static SharedNetworkRuntime client(String id, int port, SessionPolicy policy, List<String> departures) {
        SharedNetworkRuntime runtime = SharedNetworkRuntime.builder()
                .dialer(() -> new NettyTcpClient("127.0.0.1", port, 4096))
                .playerId(id).policy(policy).clock(LifecycleClock.monotonic()).build();
        runtime.session().addListener(new SessionListener() {
            @Override
            public void onEvent(SessionEvent e) {
                if (e.event().previous() == SessionState.LOGGED_IN && e.event().kind() != LifecycleEventKind.HEARTBEAT_SENT
                        && e.event().kind() != LifecycleEventKind.HEARTBEAT_RECEIVED) {
                    departures.add(id + " " + e.event());
                }
            }
        });
        runtime.start();
        return runtime;
    }

    private static String tail(List<String> live) {
        List<String> out = List.copyOf(live);
        return String.join("\n", out.subList(Math.max(0, out.size() - 15), out.size()));
    }
}
