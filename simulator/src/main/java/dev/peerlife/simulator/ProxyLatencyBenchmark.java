package dev.peerlife.simulator;

import dev.peerlife.simulator.toxiproxy.EmbeddedToxiproxy;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What each Toxiproxy engine adds to a round trip, side by side in one run: 64-byte ping-pongs to
 * an echo server, directly, through a proxy of the embedded engine and through a proxy of a real
 * toxiproxy-server (when {@link ToxiproxyBinary#find()} finds one), none with a toxic, taking turns
 * round by round so that machine noise hits all alike. Prints p50 and p99 of each and what each
 * engine adds over the direct round trip. Run: see README ("Simulator scale").
 */
public final class ProxyLatencyBenchmark {

    private static final byte[] PING = new byte[64];

    private ProxyLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Optional<Path> binary = ToxiproxyBinary.find();
        try (ServerSocket echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             EmbeddedToxiproxy embedded = EmbeddedToxiproxy.start("127.0.0.1", 0);
             ToxiproxyBinary real = binary.isPresent() ? ToxiproxyBinary.start(binary.get()) : null) {
            Thread server = new Thread(() -> serve(echo), "echo");
            server.setDaemon(true);
            server.start();
            String upstream = "127.0.0.1:" + echo.getLocalPort();
            List<String> names = new ArrayList<>(List.of("direct", "embedded"));
            List<Socket> sockets = new ArrayList<>();
            sockets.add(connect(echo.getLocalPort()));
            sockets.add(connect(proxyPort(new ToxiproxyClient("127.0.0.1", embedded.apiPort()), upstream)));
            if (real != null) {
                names.add("real " + real.executable().getFileName());
                sockets.add(connect(proxyPort(new ToxiproxyClient(real.host(), real.port()), upstream)));
            }
            for (Socket s : sockets) {
                for (int i = 0; i < rounds / 4; i++) {
                    once(s);
                }
            }
            long[][] times = new long[sockets.size()][rounds];
            for (int i = 0; i < rounds; i++) {
                for (int k = 0; k < sockets.size(); k++) {
                    times[k][i] = once(sockets.get(k));
                }
            }
            for (long[] t : times) {
                Arrays.sort(t);
            }
            System.out.printf("round trip over loopback, %d rounds each (64 bytes), taking turns%n", rounds);
            for (int k = 0; k < sockets.size(); k++) {
                System.out.printf("  %-26s p50 %7.1f us   p99 %7.1f us", names.get(k), p(times[k], 50), p(times[k], 99));
                if (k > 0) {
                    System.out.printf("   adds p50 %+6.1f us   p99 %+7.1f us", p(times[k], 50) - p(times[0], 50), p(times[k], 99) - p(times[0], 99));
                }
                System.out.println();
            }
            if (real == null) {
                System.out.println("  (no real toxiproxy-server: " + ToxiproxyBinary.WHERE + ")");
            }
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    private static double p(long[] sorted, int percentile) {
        return sorted[Math.min(sorted.length - 1, sorted.length * percentile / 100)] / 1e3;
    }

    private static int proxyPort(ToxiproxyClient client, String upstream) throws IOException {
        Proxy proxy = client.createProxy("bench", "127.0.0.1:0", upstream);
        return Integer.parseInt(proxy.getListen().substring(proxy.getListen().lastIndexOf(':') + 1));
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setTcpNoDelay(true);
        return s;
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
