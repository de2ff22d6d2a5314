package dev.peerlife.simulator.toxiproxy;

import dev.peerlife.simulator.ToxiproxyBinary;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The real toxiproxy-server and the embedded one, side by side, for the differential tests. Where
 * no real binary is found the tests that need it are skipped, saying so.
 */
final class TwoToxiproxies implements AutoCloseable {

    /** One engine: its name, base URL and a Java client. */
    record Engine(String name, String host, int port) {
        ToxiproxyClient client() {
            return new ToxiproxyClient(host, port);
        }

        String url() {
            return "http://" + host + ":" + port;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A raw HTTP answer, for what the Java client cannot send or does not show. */
    record Answer(int status, String contentType, String noSniff, String body) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final ToxiproxyBinary binary;
    private final EmbeddedToxiproxy embedded;
    final Engine real;
    final Engine emulated;

    private TwoToxiproxies(ToxiproxyBinary binary, EmbeddedToxiproxy embedded) {
        this.binary = binary;
        this.embedded = embedded;
        this.real = new Engine("real", binary.host(), binary.port());
        this.emulated = new Engine("embedded", "127.0.0.1", embedded.apiPort());
    }

    /** Starts both, or skips the calling test class when there is no real binary. */
    static TwoToxiproxies startOrSkip() throws IOException {
        Optional<Path> exe = ToxiproxyBinary.find();
        Assumptions.assumeTrue(exe.isPresent(), "differential tests skipped: " + ToxiproxyBinary.WHERE
                + " (put it on PATH to run them)");
        ToxiproxyBinary binary = ToxiproxyBinary.start(exe.get());
        return new TwoToxiproxies(binary, EmbeddedToxiproxy.start("127.0.0.1", 0));
    }

    List<Engine> both() {
        return List.of(real, emulated);
    }

    static Answer send(Engine e, String method, String path, String body, String userAgent) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(e.url() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (userAgent != null) {
            b.header("User-Agent", userAgent);
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null),
                    r.headers().firstValue("X-Content-Type-Options").orElse(null), r.body());
        } catch (IOException ex) {
            throw new java.io.UncheckedIOException(e + " " + method + " " + path, ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    static Answer send(Engine e, String method, String path, String body) {
        return send(e, method, path, body, null);
    }

    @Override
    public void close() {
        embedded.close();
        binary.close();
    }
}
