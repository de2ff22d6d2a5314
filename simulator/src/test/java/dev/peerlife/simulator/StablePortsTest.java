package dev.peerlife.simulator;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.assertTrue;

class StablePortsTest {

    @Test
    void aStablePortLiesBelowTheEphemeralRangeAndCanBeBound() throws Exception {
        String address = StablePorts.loopback();
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        assertTrue(port >= 10_000 && port < StablePorts.ephemeralLow(), address + " below " + StablePorts.ephemeralLow());
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }
    }
}
