package dev.peerlife.simulator;

import dev.peerlife.simulator.toxiproxy.EmbeddedToxiproxy;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;

/**
 * What the embedded Toxiproxy adds to a round trip: 64-byte ping-pongs to an echo server, directly
 * and through a proxy with no toxic, alternating in one process; prints p50 and p99 of each and the
 * difference. Run: {@code java -cp ... dev.peerlife.simulator.ProxyLatencyBenchmark} (see README).
 */
public final class ProxyLatencyBenchmark {

    private ProxyLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        try (ServerSocket echo = new ServerSocket(0); EmbeddedToxiproxy toxiproxy = EmbeddedToxiproxy.start("127.0.0.1", 0)) {
            Thread server = new Thread(() -> serve(echo), "echo");
            server.setDaemon(true);
            server.start();
            Proxy proxy = new ToxiproxyClient("127.0.0.1", toxiproxy.apiPort())
                    .createProxy("bench", "127.0.0.1:0", "127.0.0.1:" + echo.getLocalPort());
            int proxyPort = Integer.parseInt(proxy.getListen().substring(proxy.getListen().lastIndexOf(':') + 1));
            try (Socket direct = new Socket("127.0.0.1", echo.getLocalPort()); Socket proxied = new Socket("127.0.0.1", proxyPort)) {
                direct.setTcpNoDelay(true);
                proxied.setTcpNoDelay(true);
                pingPong(direct, rounds / 4);
                pingPong(proxied, rounds / 4);
                long[] d = new long[rounds];
                long[] p = new long[rounds];
                for (int i = 0; i < rounds; i++) {
                    d[i] = once(direct);
                    p[i] = once(proxied);
                }
                Arrays.sort(d);
                Arrays.sort(p);
                System.out.printf("round trip over loopback, %d rounds each (64 bytes)%n", rounds);
                System.out.printf("  direct        p50 %6.1f us   p99 %6.1f us%n", d[rounds / 2] / 1e3, d[rounds * 99 / 100] / 1e3);
                System.out.printf("  via proxy     p50 %6.1f us   p99 %6.1f us%n", p[rounds / 2] / 1e3, p[rounds * 99 / 100] / 1e3);
                System.out.printf("  added         p50 %6.1f us   p99 %6.1f us%n", (p[rounds / 2] - d[rounds / 2]) / 1e3,
                        (p[rounds * 99 / 100] - d[rounds * 99 / 100]) / 1e3);
            }
        }
    }

    private static final byte[] PING = new byte[64];

    private static void pingPong(Socket s, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            once(s);
        }
    }

    private static long once(Socket s) throws IOException {
        long start = System.nanoTime();
        s.getOutputStream().write(PING);
        s.getOutputStream().flush();
        s.getInputStream().readNBytes(PING.length);
        return System.nanoTime() - start;
    }

    private static void serve(ServerSocket echo) {
        while (!echo.isClosed()) {
            try {
                Socket s = echo.accept();
                s.setTcpNoDelay(true);
                Thread t = new Thread(() -> {
                    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                        byte[] buf = new byte[4096];
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            out.write(buf, 0, n);
                            out.flush();
                        }
                    } catch (IOException ignored) {
                        // closed
                    }
                });
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }
}
