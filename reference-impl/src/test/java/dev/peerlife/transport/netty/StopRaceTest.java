package dev.peerlife.transport.netty;

import dev.peerlife.lifecycle.LifecycleClock;
import dev.peerlife.lifecycle.SessionEvent;
import dev.peerlife.lifecycle.SessionListener;
import dev.peerlife.runtime.ServerNetworkHost;
import dev.peerlife.testing.NettyLeakCheck;
import dev.peerlife.transport.EnvelopeCodec;
import dev.peerlife.wire.ProtocolCodec;
import dev.peerlife.wire.ProtocolMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MSL-4 and SRE-2 under a race (issue 12, finding 7): clients keep connecting and logging in over
 * TCP while the host stops. Once {@code stop()} returns, no session may remain and none may appear
 * later, whatever the clients were doing. Repeated, because the window is narrow.
 */
@ExtendWith(NettyLeakCheck.class)
class StopRaceTest {

    private static final int ROUNDS = 100;

    @Test
    void msl4_noSessionSurvivesAStopThatRacesWithConnectsAndLogins() throws Exception {
        int leftovers = 0;
        List<String> failures = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            NettyTcpServer transport = new NettyTcpServer("127.0.0.1", 0, 4096);
            ServerNetworkHost host = ServerNetworkHost.builder().reliable(transport).clock(LifecycleClock.monotonic()).build();
            AtomicInteger events = new AtomicInteger();
            host.sessions().addListener(new SessionListener() {
                @Override
                public void onEvent(SessionEvent e) {
                    events.incrementAndGet();
                }
            });
            host.start();
            int port = transport.port();
            AtomicBoolean go = new AtomicBoolean(true);
            List<Socket> sockets = new ArrayList<>();
            int r = round;
            Thread flood = new Thread(() -> {
                for (int i = 0; go.get() && i < 400; i++) {
                    try {
                        Socket s = new Socket("127.0.0.1", port);
                        synchronized (sockets) {
                            sockets.add(s);
                        }
                        byte[] login = EnvelopeCodec.encode(ProtocolCodec.encode(new ProtocolMessage.LoginRequest("r" + r + "-" + i, null)));
                        DataOutputStream out = new DataOutputStream(s.getOutputStream());
                        out.writeInt(login.length);
                        out.write(login);
                        out.flush();
                    } catch (IOException refused) {
                        return; // the server is gone
                    }
                }
            }, "stop-race-clients");
            flood.start();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (events.get() < 3 * (1 + round % 5) && System.nanoTime() - deadline < 0 && flood.isAlive()) {
                Thread.onSpinWait();
            }
            host.stop();
            int sizeAtStop = host.sessions().size();
            go.set(false);
            flood.join(10_000);
            synchronized (sockets) {
                for (Socket s : sockets) {
                    s.close();
                }
            }
            int sizeAfter = host.sessions().size();
            if (sizeAtStop != 0 || sizeAfter != 0) {
                leftovers++;
                failures.add("round " + round + ": " + sizeAtStop + " session(s) at stop, " + sizeAfter + " after: "
                        + host.sessions().sessions());
            }
        }
        assertEquals(0, leftovers, ROUNDS + " rounds, failures: " + failures);
        assertTrue(true);
    }
}
