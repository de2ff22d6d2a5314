package dev.peerlife.simulator.toxiproxy;

import dev.peerlife.simulator.toxiproxy.TwoToxiproxies.Answer;
import dev.peerlife.simulator.toxiproxy.TwoToxiproxies.Engine;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import eu.rekawek.toxiproxy.model.toxic.Slicer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Toxiproxy's HTTP API, the real server against the embedded one: the same requests in the same
 * order to both, and the same answers back (status, content type, nosniff header, body with the
 * random listen ports masked). Covers every endpoint a client uses and their error cases; then the
 * same through the project's Java client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiDifferentialTest {

    private TwoToxiproxies engines;

    @BeforeAll
    void start() throws IOException {
        engines = TwoToxiproxies.startOrSkip();
    }

    @AfterAll
    void stop() {
        if (engines != null) {
            engines.close();
        }
    }

    /** One request; {@code ua} null sends the HTTP client's own user agent. */
    private record Step(String method, String path, String body, String ua) {
        Step(String method, String path, String body) {
            this(method, path, body, null);
        }

        @Override
        public String toString() {
            return method + " " + path + (body == null ? "" : " " + body) + (ua == null ? "" : " (User-Agent " + ua + ")");
        }
    }

    private static String mask(String body) {
        return body.replaceAll("\"listen\":\"([^\"]*):[1-9][0-9]*\"", "\"listen\":\"$1:PORT\"")
                .replace(",\"Logger\":{}", "")
                .replace(EmbeddedToxiproxy.VERSION, "v2.12.0");
    }

    /** Runs the steps on both engines, in order, and fails listing every step whose answers differ. */
    private void sameAnswers(List<Step> steps) {
        List<String> differences = new ArrayList<>();
        for (Step step : steps) {
            Answer real = TwoToxiproxies.send(engines.real, step.method(), step.path(), step.body(), step.ua());
            Answer emulated = TwoToxiproxies.send(engines.emulated, step.method(), step.path(), step.body(), step.ua());
            Answer r = new Answer(real.status(), real.contentType(), real.noSniff(), mask(real.body()));
            Answer e = new Answer(emulated.status(), emulated.contentType(), emulated.noSniff(), mask(emulated.body()));
            if (!r.equals(e)) {
                differences.add(step + "\n    real:     " + r + "\n    embedded: " + e);
            }
        }
        assertTrue(differences.isEmpty(), differences.size() + " of " + steps.size() + " answers differ:\n  "
                + String.join("\n  ", differences));
    }

    @Test
    void proxyEndpointsAndTheirErrorsAnswerAsTheRealServer() {
        sameAnswers(List.of(
                new Step("GET", "/version", null),
                new Step("POST", "/version", null),
                new Step("HEAD", "/version", null),
                new Step("OPTIONS", "/proxies", null),
                new Step("GET", "/version", null, "Mozilla/5.0 (X11)"),
                new Step("GET", "/nowhere", null),
                new Step("GET", "/proxies/", null),
                new Step("POST", "/proxies", "{\"name\":\"pa\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}"),
                new Step("POST", "/proxies", "{\"name\":\"pa\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}"),
                new Step("POST", "/proxies", "{\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}"),
                new Step("POST", "/proxies", "{\"name\":\"pb\",\"listen\":\"127.0.0.1:0\"}"),
                new Step("POST", "/proxies", "{\"name\":\"pb\",\"upstream\":\"127.0.0.1:1\",\"enabled\":\"yes\"}"),
                new Step("POST", "/proxies", "{\"name\":\"pb\",\"upstream\":\"127.0.0.1:1\",\"listen\":5}"),
                new Step("POST", "/proxies", "not json"),
                new Step("POST", "/proxies", ""),
                new Step("POST", "/proxies", "[1]"),
                new Step("POST", "/proxies", "null"),
                new Step("POST", "/proxies", "{\"name\":\"pc\",\"listen\":\"127.0.0.1\",\"upstream\":\"x\"}"),
                new Step("POST", "/proxies", "{\"name\":\"pc\",\"listen\":\"127.0.0.1:99999\",\"upstream\":\"x\"}"),
                new Step("POST", "/proxies", "{\"name\":\"pc\",\"listen\":\"127.0.0.1:abc\",\"upstream\":\"x\"}"),
                new Step("POST", "/proxies", "{\"name\":\"pd\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"x\",\"enabled\":false,\"colour\":1}"),
                new Step("POST", "/proxies", "{\"Name\":\"pe\",\"UPSTREAM\":\"x\",\"listen\":\"localhost:0\"} trailing text"),
                new Step("POST", "/proxies", "{\"name\":\"pf\",\"upstream\":\"127.0.0.1:1\"}"),
                new Step("GET", "/proxies", null),
                new Step("GET", "/proxies/pd", null),
                new Step("GET", "/proxies/nope", null),
                new Step("PATCH", "/proxies/pd", "{\"enabled\":true}"),
                new Step("POST", "/proxies/pd", "{\"enabled\":false}"),
                new Step("PATCH", "/proxies/pd", "{\"enabled\":\"true\"}"),
                new Step("PATCH", "/proxies/pd", "{\"upstream\":\"127.0.0.1:2\",\"name\":\"renamed\"}"),
                new Step("PATCH", "/proxies/nope", "{\"enabled\":true}"),
                new Step("PATCH", "/proxies/pd", "garbage"),
                new Step("PUT", "/proxies/pd", "{}"),
                new Step("PUT", "/proxies", "{}"),
                new Step("DELETE", "/proxies", null),
                new Step("GET", "/reset", null),
                new Step("GET", "/populate", null),
                new Step("DELETE", "/proxies/nope", null),
                new Step("DELETE", "/proxies/pd", null),
                new Step("DELETE", "/proxies/pa", null),
                new Step("DELETE", "/proxies/pe", null),
                new Step("DELETE", "/proxies/pf", null),
                new Step("GET", "/proxies", null)));
    }

    @Test
    void toxicEndpointsFillDefaultsStripUnknownKeysAndRefuseWrongTypes() {
        sameAnswers(List.of(
                new Step("POST", "/proxies", "{\"name\":\"ta\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}"),
                new Step("POST", "/proxies/ta/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":100}}"),
                new Step("POST", "/proxies/ta/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":100}}"),
                new Step("POST", "/proxies/ta/toxics", "{\"type\":\"latency\",\"name\":\"f\",\"attributes\":{\"latency\":1.5}}"),
                new Step("POST", "/proxies/ta/toxics", "{\"type\":\"latency\",\"name\":\"f\",\"attributes\":{\"latency\":\"100\"}}"),
                new Step("POST", "/proxies/ta/toxics", "{\"type\":\"latency\",\"name\":\"f\",\"attributes\":{\"latency\":1e3}}"),
                new Step("POST", "/proxies/ta/toxics", "{\"type\":\"latency\",\"name\":\"f\",\"attributes\":{\"latency\":9223372036854775808}}"),
                new Step("POST", "/proxies/ta/toxics", "{\"type\":\"latency\",\"name\":\"g\",\"attributes\":{\"latency\":-5,\"colour\":3}}"),
                new Step("POST", "/proxies/ta/toxics", "{\"type\":\"latency\",\"name\":\"h\",\"toxicity\":\"0.5\"}"),
                new Step("POST", "/proxies/ta/toxics", "{\"type\":\"latency\",\"name\":\"h\",\"toxicity\":0.25}"),
                new Step("POST", "/proxies/ta/toxics", "{\"type\":\"lag\",\"name\":\"i\"}"),
                new Step("POST", "/proxies/ta/toxics", "{\"name\":\"i\"}"),
                new Step("POST", "/proxies/ta/toxics", "{\"type\":\"latency\",\"name\":\"j\",\"stream\":\"sideways\"}"),
                new Step("POST", "/proxies/ta/toxics", "{\"type\":\"latency\",\"name\":\"j\",\"stream\":\"\"}"),
                new Step("POST", "/proxies/ta/toxics", "{\"type\":\"latency\",\"stream\":\"UpStream\"}"),
                new Step("POST", "/proxies/ta/toxics", "{\"type\":\"bandwidth\",\"name\":\"bw\"}"),
                new Step("POST", "/proxies/ta/toxics", "{\"type\":\"slow_close\",\"name\":\"sc\",\"attributes\":{\"delay\":10}}"),
                new Step("POST", "/proxies/ta/toxics", "{\"type\":\"timeout\",\"name\":\"to\",\"stream\":\"upstream\",\"toxicity\":0}"),
                new Step("POST", "/proxies/ta/toxics", "{\"type\":\"reset_peer\",\"name\":\"rp\",\"toxicity\":0}"),
                new Step("POST", "/proxies/ta/toxics", "{\"type\":\"limit_data\",\"name\":\"ld\",\"attributes\":{\"bytes\":10}}"),
                new Step("POST", "/proxies/ta/toxics", "{\"type\":\"slicer\",\"name\":\"sl\",\"attributes\":{\"average_size\":10,\"size_variation\":2}}"),
                new Step("POST", "/proxies/ta/toxics", "{\"type\":\"slicer\",\"name\":\"sl2\",\"attributes\":{\"average_size\":1.5}}"),
                new Step("POST", "/proxies/ta/toxics", "{\"type\":\"noop\",\"name\":\"nop\"}"),
                new Step("POST", "/proxies/ta/toxics", "{\"type\":\"latency\",\"name\":\"k\",\"attributes\":null}"),
                new Step("POST", "/proxies/ta/toxics", "{\"type\":\"latency\",\"name\":\"k2\",\"attributes\":[1]}"),
                new Step("POST", "/proxies/ta/toxics", "{\"type\":\"latency\",\"name\":\"k3\",\"attributes\":\"str\"}"),
                new Step("POST", "/proxies/ta/toxics", "{\"type\":5}"),
                new Step("POST", "/proxies/ta/toxics", "{\"type\":\"latency\",\"name\":\"k4\",\"toxicity\":true}"),
                new Step("POST", "/proxies/ta/toxics", "[]"),
                new Step("POST", "/proxies/ta/toxics", "{\"TYPE\":\"latency\",\"Name\":\"k5\",\"Attributes\":{\"LATENCY\":5}}"),
                new Step("POST", "/proxies/nope/toxics", "{\"type\":\"latency\"}"),
                new Step("GET", "/proxies/ta/toxics", null),
                new Step("GET", "/proxies/ta/toxics/latency_downstream", null),
                new Step("GET", "/proxies/ta/toxics/nope", null),
                new Step("GET", "/proxies/nope/toxics", null),
                new Step("PATCH", "/proxies/ta/toxics/latency_downstream", "{\"attributes\":{\"jitter\":5}}"),
                new Step("PATCH", "/proxies/ta/toxics/latency_downstream", "{\"toxicity\":0.5}"),
                new Step("POST", "/proxies/ta/toxics/latency_downstream",
                        "{\"attributes\":{\"latency\":7,\"colour\":3},\"type\":\"timeout\",\"stream\":\"upstream\",\"name\":\"zz\"}"),
                new Step("PATCH", "/proxies/ta/toxics/latency_downstream", "{\"attributes\":{\"latency\":\"7\"}}"),
                new Step("PATCH", "/proxies/ta/toxics/latency_downstream", "{\"attributes\":{\"latency\":1.0}}"),
                new Step("PATCH", "/proxies/ta/toxics/latency_downstream", "{\"attributes\":{\"latency\":true}}"),
                new Step("PATCH", "/proxies/ta/toxics/latency_downstream", "{\"attributes\":[]}"),
                new Step("PATCH", "/proxies/ta/toxics/latency_downstream", "{\"toxicity\":\"x\"}"),
                new Step("PATCH", "/proxies/ta/toxics/latency_downstream", "[]"),
                new Step("PATCH", "/proxies/ta/toxics/latency_downstream", "garbage"),
                new Step("PATCH", "/proxies/ta/toxics/latency_downstream", ""),
                new Step("PATCH", "/proxies/ta/toxics/nope", "{}"),
                new Step("PUT", "/proxies/ta/toxics/latency_downstream", "{}"),
                new Step("DELETE", "/proxies/ta/toxics", null),
                new Step("DELETE", "/proxies/ta/toxics/nope", null),
                new Step("DELETE", "/proxies/ta/toxics/g", null),
                new Step("GET", "/proxies/ta", null),
                new Step("POST", "/reset", null),
                new Step("GET", "/proxies/ta", null),
                new Step("DELETE", "/proxies/ta", null)));
    }

    @Test
    void populateCreatesKeepsAndReplacesAsTheRealServer() {
        sameAnswers(List.of(
                new Step("POST", "/populate", "[{\"name\":\"p1\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"},"
                        + "{\"name\":\"p2\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:9\",\"enabled\":false}]"),
                new Step("POST", "/proxies/p2/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":100}}"),
                new Step("POST", "/populate", "[{\"name\":\"p2\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:9\",\"enabled\":false}]"),
                new Step("POST", "/populate", "[{\"name\":\"p2\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:8\",\"enabled\":null}]"),
                new Step("POST", "/populate", "[{\"name\":\"p3\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"},{\"name\":\"p4\",\"upstream\":\"\"}]"),
                new Step("POST", "/populate", "[{\"upstream\":\"127.0.0.1:1\"}]"),
                new Step("POST", "/populate", "[{\"name\":\"p5\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"},"
                        + "{\"name\":\"p6\",\"listen\":\"127.0.0.1:99999\",\"upstream\":\"x\"}]"),
                new Step("POST", "/populate", "{\"name\":\"x\"}"),
                new Step("POST", "/populate", "[]"),
                new Step("POST", "/populate", ""),
                new Step("POST", "/populate", "[{\"name\":\"p7\",\"listen\":5,\"upstream\":\"127.0.0.1:1\"}]"),
                new Step("POST", "/populate", "[{\"name\":\"p7\",\"upstream\":\"127.0.0.1:1\",\"enabled\":\"x\"}]"),
                new Step("GET", "/proxies", null),
                new Step("DELETE", "/proxies/p1", null),
                new Step("DELETE", "/proxies/p2", null),
                new Step("DELETE", "/proxies/p5", null)));
    }

    /** What the Java client reports for a sequence of its calls; the same on both engines. */
    private static List<String> clientTranscript(Engine e) {
        ToxiproxyClient c = e.client();
        List<String> out = new ArrayList<>();
        try {
            out.add("version " + c.version().trim().replace(EmbeddedToxiproxy.VERSION, "v2.12.0"));
            Proxy p = c.createProxy("jc", dev.peerlife.simulator.StablePorts.loopback(), "127.0.0.1:1");
            out.add("created " + p.getName() + " " + p.isEnabled() + " " + (Wire.port(p.getListen()) > 0));
            p.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 100);
            p.toxics().bandwidth("bw", ToxicDirection.UPSTREAM, 50);
            p.toxics().slowClose("sc", ToxicDirection.DOWNSTREAM, 10);
            p.toxics().timeout("to", ToxicDirection.UPSTREAM, 0).setToxicity(0f);
            p.toxics().resetPeer("rp", ToxicDirection.DOWNSTREAM, 20).setToxicity(0f);
            p.toxics().limitData("ld", ToxicDirection.DOWNSTREAM, 1000);
            p.toxics().slicer("sl", ToxicDirection.UPSTREAM, 10, 0).setSizeVariation(2);
            for (Toxic t : p.toxics().getAll()) {
                out.add("toxic " + t);
            }
            Latency lat = p.toxics().get("lat", Latency.class);
            out.add("latency " + lat.getLatency() + " jitter " + lat.getJitter());
            lat.setJitter(5).setLatency(120);
            lat.setToxicity(0.5f);
            Latency again = p.toxics().get("lat", Latency.class);
            out.add("latency " + again.getLatency() + " jitter " + again.getJitter() + " toxicity " + again.getToxicity());
            Slicer sl = p.toxics().get("sl", Slicer.class);
            out.add("slicer " + sl.getAverageSize() + " " + sl.getSizeVariation() + " " + sl.getDelay());
            out.add(outcome(() -> p.toxics().get("nope")));
            out.add(outcome(() -> p.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 1)));
            out.add(outcome(() -> c.createProxy("jc", "127.0.0.1:0", "127.0.0.1:1")));
            out.add("missing " + c.getProxyOrNull("nope"));
            p.disable();
            out.add("disabled " + c.getProxy("jc").isEnabled());
            p.enable();
            p.setUpstream("127.0.0.1:2");
            Proxy fetched = c.getProxy("jc");
            out.add("fetched " + fetched.getUpstream() + " " + fetched.isEnabled() + " " + fetched.toxics().getAll().size());
            p.toxics().get("bw").remove();
            out.add("after remove " + p.toxics().getAll().size());
            p.disable();
            c.reset();
            Proxy reset = c.getProxy("jc");
            out.add("reset " + reset.isEnabled() + " " + reset.toxics().getAll().size());
            out.add("all " + c.getProxies().size());
            p.delete();
            out.add(outcome(() -> c.getProxy("jc")));
        } catch (IOException ex) {
            out.add("failed: " + ex);
        }
        return out;
    }

    private interface Call {
        Object run() throws IOException;
    }

    private static String outcome(Call call) {
        try {
            return "ok " + call.run();
        } catch (IOException e) {
            return e.getClass().getSimpleName() + " " + e.getMessage();
        }
    }

    @Test
    void theJavaClientSeesTheSameOnBothIncludingALatencyToxicCreatedWithoutJitter() {
        List<String> real = clientTranscript(engines.real);
        List<String> emulated = clientTranscript(engines.emulated);
        assertEquals(String.join("\n", real), String.join("\n", emulated));
        assertTrue(real.stream().noneMatch(l -> l.startsWith("failed")), String.join("\n", real));
    }
}
