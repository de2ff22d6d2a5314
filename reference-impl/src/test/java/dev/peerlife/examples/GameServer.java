package dev.peerlife.examples;

import dev.peerlife.lifecycle.SessionPolicy;
import dev.peerlife.lifecycle.SessionSnapshot;
import dev.peerlife.lifecycle.SessionState;
import dev.peerlife.runtime.ServerRuntime;
import dev.peerlife.runtime.ServerRuntimeConfig;
import dev.peerlife.transport.Envelope;
import dev.peerlife.transport.netty.NettyTransports;

import java.nio.charset.StandardCharsets;

/**
 * A minimal game server on real sockets: players log in over TCP and heartbeat; each chat line a
 * player says goes to every logged-in player, prefixed with who said it. Run it with
 * {@code GameServer [port]} (default 7000); Ctrl-C stops it, clearing every session.
 */
public final class GameServer {

    public static final int CHAT = 0x0100; // application message types start at 0x0100

    public static void main(String[] args) throws InterruptedException {
        try (ServerRuntime server = start(args.length > 0 ? Integer.parseInt(args[0]) : 7000)) {
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
            System.out.println("listening on port " + server.host().reliablePort().getAsInt());
            run(server);
        }
    }

    /** Starts the server on {@code port} (0: any free port). */
    public static ServerRuntime start(int port) {
        ServerRuntime server = ServerRuntime.start(ServerRuntimeConfig.builder()
                .reliablePort(port)
                .transportFactory(NettyTransports.server("127.0.0.1", 64 * 1024))
                .policy(SessionPolicy.builder().heartbeatIntervalMs(1_000).heartbeatTimeoutMs(5_000).build())
                .build());
        server.sessions().addListener(e -> System.out.println("server sees " + e)); // alice: LoginSucceeded ...
        server.host().router().register(CHAT, (from, message) -> {
            byte[] line = (from + ": " + new String(message.payload(), StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8);
            for (SessionSnapshot player : server.sessions().sessions()) {
                if (player.state() == SessionState.LOGGED_IN) {
                    server.host().send(player.peer(), new Envelope(CHAT, line));
                }
            }
        });
        return server;
    }

    /** The game loop: queued handlers and lifecycle rules on this one thread, until the server stops. */
    public static void run(ServerRuntime server) throws InterruptedException {
        while (server.isRunning()) {
            server.drainMessages();
            long untilNextDeadlineMs = server.update();
            Thread.sleep(Math.min(untilNextDeadlineMs, 20)); // 20 ms: how long a chat line may wait
        }
    }
}
