package dev.peerlife.simulator;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code toxiproxy-server} started as a child process on a free loopback port, for the
 * {@code binary} source, the differential tests and the benchmark. {@link #find()} looks in
 * {@code -Dtoxiproxy.binary}, then on PATH, then, as a convenience for this project's machines, in
 * {@code ../shared/tools/toxiproxy/} beside the repository.
 */
public final class ToxiproxyBinary implements AutoCloseable {

    /** Where the binary was looked for, for messages when it is absent. */
    public static final String WHERE = "no toxiproxy-server on PATH or in ../shared/tools/toxiproxy/ beside the repository";

    private static final long START_TIMEOUT_MS = 10_000;

    private final Path executable;
    private final Process process;
    private final int port;
    private final Path log;

    private ToxiproxyBinary(Path executable, Process process, int port, Path log) {
        this.executable = executable;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The toxiproxy-server to use, if there is one. */
    public static Optional<Path> find() {
        String forced = System.getProperty("toxiproxy.binary");
        if (forced != null && !forced.isBlank()) {
            Path p = Path.of(forced);
            return Files.isExecutable(p) ? Optional.of(p.toAbsolutePath()) : Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, "toxiproxy-server");
                if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                    return Optional.of(p.toAbsolutePath());
                }
            }
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("simulator/scenarios")) && dir.getParent() != null) {
                Path p = dir.getParent().resolve("shared/tools/toxiproxy/toxiproxy-server");
                return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Starts {@code executable} on a free port of 127.0.0.1 and waits until its API answers. */
    public static ToxiproxyBinary start(Path executable) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            Path log = Files.createTempFile("toxiproxy-server-", ".log");
            log.toFile().deleteOnExit();
            Process process = new ProcessBuilder(executable.toString(), "-host", "127.0.0.1", "-port", String.valueOf(port))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            ToxiproxyBinary server = new ToxiproxyBinary(executable, process, port, log);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
            while (process.isAlive() && System.nanoTime() - deadline < 0) {
                if (server.answers()) {
                    return server;
                }
                try {
                    process.waitFor(20, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            String output = server.lastLog();
            server.close();
            last = new IOException(executable + (process.isAlive() ? " did not answer on port " + port + " within "
                    + START_TIMEOUT_MS + " ms" : " exited") + (output.isEmpty() ? "" : ": " + output));
        }
        throw last;
    }

    private boolean answers() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(1_000);
            s.getOutputStream().write(("GET /version HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8).startsWith("HTTP/1.1 200");
        } catch (IOException notYet) {
            return false;
        }
    }

    private String lastLog() {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public Path executable() {
        return executable;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Stops the server (SIGTERM, then SIGKILL after 5 s). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a temporary file; deleteOnExit will try again
        }
    }
}
