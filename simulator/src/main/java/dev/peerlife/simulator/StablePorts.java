package dev.peerlife.simulator;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback listen addresses for proxies that may be disabled and enabled again. Enabling a proxy
 * binds its port again (in Toxiproxy as in the embedded engine); a port from the operating system's
 * ephemeral range can meanwhile become the local end of some outgoing connection on a busy machine,
 * and the enable then fails with "address already in use". A port below that range is only ever
 * taken by an explicit bind, so the proxy gets it back.
 */
public final class StablePorts {

    private static final int LOWEST = 10_000;

    private StablePorts() {
    }

    /** {@code 127.0.0.1:P}, P a port free now and below the ephemeral range; {@code 127.0.0.1:0} if none is found. */
    public static String loopback() {
        int below = ephemeralLow();
        int span = below - LOWEST;
        if (span <= 0) {
            return "127.0.0.1:0";
        }
        int start = ThreadLocalRandom.current().nextInt(span);
        for (int n = 0; n < Math.min(span, 2_000); n++) {
            int port = LOWEST + (start + n) % span;
            if (free(port)) {
                return "127.0.0.1:" + port;
            }
        }
        return "127.0.0.1:0";
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The lowest ephemeral port (Linux's ip_local_port_range; IANA's 49152 elsewhere). */
    static int ephemeralLow() {
        try {
            // Read line by line: /proc files report a size of 0, and a read sized from it can come back short.
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 49_152;
        }
    }
}
