package dev.peerlife.examples;

import dev.peerlife.lifecycle.SessionState;
import dev.peerlife.runtime.ClientRuntimeConfig;
import dev.peerlife.runtime.SharedNetworkRuntime;
import dev.peerlife.transport.Envelope;
import dev.peerlife.transport.netty.NettyTransports;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A minimal game client on real sockets: logs in as a player, says one chat line, and returns the
 * line as the server relayed it to everyone. Run it with {@code GameClient host port player text}.
 */
public final class GameClient {

    public static void main(String[] args) throws InterruptedException {
        System.out.println(chat(args[0], Integer.parseInt(args[1]), args[2], args[3]));
    }

    public static String chat(String host, int port, String player, String text) throws InterruptedException {
        CountDownLatch loggedIn = new CountDownLatch(1);
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        try (SharedNetworkRuntime client = SharedNetworkRuntime.start(ClientRuntimeConfig.builder()
                .reliablePort(port)
                .transportFactory(NettyTransports.client(host, 64 * 1024))
                .playerId(player) // logs in after each connect; heartbeats when due; resumes after a drop
                .listener(e -> {
                    System.out.println(player + " sees " + e); // server: LoginSucceeded LoginPending->LoggedIn ...
                    if (e.event().current() == SessionState.LOGGED_IN) {
                        loggedIn.countDown();
                    }
                })
                .build())) {
            client.router().register(GameServer.CHAT,
                    (from, message) -> heard.add(new String(message.payload(), StandardCharsets.UTF_8)));
            if (!loggedIn.await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not logged in after 5 s: " + client.session().state());
            }
            client.send(new Envelope(GameServer.CHAT, text.getBytes(StandardCharsets.UTF_8)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() - deadline < 0) {
                client.drainMessages(); // handlers run here, on the client's own loop
                client.update();        // heartbeats, timeouts, reconnects
                String line = heard.poll(20, TimeUnit.MILLISECONDS);
                if (line != null && line.startsWith(player + ": ")) {
                    return line;
                }
            }
            throw new IllegalStateException("the server did not relay the line within 5 s");
        }
    }
}
